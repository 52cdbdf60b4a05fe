/**
 * The methods of `minimize`, by name: a module of its own so that a list of
 * them (the command's help) loads none of the methods.
 */

/** The optimizers `minimize` takes by name. */
export const OPTIMIZER_METHODS = ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adagrad', 'adam', 'adamw'] as const;
/** Every method of `minimize`. */
export const METHODS = ['gd', 'nelder-mead', ...OPTIMIZER_METHODS] as const;
/** A method of `minimize`. */
export type Method = (typeof METHODS)[number];
