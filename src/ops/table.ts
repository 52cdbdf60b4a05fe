import type { StructuralOp } from '../graph/node.js';
import { absPrimitive } from './abs.js';
import { addPrimitive } from './add.js';
import { cosPrimitive } from './cos.js';
import { customRulePrimitive } from './custom-rule.js';
import { equalPrimitive, greaterEqualPrimitive, greaterPrimitive, lessEqualPrimitive, lessPrimitive, notEqualPrimitive } from './compare.js';
import { dotPrimitive } from './dot.js';
import { expPrimitive } from './exp.js';
import { logPrimitive } from './log.js';
import { log1pPrimitive } from './log1p.js';
import { maxPrimitive } from './max.js';
import { minPrimitive } from './min.js';
import { mulPrimitive } from './mul.js';
import { negPrimitive } from './neg.js';
import { powPrimitive } from './pow.js';
import type { BinaryName, BinaryPrimitive, Primitive, StructuralName, StructuralPrimitive, UnaryName, UnaryPrimitive } from './primitive.js';
import { broadcastToPrimitive } from './broadcast-to.js';
import { concatPrimitive } from './concat.js';
import { matmulPrimitive } from './matmul.js';
import { padPrimitive } from './pad.js';
import { reduceMaxPrimitive } from './reduce-max.js';
import { reduceSumPrimitive } from './reduce-sum.js';
import { reshapePrimitive } from './reshape.js';
import { scatterAddPrimitive } from './scatter-add.js';
import { slicePrimitive } from './slice.js';
import { takePrimitive } from './take.js';
import { transposePrimitive } from './transpose.js';
import { reciprocalPrimitive } from './reciprocal.js';
import { reluPrimitive } from './relu.js';
import { signPrimitive } from './sign.js';
import { sinPrimitive } from './sin.js';
import { sqrtPrimitive } from './sqrt.js';
import { stopGradientPrimitive } from './stop-gradient.js';
import { sumPrimitive } from './sum.js';
import { tanhPrimitive } from './tanh.js';
import { wherePrimitive } from './where.js';
import { tanPrimitive } from './tan.js';
import { asinPrimitive } from './asin.js';
import { acosPrimitive } from './acos.js';
import { atanPrimitive } from './atan.js';
import { sinhPrimitive } from './sinh.js';
import { coshPrimitive } from './cosh.js';
import { asinhPrimitive } from './asinh.js';
import { acoshPrimitive } from './acosh.js';
import { atanhPrimitive } from './atanh.js';
import { expm1Primitive } from './expm1.js';
import { log2Primitive } from './log2.js';
import { log10Primitive } from './log10.js';
import { sincPrimitive } from './sinc.js';
import { floorPrimitive } from './floor.js';
import { ceilPrimitive } from './ceil.js';
import { roundPrimitive } from './round.js';
import { truncPrimitive } from './trunc.js';
import { atan2Primitive } from './atan2.js';
import { hypotPrimitive } from './hypot.js';
import { modPrimitive } from './mod.js';

/** The op table: every unary primitive by name. */
export const unaryPrimitives: { readonly [K in UnaryName]: UnaryPrimitive } = {
  neg: negPrimitive,
  exp: expPrimitive,
  reciprocal: reciprocalPrimitive,
  log: logPrimitive,
  log1p: log1pPrimitive,
  tanh: tanhPrimitive,
  sin: sinPrimitive,
  cos: cosPrimitive,
  sqrt: sqrtPrimitive,
  abs: absPrimitive,
  relu: reluPrimitive,
  sign: signPrimitive,
  tan: tanPrimitive,
  asin: asinPrimitive,
  acos: acosPrimitive,
  atan: atanPrimitive,
  sinh: sinhPrimitive,
  cosh: coshPrimitive,
  asinh: asinhPrimitive,
  acosh: acoshPrimitive,
  atanh: atanhPrimitive,
  expm1: expm1Primitive,
  log2: log2Primitive,
  log10: log10Primitive,
  sinc: sincPrimitive,
  floor: floorPrimitive,
  ceil: ceilPrimitive,
  round: roundPrimitive,
  trunc: truncPrimitive,
  stopGradient: stopGradientPrimitive,
};

/** The op table: every binary primitive by name. */
export const binaryPrimitives: { readonly [K in BinaryName]: BinaryPrimitive } = {
  add: addPrimitive,
  mul: mulPrimitive,
  pow: powPrimitive,
  max: maxPrimitive,
  min: minPrimitive,
  atan2: atan2Primitive,
  hypot: hypotPrimitive,
  mod: modPrimitive,
  less: lessPrimitive,
  lessEqual: lessEqualPrimitive,
  greater: greaterPrimitive,
  greaterEqual: greaterEqualPrimitive,
  equal: equalPrimitive,
  notEqual: notEqualPrimitive,
};

/** Every primitive, by name. */
export const primitives: ReadonlyMap<string, Primitive> = new Map<string, Primitive>([
  ...Object.values(unaryPrimitives).map((p) => [p.name, p] as const),
  ...Object.values(binaryPrimitives).map((p) => [p.name, p] as const),
  [sumPrimitive.name, sumPrimitive],
  [dotPrimitive.name, dotPrimitive],
  [wherePrimitive.name, wherePrimitive],
  [customRulePrimitive.name, customRulePrimitive],
]);

/** The op table: every structural primitive (arrays: moves, reductions, products) by name. */
export const structuralPrimitives: { readonly [K in StructuralName]: StructuralOp } = {
  broadcastTo: broadcastToPrimitive,
  reshape: reshapePrimitive,
  transpose: transposePrimitive,
  slice: slicePrimitive,
  pad: padPrimitive,
  concat: concatPrimitive,
  take: takePrimitive,
  scatterAdd: scatterAddPrimitive,
  reduceSum: reduceSumPrimitive,
  reduceMax: reduceMaxPrimitive,
  matmul: matmulPrimitive,
};
