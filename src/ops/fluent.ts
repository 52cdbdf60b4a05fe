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
    add(other: NodeLike): Node;
    sub(other: NodeLike): Node;
    mul(other: NodeLike): Node;
    div(other: NodeLike): Node;
    pow(exponent: NodeLike): Node;
    max(other: NodeLike): Node;
    min(other: NodeLike): Node;
    neg(): Node;
    exp(): Node;
    reciprocal(): Node;
    log(): Node;
    log1p(): Node;
    tanh(): Node;
    sin(): Node;
    cos(): Node;
    sqrt(): Node;
    abs(): Node;
    relu(): Node;
    sign(): Node;
    square(): Node;
    sigmoid(): Node;
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
