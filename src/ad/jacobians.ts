/**
 * Jacobians and Hessians assembled from a program's products, for the scalar
 * and the array programs alike: columns from Jacobian-vector products (forward
 * mode, several directions a sweep where the sweep carries them), rows from
 * vector-Jacobian products (reverse mode), and Hessian columns from
 * Hessian-vector products. The programs provide the sweeps; these drivers
 * seed unit vectors and place what comes back.
 */
import { ArgumentError, describe } from '../errors.js';
import { cheaperMode, type ModeProblem } from './mode-choice.js';

/** How a Jacobian is built: by columns (`'forward'`), by rows (`'reverse'`), or the cheaper by the cost model (`'auto'`). */
export type JacobianMode = 'forward' | 'reverse' | 'auto';

/**
 * Checks a Jacobian mode (default `'auto'`).
 * @example
 * ```ts
 * jacobianMode(undefined); // 'auto'
 * jacobianMode('sideways'); // ArgumentError: jacobian: mode must be 'forward', 'reverse' or 'auto', got …
 * ```
 */
export function jacobianMode(mode: unknown): JacobianMode {
  const m = mode ?? 'auto';
  if (m !== 'forward' && m !== 'reverse' && m !== 'auto') {
    throw new ArgumentError(`jacobian: mode must be 'forward', 'reverse' or 'auto', got ${describe(m)}`);
  }
  return m;
}

/**
 * Whether a Jacobian of n inputs and m outputs in this mode is built by columns:
 * forward mode, or `'auto'` where the cost model (mode-choice.ts) finds forward
 * mode no dearer — with one direction a sweep, when n ≤ m. `ops` refines the
 * model with the program's operation counts and the directions a sweep carries.
 * @example
 * ```ts
 * byColumns('auto', 2, 3); // true: 2 tangent sweeps instead of 3 adjoint sweeps
 * ```
 */
export function byColumns(mode: JacobianMode, n: number, m: number, ops: Omit<ModeProblem, 'n' | 'm'> = {}): boolean {
  return mode === 'forward' || (mode === 'auto' && cheaperMode({ n, m, ...ops }) === 'forward');
}

/** m rows of n zeros. */
function matrix(m: number, n: number): Float64Array[] {
  return Array.from({ length: m }, () => new Float64Array(n));
}

/**
 * The m × n Jacobian by columns: `columns(k0, D, J)` sweeps the unit directions
 * e_k0 … e_(k0+D−1) (D ≤ `width`) and writes J[r][k0 + d].
 * @example
 * ```ts
 * // one direction a sweep, through a jvp
 * jacobianByColumns(n, m, 1, (k, _, J) => { v[k] = 1; jvp(x, v, column); v[k] = 0; for (let r = 0; r < m; r++) J[r][k] = column[r]; });
 * ```
 */
export function jacobianByColumns(n: number, m: number, width: number, columns: (k0: number, D: number, J: Float64Array[]) => void): Float64Array[] {
  const J = matrix(m, n);
  for (let k0 = 0; k0 < n; k0 += width) columns(k0, Math.min(width, n - k0), J);
  return J;
}

/**
 * The m × n Jacobian by rows: `vjp(ct, row)` writes ctᵀ·J into row, for each unit cotangent ct = e_r.
 * @example
 * ```ts
 * jacobianByRows(n, m, (ct, row) => program.vjp(x, ct, row));
 * ```
 */
export function jacobianByRows(n: number, m: number, vjp: (cotangent: Float64Array, row: Float64Array) => void): Float64Array[] {
  const J = matrix(m, n);
  const ct = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    ct[r] = 1;
    vjp(ct, J[r]);
    ct[r] = 0;
  }
  return J;
}

/**
 * The n × n Hessian from Hessian-vector products: `hvp(v, column)` writes H·v
 * into column, for each unit vector v = e_k; H is symmetric, so column k is row k.
 * @example
 * ```ts
 * hessianByColumns(n, (v, column) => engine.hvp(x, v, column));
 * ```
 */
export function hessianByColumns(n: number, hvp: (direction: Float64Array, column: Float64Array) => void): Float64Array[] {
  const H = matrix(n, n);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    v[k] = 1;
    hvp(v, H[k]);
    v[k] = 0;
  }
  return H;
}
