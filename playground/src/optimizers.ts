/**
 * The library's optimizers by name, as the panels offer them: each from a
 * learning rate and a momentum μ (which momentum and nesterov use; the others
 * ignore it). The library's command has the same table for `wengert train`,
 * private to it.
 */
import { adagrad, adam, adamw, momentum, nesterov, rmsprop, sgd, type Optimizer } from 'wengert';

export const OPTIMIZERS = ['adam', 'sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adamw'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const OPTIMIZER_MAKERS: Readonly<Record<OptimizerName, (learningRate: number, mu: number) => Optimizer>> = {
  sgd: (learningRate) => sgd({ learningRate }),
  momentum: (learningRate, mu) => momentum({ learningRate, momentum: mu }),
  nesterov: (learningRate, mu) => nesterov({ learningRate, momentum: mu }),
  rmsprop: (learningRate) => rmsprop({ learningRate }),
  adagrad: (learningRate) => adagrad({ learningRate }),
  adam: (learningRate) => adam({ learningRate }),
  adamw: (learningRate) => adamw({ learningRate }),
};
