/**
 * Installs every op as a method of Node, so graphs read left to right:
 * `w.mul(x).add(b).neg().exp().add(1).reciprocal()`.
 */
import { type ArrayNode, Node, type NodeLike } from '../graph/node.js';
import { broadcastTo } from './broadcast-to.js';
import { equal, greater, greaterEqual, less, lessEqual, notEqual } from './compare.js';
import { logSumExp, mean, softmax } from './composites.js';
import { matmul } from './matmul.js';
import type { ReduceOptions } from './reduce-sum.js';
import { reshape } from './reshape.js';
import { slice, type SliceRange } from './slice.js';
import { sum } from './sum.js';
import { transpose } from './transpose.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { deg2rad, div, exp2, rad2deg, sigmoid, softplus, square, sub } from './composites.js';
import { tan } from './tan.js';
import { asin } from './asin.js';
import { acos } from './acos.js';
import { atan } from './atan.js';
import { atan2 } from './atan2.js';
import { sinh } from './sinh.js';
import { cosh } from './cosh.js';
import { asinh } from './asinh.js';
import { acosh } from './acosh.js';
import { atanh } from './atanh.js';
import { expm1 } from './expm1.js';
import { log2 } from './log2.js';
import { log10 } from './log10.js';
import { hypot } from './hypot.js';
import { sinc } from './sinc.js';
import { floor } from './floor.js';
import { ceil } from './ceil.js';
import { round } from './round.js';
import { trunc } from './trunc.js';
import { mod, remainder } from './mod.js';
import { cos } from './cos.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { log1p } from './log1p.js';
import { max } from './max.js';
import { min } from './min.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { pow } from './pow.js';
import { reciprocal } from './reciprocal.js';
import { relu } from './relu.js';
import { sign } from './sign.js';
import { sin } from './sin.js';
import { sqrt } from './sqrt.js';
import { stopGradient } from './stop-gradient.js';
import { tanh } from './tanh.js';

