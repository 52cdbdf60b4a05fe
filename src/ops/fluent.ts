/**
 * Installs every op as a method of Node, so graphs read left to right:
 * `w.mul(x).add(b).neg().exp().add(1).reciprocal()`.
 */
import { Node, type NodeLike } from '../graph/node.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { div, sigmoid, softplus, square, sub } from './composites.js';
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
    /** this² (fluent form of the op of the same name) */
    square(): Node;
    /** 1/(1 + e^−this), stable (fluent form of the op of the same name) */
    sigmoid(): Node;
    /** ln(1 + e^this), stable (fluent form of the op of the same name) */
    softplus(): Node;
  }
}

const binary = { add, sub, mul, div, pow, max, min };
const unary = { neg, exp, reciprocal, log, log1p, tanh, sin, cos, sqrt, abs, relu, sign, square, sigmoid, softplus };

const proto = Node.prototype as unknown as Record<string, unknown>;
for (const [name, f] of Object.entries(binary)) {
  proto[name] = function (this: Node, other: NodeLike) {
    return f(this, other);
  };
}
for (const [name, f] of Object.entries(unary)) {
  proto[name] = function (this: Node) {
    return f(this);
  };
}
