/**
 * The datasets of `wengert train` and what trains each well: kept apart from
 * the command so that `wengert --help` prints them without loading it.
 */
import type { OPTIMIZER_METHODS } from '../optim/methods.js';

/** The datasets `wengert train` knows. */
export const DATASETS = ['xor', 'moons', 'iris', 'mnist'] as const;
/** One of {@link DATASETS}. */
export type DatasetName = (typeof DATASETS)[number];
/** An optimizer `wengert train --optimizer` takes. */
export type OptimizerName = (typeof OPTIMIZER_METHODS)[number];

/** The defaults of each dataset: what trains it well in seconds (MNIST: about a minute on two cores). */
export interface TrainDefaults {
  readonly hidden: readonly number[];
  readonly optimizer: OptimizerName;
  readonly lr: number;
  readonly epochs: number;
  readonly batch: number | 'full';
}

export const TRAIN_DEFAULTS: Readonly<Record<DatasetName, TrainDefaults>> = {
  xor: { hidden: [8], optimizer: 'adam', lr: 0.05, epochs: 300, batch: 'full' },
  moons: { hidden: [16, 16], optimizer: 'adam', lr: 0.01, epochs: 100, batch: 32 },
  iris: { hidden: [16], optimizer: 'adam', lr: 0.01, epochs: 100, batch: 16 },
  mnist: { hidden: [32], optimizer: 'adam', lr: 0.002, epochs: 8, batch: 32 },
};
