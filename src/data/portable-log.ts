/**
 * A natural logarithm computed from IEEE-754 additions, multiplications and
 * divisions only (internal).
 *
 * `Math.log` is "implementation-approximated" by the ECMAScript standard, so
 * two engines may disagree in the last bit. The seeded normal draws of
 * {@link Random} go through this function instead, so that the same seed gives
 * the same bits in every engine. The algorithm is the classic one of Sun's
 * fdlibm (`e_log.c`, 1993): reduce x = 2ᵏ·(1+f) with √2/2 < 1+f < √2, then
 * log(1+f) = f − s·(f − R(s²)) with s = f/(2+f) and a degree-14 minimax
 * polynomial R; error below 1 ulp. V8 and SpiderMonkey ship the same algorithm
 * for `Math.log`, so there the two agree bit for bit.
 * @internal
 */

const LN2_HI = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000: k·LN2_HI exact for |k| < 2000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54 = 1.8014398509481984e16; // 2⁵⁴
const LG1 = 6.666666666666735130e-1; // 0x3fe55555 55555593
const LG2 = 3.999999999940941908e-1; // 0x3fd99999 9997fa04
const LG3 = 2.857142874366239149e-1; // 0x3fd24924 94229359
const LG4 = 2.222219843214978396e-1; // 0x3fcc71c5 1d8e78af
const LG5 = 1.818357216161805012e-1; // 0x3fc74664 96cb03de
const LG6 = 1.531383769920937332e-1; // 0x3fc39a09 d078c69f
const LG7 = 1.479819860511658591e-1; // 0x3fc2f112 df3e5244

// The two 32-bit words of a double, whatever the platform's byte order.
const f64 = new Float64Array(1);
const u32 = new Int32Array(f64.buffer);
const HI = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word second
const LO = 1 - HI;

/** ln x, bit-identical on every IEEE-754 platform; ln(±0) = −∞, ln(x < 0) = NaN, ln(+∞) = +∞. */
export function portableLog(x: number): number {
  f64[0] = x;
  let hx = u32[HI];
  const lx = u32[LO];
  let k = 0;
  if (hx < 0x00100000) {
    // zero, negative or subnormal
    if (((hx & 0x7fffffff) | lx) === 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54;
    f64[0] = x;
    hx = u32[HI];
  }
  if (hx >= 0x7ff00000) return x + x; // +∞ or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  u32[HI] = hx | (i ^ 0x3ff00000); // x or x/2 now lies in [√2/2, √2)
  k += i >> 20;
  const f = f64[0] - 1;
  const dk = k;
  if ((0x000fffff & (2 + hx)) < 3) {
    // |f| < 2⁻²⁰
    if (f === 0) return k === 0 ? 0 : dk * LN2_HI + dk * LN2_LO;
    const r = f * f * (0.5 - 0.33333333333333333 * f);
    return k === 0 ? f - r : dk * LN2_HI - (r - dk * LN2_LO - f);
  }
  const s = f / (2 + f);
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    return k === 0 ? f - (hfsq - s * (hfsq + R)) : dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
  }
  return k === 0 ? f - s * (f - R) : dk * LN2_HI - (s * (f - R) - dk * LN2_LO - f);
}
