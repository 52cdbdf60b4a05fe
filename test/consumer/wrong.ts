// Must NOT type-check: shows that the consumer check reads wengert's types (a number is not a string).
import { evaluate, variable } from 'wengert';

export const text: string = evaluate(variable('x'), { x: 1 });