declare module '../graph/node.js' {
  interface Node {
    /** this + other (fluent form of the op of the same name) */
    add(other: NodeLike): Node;
    /** this − other (fluent form of the op of the same name) */
    sub(other: NodeLike): Node;
    /** this · other (fluent form of the op of the same name) */
    mul(other: NodeLike): Node;
    /** this / other (fluent form of the op of the same name) */
    div(other: NodeLike): Node;
    /** this ^ exponent (fluent form of the op of the same name) */
    pow(exponent: NodeLike): Node;
    /** the larger of this and other (fluent form of the op of the same name) */
    max(other: NodeLike): Node;
    /** the smaller of this and other (fluent form of the op of the same name) */
    min(other: NodeLike): Node;
    /** −this (fluent form of the op of the same name) */
    neg(): Node;
    /** e^this (fluent form of the op of the same name) */
    exp(): Node;
    /** 1/this (fluent form of the op of the same name) */
    reciprocal(): Node;
    /** ln this (fluent form of the op of the same name) */
    log(): Node;
    /** ln(1 + this) (fluent form of the op of the same name) */
    log1p(): Node;
    /** tanh this (fluent form of the op of the same name) */
    tanh(): Node;
    /** sin this (fluent form of the op of the same name) */
    sin(): Node;
    /** cos this (fluent form of the op of the same name) */
    cos(): Node;
    /** √this (fluent form of the op of the same name) */
    sqrt(): Node;
    /** |this| (fluent form of the op of the same name) */
    abs(): Node;
    /** max(this, 0) (fluent form of the op of the same name) */
    relu(): Node;
    /** the sign of this (fluent form of the op of the same name) */
    sign(): Node;
    /** this, with no derivative flowing through it (fluent form of the op of the same name) */
    stopGradient(): Node;
    /** this² (fluent form of the op of the same name) */
    square(): Node;
    /** 1/(1 + e^−this), stable (fluent form of the op of the same name) */
    sigmoid(): Node;
    /** ln(1 + e^this), stable (fluent form of the op of the same name) */
    softplus(): Node;
    /** 1 where this < other, else 0 (fluent form of the op of the same name) */
    less(other: NodeLike): Node;
    /** 1 where this ≤ other, else 0 (fluent form of the op of the same name) */
    lessEqual(other: NodeLike): Node;
    /** 1 where this > other, else 0 (fluent form of the op of the same name) */
    greater(other: NodeLike): Node;
    /** 1 where this ≥ other, else 0 (fluent form of the op of the same name) */
    greaterEqual(other: NodeLike): Node;
    /** 1 where this = other, else 0 (fluent form of the op of the same name) */
    equal(other: NodeLike): Node;
    /** tan this (fluent form of the op of the same name) */
    tan(): Node;
    /** arcsin this (fluent form of the op of the same name) */
    asin(): Node;
    /** arccos this (fluent form of the op of the same name) */
    acos(): Node;
    /** arctan this (fluent form of the op of the same name) */
    atan(): Node;
    /** sinh this (fluent form of the op of the same name) */
    sinh(): Node;
    /** cosh this (fluent form of the op of the same name) */
    cosh(): Node;
    /** arsinh this (fluent form of the op of the same name) */
    asinh(): Node;
    /** arcosh this (fluent form of the op of the same name) */
    acosh(): Node;
    /** artanh this (fluent form of the op of the same name) */
    atanh(): Node;
    /** e^this − 1 (fluent form of the op of the same name) */
    expm1(): Node;
    /** 2^this (fluent form of the op of the same name) */
    exp2(): Node;
    /** log₂ this (fluent form of the op of the same name) */
    log2(): Node;
    /** log₁₀ this (fluent form of the op of the same name) */
    log10(): Node;
    /** sin(π·this)/(π·this) (fluent form of the op of the same name) */
    sinc(): Node;
    /** this degrees in radians (fluent form of the op of the same name) */
    deg2rad(): Node;
    /** this radians in degrees (fluent form of the op of the same name) */
    rad2deg(): Node;
    /** ⌊this⌋ (fluent form of the op of the same name) */
    floor(): Node;
    /** ⌈this⌉ (fluent form of the op of the same name) */
    ceil(): Node;
    /** this rounded to the nearest integer, ties to even (fluent form of the op of the same name) */
    round(): Node;
    /** this rounded toward 0 (fluent form of the op of the same name) */
    trunc(): Node;
    /** the angle of the point (other, this) (fluent form of the op of the same name) */
    atan2(other: NodeLike): Node;
    /** √(this² + other²), without overflow (fluent form of the op of the same name) */
    hypot(other: NodeLike): Node;
    /** this − other·⌊this/other⌋ (fluent form of the op of the same name) */
    mod(other: NodeLike): Node;
    /** this − other·⌊this/other⌋ (NumPy's name for mod) (fluent form of the op of the same name) */
    remainder(other: NodeLike): Node;
    /** 1 where this ≠ other, else 0 (fluent form of the op of the same name) */
    notEqual(other: NodeLike): Node;
    /** Σ of the elements over axes, every axis by default (fluent form of the reduction `sum`) */
    sum(): Node;
    sum(options: ReduceOptions): ArrayNode;
    /** the mean of the elements over axes, every axis by default (fluent form of the reduction `mean`) */
    mean(): Node;
    mean(options: ReduceOptions): ArrayNode;
    /** ln Σ e^x over axes, every axis by default (fluent form of the reduction `logSumExp`) */
    logSumExp(): Node;
    logSumExp(options: ReduceOptions): ArrayNode;
    /** the maximum over axes (fluent form of the reduction `max`; `x.max(other)` is elementwise) */
    max(options: ReduceOptions): ArrayNode;
    /** the minimum over axes (fluent form of the reduction `min`; `x.min(other)` is elementwise) */
    min(options: ReduceOptions): ArrayNode;
    /** the same elements in another shape (fluent form of the op of the same name) */
    reshape(shape: readonly number[]): ArrayNode;
    /** the axes permuted, reversed by default (fluent form of the op of the same name) */
    transpose(perm?: readonly number[]): ArrayNode;
    /** broadcast to a shape (fluent form of the op of the same name) */
    broadcastTo(shape: readonly number[]): ArrayNode;
    /** a slice, one [start, stop, step] per axis (fluent form of the op of the same name) */
    slice(spec: readonly (SliceRange | null | undefined)[]): ArrayNode;
    /** the matrix product this·other (fluent form of the op of the same name) */
    matmul(other: NodeLike): ArrayNode;
    /** the softmax along an axis, the last by default (fluent form of the op of the same name) */
    softmax(axis?: number): ArrayNode;
  }

