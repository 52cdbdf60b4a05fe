/**
 * Wide sums accumulated as their terms are computed. A sum of more than
 * MAX_FAN_IN terms is a chain of sum slots in the IR (ir.ts), each adding the
 * next terms to the one before. Computed in slot order, the whole chain runs
 * after its last term: a straight line of dependent additions (999 of them for
 * a Rosenbrock function of 10³ variables) that nothing else overlaps, and every
 * term is stored to memory only to be read back. Generated code instead adds
 * each term into one running sum right after the term is computed, so a loop
 * over the terms carries the sum in a register.
 *
 * The additions are the interpreter's, in its order: the first term, then each
 * next one added on the left, across the chain's pieces (the interpreter's
 * `sum` starts from its first operand, and each piece's first operand is the
 * piece before). So the backends still agree bit for bit. A piece's own value
 * is never computed: only the next piece reads it (sum partials read no
 * values), which is what makes a slot a link of a chain.
 */
import { CONSTANT, type IR, primitiveOf } from './ir.js';

/** V[s] = V[o]: the chain's first term. */
export const SUM_FIRST = 5;
/** V[s] += V[o]. */
export const SUM_NEXT = 6;
/** V[s] += V[o], the last term: V[s] is final. */
export const SUM_LAST = 7;

/** The accumulations of every chain, by the slot after whose statements each is due. */
export interface SumChains {
  /** 1 for the pieces of a chain, the last included: none is assigned by a statement of its own. */
  readonly inChain: Uint8Array;
  /** Accumulations due after slot i: k from due[i] to due[i + 1] − 1. */
  readonly due: Int32Array;
  /** The chain's last slot (where its value lives), the term's slot, and SUM_FIRST, SUM_NEXT or SUM_LAST. */
  readonly target: Int32Array;
  readonly term: Int32Array;
  readonly kind: Uint8Array;
}

/**
 * The sum chains of a program (undefined if it has none). A chain is two or
 * more sum slots, each the first operand of the next and used nowhere else; an
 * accumulation is due once its term is computed and the one before it is done.
 * @example
 * ```ts
 * const xs = Array.from({ length: 40 }, (_, i) => variable(`x${i}`));
 * const chains = sumChains(buildIR([sum(xs.map((x) => sin(x)))], xs.map((x) => x.name!)));
 * chains?.target.length; // 40: one accumulation a term
 * ```
 */
export function sumChains(ir: IR): SumChains | undefined {
  const { size, opcode, start, operands } = ir;
  const isSum = (i: number) => opcode[i] > CONSTANT && primitiveOf(opcode[i]).name === 'sum';
  const uses = new Int32Array(size);
  for (let i = 0; i < size; i++) if (opcode[i] > CONSTANT) for (let s = start[i]; s < start[i + 1]; s++) uses[operands[s]]++;
  for (const o of ir.outputs) uses[o]++;
  // link[i]: i continues the chain of its first operand
  const link = new Uint8Array(size);
  const continued = new Uint8Array(size);
  let any = false;
  for (let i = 0; i < size; i++) {
    if (!isSum(i)) continue;
    const p = operands[start[i]];
    if (isSum(p) && uses[p] === 1) (link[i] = 1), (continued[p] = 1), (any = true);
  }
  if (!any) return undefined;
  const inChain = new Uint8Array(size);
  const targets: number[] = [];
  const terms: number[] = [];
  const due: number[] = [];
  const pieces: number[] = [];
  for (let last = 0; last < size; last++) {
    if (link[last] !== 1 || continued[last] === 1) continue;
    pieces.length = 0;
    for (let i = last; ; i = operands[start[i]]) {
      pieces.push(i);
      if (link[i] !== 1) break;
    }
    const head = pieces[pieces.length - 1];
    let count = start[head + 1] - start[head];
    for (let p = 0; p < pieces.length - 1; p++) count += start[pieces[p] + 1] - start[pieces[p]] - 1;
    if (count < 2) continue; // a sum of one term is a copy: left to the pieces' own statements
    let after = -1;
    for (let p = pieces.length - 1; p >= 0; p--) {
      const i = pieces[p];
      inChain[i] = 1;
      for (let s = p === pieces.length - 1 ? start[i] : start[i] + 1; s < start[i + 1]; s++) {
        const j = operands[s];
        after = Math.max(after, j);
        targets.push(last);
        terms.push(j);
        due.push(after);
      }
    }
  }
  if (targets.length === 0) return undefined;
  // sorted by due slot, stably: a chain's accumulations stay in their order
  const n = targets.length;
  const offsets = new Int32Array(size + 1);
  for (let k = 0; k < n; k++) offsets[due[k] + 1]++;
  for (let i = 0; i < size; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, size);
  const target = new Int32Array(n);
  const term = new Int32Array(n);
  const kind = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const at = fill[due[k]]++;
    target[at] = targets[k];
    term[at] = terms[k];
    kind[at] = k === 0 || targets[k - 1] !== targets[k] ? SUM_FIRST : k === n - 1 || targets[k + 1] !== targets[k] ? SUM_LAST : SUM_NEXT;
  }
  return { inChain, due: offsets, target, term, kind };
}
