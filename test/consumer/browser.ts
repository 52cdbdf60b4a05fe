// A strict, browser-style TypeScript consumer of the core (and of the parser's entry point):
// no Node types, lib ES2022 + DOM, exactOptionalPropertyTypes, skipLibCheck off.
import {
  adam, compile, evaluate, fit, forwardMode, grad, gradcheck, jacobian, makeMoons, minimize, MLP, reverseMode,
  sigmoid, square, toDot, train, trainTestSplit, variable, withChecks, type Node, type Program,
} from 'wengert';
import { parse } from 'wengert/parse';

const x = variable('x'), w = variable('w'), b = variable('b');
const f: Node = w.mul(x).add(b).neg().exp().add(1).reciprocal();
const value: number = evaluate(f, { x: 3, w: 2, b: 1 });
const dfdx: number = forwardMode(f, { x: 3, w: 2, b: 1 }, { x: 1 }).derivative;
const gradient: Record<string, number> = reverseMode(f, { x: 3, w: 2, b: 1 }).gradient;
const program: Program = compile(f, [x, w, b], { backend: 'interpreter' });
const g = program.gradient([3, 2, 1]);
const transformed = grad((x: Node, w: Node, b: Node) => sigmoid(w.mul(x).add(b)))(3, 2, 1);
const J: number[][] = jacobian((u: Node, v: Node) => [u.mul(v), u.add(v)], { mode: 'reverse' })(3, 4);
const checked = withChecks(() => evaluate(square(x), { x: 2 }));
const report = gradcheck(f, { x: 3, w: 2, b: 1 });
const best = minimize(square(x.sub(3)), [0], { method: 'adam', learningRate: 0.1, maxIterations: 200 });
const { train: part } = trainTestSplit(makeMoons(100, { noise: 0.1, seed: 0 }), { testFraction: 0.2, seed: 0 });
const model = new MLP([2, 4, 1], { seed: 0 });
train(model, part, { optimizer: adam({ learningRate: 0.01 }), epochs: 2, batchSize: 16 });
const p = variable('p'), t = variable('t');
const fitted = fit({ program: compile(square(p.sub(t)), [p, t]), params: new Float64Array([0]), samples: [1, 2, 3] }, { optimizer: adam({ learningRate: 0.1 }), epochs: 3, batchSize: 1 });
const parsed: Node = parse('x^2 + y').output;

document.title = [value, dfdx, gradient['w'], g[0], transformed.length, J.length, checked, report.ok, best.value, fitted.history.epochLoss.length, toDot(parsed).length].join(' ');
