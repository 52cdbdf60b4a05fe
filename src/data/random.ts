/**
 * A small seeded pseudo-random generator: the same seed gives the same numbers,
 * bit for bit, in every JavaScript engine and on every platform.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna, 2018) — 128 bits of state, period
 * 2¹²⁸ − 1, 32-bit integer operations only (`Math.imul`, shifts, xor). The seed
 * is spread over the state by the SplitMix32 finalizer. Floats take 53 random
 * bits from two outputs. Normal draws use Marsaglia's polar method with a
 * logarithm computed from IEEE arithmetic alone (not `Math.log`, which engines
 * may round differently), so they too are identical everywhere.
 *
 * Not for cryptography.
 * @module
 */
import { ArgumentError, describe } from '../errors.js';
import { finite, integer, seedOf } from './checks.js';
import { portableLog } from './portable-log.js';

/** A mutable array of numbers that {@link Random.shuffle} can permute in place. */
export type ShuffleTarget = unknown[] | Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array;

/** SplitMix32's finalizer (a bijection on 32-bit integers with full avalanche). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

const TWO32 = 4294967296;

/**
 * A seeded generator of uniform integers and floats, normal draws, shuffles
 * and permutations.
 *
 * Two generators made with the same seed (and stream) produce the same
 * sequence; any safe integer is a seed (default 0). The state is 128 bits (plus one cached normal
 * draw); {@link Random.clone} copies it.
 *
 * @example
 * ```ts
 * import { Random } from 'wengert';
 * const rng = new Random(42);
 * rng.float();         // a float in [0, 1)
 * rng.int(6) + 1;      // a die roll, 1 … 6
 * rng.normal(0, 1);    // a standard normal draw
 * new Random(42).float() === new Random(42).float(); // true
 * ```
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  /** The second draw of the last polar-method pair, or NaN. */
  private spare = NaN;

  /**
   * @param seed any safe integer (default 0); different seeds give unrelated streams
   * @param stream any integer in [0, 2³²) (default 0): selects one of many unrelated
   *   streams for the same seed — one per epoch, per layer …
   * @throws ArgumentError if the seed is not a safe integer or the stream is out of range
   */
  constructor(seed = 0, stream = 0) {
    seedOf('Random', seed);
    integer('Random', 'stream', stream, 0, TWO32 - 1);
    const hi = Math.floor(seed / TWO32);
    const lo = seed - hi * TWO32; // in [0, 2³²)
    // Four words from a counter through the finalizer, keyed by the high half of the seed and the stream.
    const key = mix32(hi ^ 0x85ebca6b) ^ mix32((stream + 0x27d4eb2f) >>> 0);
    let c = lo >>> 0;
    const next = (): number => mix32((c = (c + 0x9e3779b9) >>> 0) ^ key);
    this.s0 = next() | 0;
    this.s1 = next() | 0;
    this.s2 = next() | 0;
    this.s3 = next() | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
  }

  /**
   * The next 32 random bits, as an integer in [0, 2³²).
   * @example
   * ```ts
   * new Random(1).uint32(); // an integer in [0, 4294967295]
   * ```
   */
  uint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform float in [0, 1) with 53 random bits (every multiple of 2⁻⁵³).
   * @example
   * ```ts
   * const u = new Random(7).float(); // 0 ≤ u < 1
   * ```
   */
  float(): number {
    const a = this.uint32() >>> 5; // 27 bits
    const b = this.uint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform float in [low, high).
   * @example
   * ```ts
   * new Random(7).uniform(-10, 10); // in [-10, 10)
   * ```
   */
  uniform(low = 0, high = 1): number {
    finite('Random.uniform', 'low', low);
    finite('Random.uniform', 'high', high);
    return low + (high - low) * this.float();
  }

  /**
   * A uniform integer in [0, n), without modulo bias (rejection sampling).
   * @param n 1 ≤ n ≤ 2³²
   * @throws ArgumentError if n is not an integer in [1, 2³²]
   * @example
   * ```ts
   * new Random(3).int(10); // one of 0 … 9
   * ```
   */
  int(n: number): number {
    integer('Random.int', 'n', n, 1, TWO32);
    const limit = TWO32 - (TWO32 % n); // the largest multiple of n ≤ 2³²
    let u = this.uint32();
    while (u >= limit) u = this.uint32();
    return u % n;
  }

  /**
   * A normal draw with the given mean and standard deviation (Marsaglia's polar
   * method; draws come in pairs, the second is kept for the next call).
   * @example
   * ```ts
   * new Random(0).normal();        // standard normal
   * new Random(0).normal(170, 10); // mean 170, standard deviation 10
   * ```
   */
  normal(mean = 0, std = 1): number {
    finite('Random.normal', 'mean', mean);
    finite('Random.normal', 'std', std, 0);
    let z = this.spare;
    if (z === z) {
      this.spare = NaN;
    } else {
      let u: number, v: number, s: number;
      do {
        u = 2 * this.float() - 1;
        v = 2 * this.float() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const m = Math.sqrt((-2 * portableLog(s)) / s); // sqrt is correctly rounded (IEEE), so portable
      this.spare = v * m;
      z = u * m;
    }
    return mean + std * z;
  }

  /**
   * A Float64Array of `n` normal draws.
   * @example
   * ```ts
   * const noise = new Random(5).normals(100, 0, 0.1); // 100 draws, σ = 0.1
   * ```
   */
  normals(n: number, mean = 0, std = 1): Float64Array {
    integer('Random.normals', 'n', n, 0, 2 ** 31 - 1);
    finite('Random.normals', 'mean', mean);
    finite('Random.normals', 'std', std, 0);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /**
   * A Float64Array of `n` uniform draws in [low, high).
   * @example
   * ```ts
   * const xs = new Random(5).uniforms(3, -1, 1); // 3 floats in [-1, 1)
   * ```
   */
  uniforms(n: number, low = 0, high = 1): Float64Array {
    integer('Random.uniforms', 'n', n, 0, 2 ** 31 - 1);
    finite('Random.uniforms', 'low', low);
    finite('Random.uniforms', 'high', high);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(low, high);
    return out;
  }

  /**
   * Shuffles an array in place (Fisher–Yates, from the last element down) and returns it.
   * @example
   * ```ts
   * new Random(1).shuffle([1, 2, 3, 4, 5]); // the same five numbers, in a seeded order
   * ```
   */
  shuffle<A extends ShuffleTarget>(array: A): A {
    if (!Array.isArray(array) && !ArrayBuffer.isView(array)) {
      throw new ArgumentError(`Random.shuffle: expected an array or a typed array, got ${describe(array)}`);
    }
    const a = array as unknown as { [i: number]: unknown; length: number };
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return array;
  }

  /**
   * A random permutation of 0 … n−1.
   * @example
   * ```ts
   * new Random(1).permutation(5); // Int32Array [0 … 4] in a seeded order
   * ```
   */
  permutation(n: number): Int32Array {
    integer('Random.permutation', 'n', n, 0, 2 ** 31 - 1);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * An independent copy: it produces the same numbers as this generator from now on.
   * @example
   * ```ts
   * const a = new Random(9); const b = a.clone();
   * a.float() === b.float(); // true
   * ```
   */
  clone(): Random {
    const r = new Random(0);
    r.s0 = this.s0;
    r.s1 = this.s1;
    r.s2 = this.s2;
    r.s3 = this.s3;
    r.spare = this.spare;
    return r;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A seeded random permutation of 0 … n−1 (a shortcut for `new Random(seed).permutation(n)`).
 * @example
 * ```ts
 * import { permutation } from 'wengert';
 * permutation(5, 42); // Int32Array of 0 … 4 in an order fixed by the seed 42
 * ```
 */
export function permutation(n: number, seed = 0): Int32Array {
  return new Random(seed).permutation(n);
}

/** A generator for a `seed` option (default 0), with errors naming the public function (internal). */
export function randomFor(where: string, seed: unknown, stream = 0): Random {
  return new Random(seedOf(where, seed === undefined ? 0 : seed), stream);
}