  // elementwise ops keep an array an array
  interface ArrayNode {
    add(other: NodeLike): ArrayNode;
    sub(other: NodeLike): ArrayNode;
    mul(other: NodeLike): ArrayNode;
    div(other: NodeLike): ArrayNode;
    pow(exponent: NodeLike): ArrayNode;
    max(other: NodeLike): ArrayNode;
    max(options: ReduceOptions): ArrayNode;
    min(other: NodeLike): ArrayNode;
    min(options: ReduceOptions): ArrayNode;
    neg(): ArrayNode;
    exp(): ArrayNode;
    reciprocal(): ArrayNode;
    log(): ArrayNode;
    log1p(): ArrayNode;
    tanh(): ArrayNode;
    sin(): ArrayNode;
    cos(): ArrayNode;
    sqrt(): ArrayNode;
    abs(): ArrayNode;
    relu(): ArrayNode;
    sign(): ArrayNode;
    stopGradient(): ArrayNode;
    square(): ArrayNode;
    sigmoid(): ArrayNode;
    softplus(): ArrayNode;
    less(other: NodeLike): ArrayNode;
    lessEqual(other: NodeLike): ArrayNode;
    greater(other: NodeLike): ArrayNode;
    greaterEqual(other: NodeLike): ArrayNode;
    equal(other: NodeLike): ArrayNode;
    tan(): ArrayNode;
    asin(): ArrayNode;
    acos(): ArrayNode;
    atan(): ArrayNode;
    sinh(): ArrayNode;
    cosh(): ArrayNode;
    asinh(): ArrayNode;
    acosh(): ArrayNode;
    atanh(): ArrayNode;
    expm1(): ArrayNode;
    exp2(): ArrayNode;
    log2(): ArrayNode;
    log10(): ArrayNode;
    sinc(): ArrayNode;
    deg2rad(): ArrayNode;
    rad2deg(): ArrayNode;
    floor(): ArrayNode;
    ceil(): ArrayNode;
    round(): ArrayNode;
    trunc(): ArrayNode;
    atan2(other: NodeLike): ArrayNode;
    hypot(other: NodeLike): ArrayNode;
    mod(other: NodeLike): ArrayNode;
    remainder(other: NodeLike): ArrayNode;
    notEqual(other: NodeLike): ArrayNode;
  }
}

const binary = { add, sub, mul, div, pow, max, min, less, lessEqual, greater, greaterEqual, equal, notEqual, atan2, hypot, mod, remainder, matmul };
const unary = {
  neg, exp, reciprocal, log, log1p, tanh, sin, cos, sqrt, abs, relu, sign, stopGradient, square, sigmoid, softplus,
  tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh, expm1, exp2, log2, log10, sinc, deg2rad, rad2deg, floor, ceil, round, trunc,
};
/** Ops with one node and an optional parameter (options, a shape, a permutation, a spec, an axis). */
const parametric = { sum, mean, logSumExp, reshape, transpose, broadcastTo, slice, softmax };

const proto = Node.prototype as unknown as Record<string, unknown>;
for (const [name, f] of Object.entries(binary)) {
  proto[name] = function (this: Node, other: NodeLike) {
    return (f as (a: Node, b: NodeLike) => Node)(this, other);
  };
}
for (const [name, f] of Object.entries(unary)) {
  proto[name] = function (this: Node) {
    return f(this);
  };
}
for (const [name, f] of Object.entries(parametric)) {
  proto[name] = function (this: Node, parameter?: unknown) {
    return parameter === undefined ? (f as (x: Node) => Node)(this) : (f as (x: Node, p: unknown) => Node)(this, parameter);
  };
}
