/**
 * The losses a model trains with, by name: what `train` accepts and what the
 * scalar and array loss programs build.
 */

/**
 * The losses `train` can use.
 * @example
 * ```ts
 * MODEL_LOSSES.includes('hinge'); // true
 * ```
 */
export const MODEL_LOSSES = ['mse', 'softmax-cross-entropy', 'sigmoid-cross-entropy', 'hinge', 'logistic'] as const;
/** A loss's name. */
export type ModelLoss = (typeof MODEL_LOSSES)[number];
