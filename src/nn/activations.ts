/** The activations a layer can use, by name. */
import type { Node } from '../graph/node.js';
import { sigmoid } from '../ops/composites.js';
import { relu } from '../ops/relu.js';
import { tanh } from '../ops/tanh.js';

/** The activations a layer can use. */
export const ACTIVATIONS = ['tanh', 'relu', 'sigmoid', 'identity'] as const;
/** An activation's name. */
export type Activation = (typeof ACTIVATIONS)[number];

/** Applies an activation to a pre-activation node. */
export function activate(activation: Activation, z: Node): Node {
  switch (activation) {
    case 'tanh': return tanh(z);
    case 'relu': return relu(z);
    case 'sigmoid': return sigmoid(z);
    case 'identity': return z;
  }
}
