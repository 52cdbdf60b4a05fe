// The sigmoid neuron by both modes, compiled and by a transform, from the core module `W` (imported or required).
module.exports = function neuron(W) {
  const { add, compile, evaluate, exp, forwardMode, grad, mul, neg, reciprocal, reverseMode, sigmoid, variable } = W;
  const x = variable('x'), w = variable('w'), b = variable('b');
  const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
  const at = { x: 3, w: 2, b: 1 };
  const fluent = w.mul(x).add(b).neg().exp().add(1).reciprocal();
  return JSON.stringify({
    value: evaluate(f, at),
    forwardX: forwardMode(f, at, { x: 1 }).derivative,
    reverse: reverseMode(f, at).gradient,
    fluent: reverseMode(fluent, at).gradient,
    compiled: Array.from(compile(f, [x, w, b]).gradient([3, 2, 1])),
    grad: grad((x, w, b) => sigmoid(w.mul(x).add(b)))(3, 2, 1),
  });
};
