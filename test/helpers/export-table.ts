/**
 * The rows of the hostile-argument sweep: every exported function of the
 * library's entry points, every public method of its classes, and the
 * functions its factories return — each with valid arguments and the kind of
 * each argument (see test/helpers/hostile.ts). test/reliability.test.ts checks
 * that no export is missing from this table (or from EXEMPT, with a reason).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as W from '../../src/index.js';
import * as Datasets from '../../src/data/datasets.js';
import * as NodeEntry from '../../src/node/index.js';
import * as Parse from '../../src/parse/index.js';
import * as Plot from '../../src/viz/index.js';
import {
  HOSTILE,
  bindings,
  receiver,
  count,
  lenient,
  objectiveKind,
  outBuffer,
  outputs,
  nodeArray,
  nodeLike,
  num,
  options,
  type Kind,
  type Row,
  strict,
  text,
  vector,
} from './hostile.js';

/** The entry points whose exports the sweep covers, by package specifier. */
export const ENTRY_POINTS: Readonly<Record<string, Record<string, unknown>>> = {
  wengert: W as unknown as Record<string, unknown>,
  'wengert/parse': Parse as unknown as Record<string, unknown>,
  'wengert/plot': Plot as unknown as Record<string, unknown>,
  'wengert/datasets': Datasets as unknown as Record<string, unknown>,
  'wengert/node': NodeEntry as unknown as Record<string, unknown>,
};

/**
 * Exports that are not swept, with the reason. Error classes and constants
 * need none (they are recognized as such); these are the rest.
 */
export const EXEMPT: Readonly<Record<string, string>> = {
  Node: 'its constructor is internal (variable, constant and the ops make nodes); its fluent methods are swept as Node#add …',
  numbers:
    'the primitives’ raw rules over numbers, an Arithmetic record for writing rules once; the engine calls them in its inner loops with its own values, and the checked entry points are the ops',
  nodeArithmetic: 'the same record over nodes, used by gradientNodes on the nodes of a tape: the checked entry points are the ops',
  sourceArithmetic: 'the same record over generated source text, used by code generation on the IR; literal (swept) is its only entry for numbers',
  primitives: 'the table of primitive rules (evaluate, partial, emit) read by the engine; the checked entry points are the ops',
  unaryPrimitives: 'the same table, unary primitives by name',
  binaryPrimitives: 'the same table, binary primitives by name',
  structuralPrimitives: 'the same table, structural primitives (shape rule, evaluation, JVP and transpose) by name; the checked entry points are the ops',
  'Program.new': 'its constructor is internal (it takes the IR): compile makes programs, and compile is swept',
};

const x = () => W.variable('x');
const y = () => W.variable('y');
/** f(x, y) = x·y + sin x, with both variables. */
const fxy = () => {
  const [a, b] = [x(), y()];
  return W.add(W.mul(a, b), W.sin(a));
};
const at = () => ({ x: 1, y: 2 });
/** A 2×3 matrix and a 3×2 one, a vector of 4 (constants). */
const A23 = () => W.constant([[1, 2, 3], [4, 5, 6]]);
const B32 = () => W.constant([[1, 0], [0, 1], [1, 1]]);
const v4 = () => W.constant([1, 2, 3, 4]);
/** Nested arrays of numbers, or a Float64Array: an array constant's values. */
const nested = (v: unknown): boolean => (Array.isArray(v) ? v.every((e) => typeof e === 'number') : typeof v === 'number');
/** A reduction's second argument: options { axis, keepdims } (an object) or, for max, a node or a number. */
const reductionSecond = (name: RegExp, nodeToo: boolean): Kind => ({
  names: name,
  refuses: (label, v) => label !== 'undefined' && !(nodeToo && typeof v === 'number') && (v === null || typeof v !== 'object' || Array.isArray(v)),
});
/** The options of the array-of-nodes form of sum, mean, logSumExp: none (they reduce one node only). */
const noOptions = strict(/\boptions\b/, { optional: true });
/** Indices into an extent of 2 or 3: whole numbers in range, as an array or one number (0 and 1 are in range); `[]` gathers nothing, 7 entries reach past. */
const TAKE_INDICES: Kind = {
  names: /\bindices\b|\bindex\b/,
  refuses: (l, v) => (typeof v === 'number' ? !(v === 0 || v === 1) : vector('indices').refuses(l, v) || l === 'a wrong-length array'),
};
/** A requested shape: refused by name, or by a ShapeError that prints it beside x's (`[4] does not broadcast to []`). */
const SHAPE_ARG = strict(/\bshape\b|\[\d[\d, ]*\] (does not broadcast to|and|\(\d+ elements\) cannot become) \[/);
const quadratic = () => W.square(W.sub(x(), 3)); // (x − 3)², minimum at 3
const linearProgram = () => {
  const [w, u, t] = [W.variable('w'), W.variable('u'), W.variable('t')];
  return W.compile(W.square(W.sub(W.mul(w, u), t)), [w, u, t]);
};
const bowl = () => ({
  value: (v: Float64Array) => (v[0] - 1) ** 2,
  gradient: (v: Float64Array, g: Float64Array) => ((g[0] = 2 * (v[0] - 1)), g),
});
const dataset = () => W.xor();
const model = () => new W.MLP([2, 3, 1], { seed: 1 });
const spec = () => Plot.lossCurve([3, 2, 1]);
/** A folder of its own for the files the sweep writes (the sweep's child runs in it too). */
export const scratch = mkdtempSync(join(tmpdir(), 'wengert-sweep-'));
/** A model file to read, written on first use. */
const savedModel = () => {
  const path = join(scratch, 'saved-model.json');
  writeFileSync(path, W.saveModel(model()));
  return path;
};

const unary = (name: string, op: (a: W.NodeLike) => W.Node): Row => ({
  name,
  args: () => [x()],
  call: op,
  params: [nodeLike(/argument 1\b|\bx\b/)],
});
const binary = (name: string, op: (a: W.NodeLike, b: W.NodeLike) => W.Node): Row => ({
  name,
  args: () => [x(), y()],
  call: op,
  params: [nodeLike(/argument 1\b|\ba\b/), nodeLike(/argument 2\b|\bb\b/)],
});
const lossOf2 = (name: string, op: (p: W.NodeLike, t: W.NodeLike) => W.Node, first: string, second: string, target: number): Row => ({
  name,
  args: () => [x(), target],
  call: op,
  params: [nodeLike(first), lenient(second)],
});
const batchLoss = (name: string, op: (p: any, t: any, o?: any) => unknown, first: string, second: string, target: number): Row => ({
  name,
  args: () => [[x(), y()], [target, target], undefined],
  call: op,
  params: [nodeArray(first, { length: 2 }), lenient(second), options()],
});
const optimizer = (name: string, make: (o?: any) => W.Optimizer): Row[] => [
  { name, args: () => [undefined], call: make, params: [options()] },
  {
    name: `${name}().update`,
    args: () => {
      const opt = make({ learningRate: 0.1 });
      const params = new Float64Array([1, 2]);
      return [opt, new Float64Array([0.5, -0.5]), opt.init(params), params];
    },
    call: (opt: W.Optimizer, g: unknown, state: unknown, params: unknown) => opt.update(g as Float64Array, state as unknown[], params as Float64Array),
    params: [receiver(), strict(/updates|params/), strict(/state/), name === 'adamw' ? strict('params') : lenient('params')],
    writes: [1, 2],
  },
  {
    name: `${name}().init`,
    args: () => [make({ learningRate: 0.1 }), new Float64Array([1, 2])],
    call: (opt: W.Optimizer, params: unknown) => opt.init(params as Float64Array),
    params: [receiver(), strict('params')],
  },
];
const transformRow = (name: string, make: (...a: any[]) => W.GradientTransformation<any>, args: unknown[], kinds: Row['params']): Row => ({
  name,
  args: () => args.slice(),
  call: make,
  params: kinds,
});
const schedule = (name: string, make: (...a: any[]) => W.Schedule, args: unknown[], kinds: Row['params']): Row[] => [
  { name, args: () => args.slice(), call: make, params: kinds },
  { name: `${name}()(step)`, args: () => [make(...args), 3], call: (s: W.Schedule, step: number) => s(step), params: [receiver(), count('step', 0, Number.MAX_SAFE_INTEGER)] },
];
const transform = (name: string, make: (f: any, o?: any) => (...a: any[]) => unknown, f: (...a: any[]) => any, primals: unknown[]): Row[] => [
  { name, args: () => [f], call: make, params: [strict(/\bf\b|function/)] },
  {
    name: `${name}()`,
    args: () => [make(f), ...primals],
    call: (g: (...a: unknown[]) => unknown, ...rest: unknown[]) => g(...rest),
    params: [receiver(), ...primals.map((_, i) => num(new RegExp(`argument ${i + 1}\\b`)))],
  },
];

/** The first argument of jvp and vjp: a function, or a graph (then `at` follows, so an error may name it). */
const DUAL = outputs(/\bf\b|outputs?\b|output \d|function|\bat\b|cotangent/);
/** An objective, which may also be a plain function or a graph (a Node). */
const objectiveOrFunction = objectiveKind();

export const ROWS: readonly Row[] = [
  // ---- graphs and sweeps
  { name: 'variable', args: () => ['x'], call: W.variable, params: [text('name', { nonEmpty: true })] },
  {
    name: 'constant',
    args: () => [2, undefined],
    call: W.constant as (...a: unknown[]) => unknown,
    params: [{ names: /\bvalue\b/, refuses: (_l, v) => !nested(v) }, { ...strict(/\bshape\b/, { optional: true }), refuses: (l) => l !== 'undefined' && l !== 'an empty array' }],
  },
  {
    name: 'constant (Float64Array)',
    args: () => [new Float64Array([1, 2, 3, 4]), [2, 2]],
    call: W.constant as (...a: unknown[]) => unknown,
    params: [strict(/\bvalue\b|\bshape\b/), strict(/\bshape\b/, { optional: true })],
  },
  { name: 'evaluate', args: () => [fxy(), at()], call: W.evaluate, params: [outputs(), bindings('at')] },
  {
    name: 'forwardMode',
    args: () => [fxy(), at(), { x: 1 }],
    call: W.forwardMode,
    params: [strict('output'), bindings('at'), { ...bindings('direction'), refuses: (l, v) => bindings('direction').refuses(l, v) || (l !== 'an empty object' && l !== 'inherited properties') }],
  },
  { name: 'reverseMode', args: () => [fxy(), at()], call: W.reverseMode, params: [strict('output'), bindings('at')] },
  { name: 'gradientNodes', args: () => [fxy(), [x()]], call: W.gradientNodes, params: [strict('output'), outputs(/wrt/)] },
  { name: 'tangentNodes', args: () => [[fxy()], (name: string) => (name === 'x' ? W.constant(1) : undefined), undefined], call: W.tangentNodes, params: [outputs(), strict(/\btangentOf\b/), text(/\bwhere\b/, { optional: true })] },
  {
    name: 'substitute',
    args: () => [[fxy()], new Map([['x', W.variable('t').add(1)]])],
    call: W.substitute,
    params: [outputs(), strict(/\breplace\b/)],
  },
  { name: 'sizeOf', args: () => [[2, 3]], call: W.sizeOf, params: [{ ...vector(/\bshape\b/), refuses: (l, v) => vector('shape').refuses(l, v) || (Array.isArray(v) && v.some((d) => !Number.isInteger(d) || d < 0)) }] },
  { name: 'formatShape', args: () => [[2, 3]], call: W.formatShape, params: [vector(/\bshape\b/)] },
  { name: 'tape', args: () => [fxy()], call: (o: unknown) => W.tape(o as W.Node), params: [outputs()] },
  { name: 'topologicalOrder', args: () => [[fxy()]], call: W.topologicalOrder, params: [outputs()] },
  { name: 'withChecks', args: () => [() => 1], call: W.withChecks, params: [strict('fn')] },
  { name: 'literal', args: () => [2.5], call: W.literal, params: [num('c')] },
  { name: 'sourceSpanOf', args: () => [Parse.parse('x + 1').output], call: Parse.sourceSpanOf, params: [strict('node')] },

  // ---- ops
  ...(
    [
      ['abs', W.abs],
      ['cos', W.cos],
      ['exp', W.exp],
      ['log', W.log],
      ['log1p', W.log1p],
      ['neg', W.neg],
      ['reciprocal', W.reciprocal],
      ['relu', W.relu],
      ['sign', W.sign],
      ['stopGradient', W.stopGradient],
      ['sin', W.sin],
      ['sqrt', W.sqrt],
      ['tanh', W.tanh],
      ['sigmoid', W.sigmoid],
      ['softplus', W.softplus],
      ['square', W.square],
      ['tan', W.tan],
      ['asin', W.asin],
      ['acos', W.acos],
      ['atan', W.atan],
      ['sinh', W.sinh],
      ['cosh', W.cosh],
      ['asinh', W.asinh],
      ['acosh', W.acosh],
      ['atanh', W.atanh],
      ['expm1', W.expm1],
      ['exp2', W.exp2],
      ['log2', W.log2],
      ['log10', W.log10],
      ['sinc', W.sinc],
      ['deg2rad', W.deg2rad],
      ['rad2deg', W.rad2deg],
      ['floor', W.floor],
      ['ceil', W.ceil],
      ['round', W.round],
      ['trunc', W.trunc],
    ] as const
  ).map(([name, op]) => unary(name, op)),
  ...(
    [
      ['add', W.add],
      ['mul', W.mul],
      ['pow', W.pow],
      ['sub', W.sub],
      ['div', W.div],
      ['atan2', W.atan2],
      ['hypot', W.hypot],
      ['mod', W.mod],
      ['remainder', W.remainder],
    ] as const
  ).map(([name, op]) => binary(name, op)),
  {
    name: 'max',
    args: () => [x(), y()],
    call: W.max as (...a: unknown[]) => unknown,
    params: [nodeLike(/argument 1\b|\ba\b/), reductionSecond(/argument 2\b|\bb\b/, true)],
  },
  { name: 'max (reduction)', args: () => [A23(), { axis: -1 }], call: W.max as (...a: unknown[]) => unknown, params: [nodeLike(/argument 1\b|\bx\b|rank 0/), reductionSecond(/argument 2\b|\boptions\b/, true)] },
  { name: 'Node#max', args: () => [x(), y()], call: (a: W.Node, b: any) => a.max(b), params: [receiver(), reductionSecond(/argument 2\b|\bb\b/, true)] },
  {
    name: 'min',
    args: () => [x(), y()],
    call: W.min as (...a: unknown[]) => unknown,
    params: [nodeLike(/argument 1\b|\ba\b/), reductionSecond(/argument 2\b|\bb\b/, true)],
  },
  { name: 'min (reduction)', args: () => [A23(), { axis: -1 }], call: W.min as (...a: unknown[]) => unknown, params: [nodeLike(/argument 1\b|\bx\b|rank 0/), reductionSecond(/argument 2\b|\boptions\b/, true)] },
  { name: 'Node#min', args: () => [x(), y()], call: (a: W.Node, b: any) => a.min(b), params: [receiver(), reductionSecond(/argument 2\b|\bb\b/, true)] },
  ...(
    [
      ['less', W.less],
      ['lessEqual', W.lessEqual],
      ['greater', W.greater],
      ['greaterEqual', W.greaterEqual],
      ['equal', W.equal],
      ['notEqual', W.notEqual],
      ['eq', W.eq],
      ['ne', W.ne],
      ['lt', W.lt],
      ['le', W.le],
      ['gt', W.gt],
      ['ge', W.ge],
    ] as const
  ).map(([name, op]) => binary(name, op)),
  { name: 'matmul', args: () => [A23(), B32()], call: W.matmul, params: [nodeLike(/argument 1\b|\ba\b|\[\] ×/), nodeLike(/argument 2\b|\bb\b|× \[\]/)] },
  ...(['add', 'sub', 'mul', 'div', 'pow', 'less', 'lessEqual', 'greater', 'greaterEqual', 'equal', 'notEqual', 'atan2', 'hypot', 'mod', 'remainder'] as const).map(
    (name): Row => ({ name: `Node#${name}`, args: () => [x(), y()], call: (a: W.Node, b: W.NodeLike) => a[name](b), params: [receiver(), nodeLike(/argument 2\b|\bb\b/)] }),
  ),
  { name: 'Node#matmul', args: () => [A23(), B32()], call: (a: W.Node, b: W.NodeLike) => a.matmul(b), params: [receiver(), nodeLike(/argument 2\b|\bb\b|× \[\]/)] },
  ...(
    [
      ['sum', W.sum],
      ['mean', W.mean],
      ['logSumExp', W.logSumExp],
    ] as const
  ).flatMap(([name, op]): Row[] => [
    { name, args: () => [[x(), y()], undefined], call: op as (...a: unknown[]) => unknown, params: [nodeArray(/\bxs\b|argument \d/, { nonEmpty: true }), noOptions] },
    { name: `${name} (reduction)`, args: () => [A23(), { axis: 0 }], call: op as (...a: unknown[]) => unknown, params: [strict(/\bxs\b|argument \d/), options()] },
    { name: `Node#${name}`, args: () => [A23(), { axis: 0 }], call: (a: W.Node, o: any) => a[name](o), params: [receiver(), options()] },
  ]),
  { name: 'softmax', args: () => [v4(), -1], call: W.softmax, params: [nodeLike(/argument 1\b|\bx\b|rank 0/), count(/\baxis\b/, -1, 0, { optional: true })] },
  { name: 'Node#softmax', args: () => [v4(), -1], call: (a: W.Node, k: any) => a.softmax(k), params: [receiver(), count(/\baxis\b/, -1, 0, { optional: true })] },
  {
    name: 'where',
    args: () => [x(), y(), 2],
    call: W.where,
    params: [nodeLike(/argument 1\b|\bcond\b/), nodeLike(/argument 2\b|\ba\b/), nodeLike(/argument 3\b|\bb\b/)],
  },
  { name: 'broadcastTo', args: () => [v4(), [3, 4]], call: W.broadcastTo, params: [nodeLike(/argument 1\b|\bx\b/), SHAPE_ARG] },
  { name: 'Node#broadcastTo', args: () => [v4(), [3, 4]], call: (a: W.Node, s: any) => a.broadcastTo(s), params: [receiver(), SHAPE_ARG] },
  { name: 'reshape', args: () => [A23(), [3, 2]], call: W.reshape, params: [nodeLike(/argument 1\b|\bx\b|: \[\] \(1 elements\)/), SHAPE_ARG] },
  { name: 'Node#reshape', args: () => [A23(), [3, 2]], call: (a: W.Node, s: any) => a.reshape(s), params: [receiver(), SHAPE_ARG] },
  { name: 'transpose', args: () => [A23(), [1, 0]], call: W.transpose, params: [nodeLike(/argument 1\b|\bx\b|for \[\]/), strict(/\bperm\b/, { optional: true })] },
  { name: 'Node#transpose', args: () => [A23(), [1, 0]], call: (a: W.Node, p: any) => a.transpose(p), params: [receiver(), strict(/\bperm\b/, { optional: true })] },
  {
    name: 'slice',
    args: () => [v4(), [[1, 3, 1]]],
    call: W.slice,
    params: [nodeLike(/argument 1\b|\bx\b/), { ...strict(/\bspec\b|axes sliced, but x has shape/), refuses: (l) => l !== 'an empty array' }],
  },
  { name: 'Node#slice', args: () => [v4(), [[1, 3, 1]]], call: (a: W.Node, p: any) => a.slice(p), params: [receiver(), { ...strict(/\bspec\b|axes sliced, but x has shape/), refuses: (l) => l !== 'an empty array' }] },
  {
    name: 'pad',
    args: () => [v4(), [[1, 2]], 0],
    call: W.pad,
    params: [nodeLike(/argument 1\b|\bx\b|at most 0 axes/), { ...strict(/\bwidths\b/), refuses: (l) => l !== 'an empty array' }, num(/\bvalue\b/, { optional: true })],
  },
  { name: 'concat', args: () => [[v4(), W.constant([5])], 0], call: W.concat, params: [nodeArray(/\bxs\b|argument \d/, { nonEmpty: true }), count(/\baxis\b/, -1, 0, { optional: true })] },
  { name: 'stack', args: () => [[x(), y()], 0], call: W.stack, params: [nodeArray(/\bxs\b|argument \d/, { nonEmpty: true }), count(/\baxis\b/, -1, 0, { optional: true })] },
  {
    name: 'take',
    args: () => [A23(), [1, 0, 1], 0],
    call: W.take,
    params: [nodeLike(/argument 1\b|\bx\b/), TAKE_INDICES, count(/\baxis\b/, -2, 1, { optional: true })],
  },
  {
    name: 'scatterAdd',
    args: () => [W.constant([1, 2, 3]), [0, 2, 0], 0, 3],
    call: W.scatterAdd,
    params: [
      nodeLike(/argument 1\b|\bupdates\b/),
      TAKE_INDICES,
      count(/\baxis\b/, -1, 0),
      count(/\bsize\b/, 0, 2 ** 31 - 1),
    ],
  },
  { name: 'dot', args: () => [[x(), y()], [1, 2]], call: W.dot, params: [nodeArray(/\ba\b|lengths/, { length: 2 }), nodeArray(/\bb\b|lengths/, { length: 2 })] },

  // ---- function transforms
  ...transform('grad', W.grad, (a: W.Node, b: W.Node) => W.mul(a, b), [3, 4]),
  ...transform('valueAndGrad', W.valueAndGrad, (a: W.Node, b: W.Node) => W.mul(a, b), [3, 4]),
  ...transform('jacobian', W.jacobian, (a: W.Node, b: W.Node) => [W.mul(a, b), W.add(a, b)], [3, 4]),
  ...transform('hessian', W.hessian, (a: W.Node, b: W.Node) => W.mul(W.mul(a, a), b), [3, 4]),
  { name: 'hvp', args: () => [(a: W.Node) => a.mul(a)], call: W.hvp, params: [strict(/\bf\b|function/)] },
  { name: 'customJvp', args: () => [(a: W.Node) => a.sin(), ([a]: W.Node[], [da]: W.Node[]) => da.mul(a.cos())], call: W.customJvp, params: [strict(/\bf\b/), strict(/\brule\b/)] },
  {
    name: 'customJvp()',
    args: () => [W.customJvp((a: W.Node, b: W.Node) => a.mul(b), ([a, b]: W.Node[], [da, db]: W.Node[]) => da.mul(b).add(db.mul(a))), x(), y()],
    call: (g: (...a: unknown[]) => unknown, ...rest: unknown[]) => g(...rest),
    params: [receiver(), nodeLike(/argument 1\b/), nodeLike(/argument 2\b/)],
  },
  { name: 'customVjp', args: () => [(a: W.Node) => a.sin(), ([a]: W.Node[], _y: W.Node, ct: W.Node) => [ct.mul(a.cos())]], call: W.customVjp, params: [strict(/\bf\b/), strict(/\brule\b/)] },
  {
    name: 'customVjp()',
    args: () => [W.customVjp((a: W.Node, b: W.Node) => a.mul(b), ([a, b]: W.Node[], _y: W.Node, ct: W.Node) => [ct.mul(b), ct.mul(a)]), x(), y()],
    call: (g: (...a: unknown[]) => unknown, ...rest: unknown[]) => g(...rest),
    params: [receiver(), nodeLike(/argument 1\b/), nodeLike(/argument 2\b/)],
  },
  {
    name: 'hvp()',
    args: () => [W.hvp((a: W.Node, b: W.Node) => a.mul(a).mul(b)), [3, 2], [1, 0]],
    call: (h: (p: unknown, v: unknown) => unknown, p: unknown, v: unknown) => h(p, v),
    params: [receiver(), vector(/primals|argument \d/, { length: 2 }), vector(/\bv\b/, { length: 2 })],
  },
  {
    name: 'jvp',
    args: () => [(a: W.Node, b: W.Node) => W.mul(a, b), [3, 4], [1, 0]],
    call: W.jvp as (...a: unknown[]) => unknown,
    params: [DUAL, vector(/primals|argument \d/, { length: 2 }), vector(/tangent/, { length: 2 })],
  },
  {
    name: 'jvp (graph)',
    args: () => [[fxy()], at(), { x: 1 }],
    call: W.jvp as (...a: unknown[]) => unknown,
    params: [outputs(/outputs?\b|output \d|direction/), bindings('at'), bindings('direction')],
  },
  {
    name: 'vjp',
    args: () => [(a: W.Node, b: W.Node) => W.mul(a, b), 3, 4],
    call: W.vjp as (...a: unknown[]) => unknown,
    params: [DUAL, num(/argument 1\b/), num(/argument 2\b/)],
  },
  {
    name: 'vjp (graph)',
    args: () => [fxy(), at(), 1],
    call: W.vjp as (...a: unknown[]) => unknown,
    params: [outputs(/outputs?\b|output \d|cotangent/), bindings('at'), num(/cotangent/)],
  },
  {
    name: 'vjp().vjp',
    args: () => [W.vjp((a: W.Node, b: W.Node) => [a.mul(b), a.add(b)], 3, 4), [1, 1]],
    call: (r: W.VjpResult, ct: unknown) => r.vjp(ct as number[]),
    params: [receiver(), vector(/cotangent/, { length: 2 })],
  },

  // ---- compiled programs
  { name: 'compile', args: () => [fxy(), ['x', 'y'], undefined], call: W.compile, params: [outputs(), strict(/inputs?\b|variable '/), options()] },
  // quick timings: the sweep checks the arguments, not the measurements
  {
    name: 'compareModes',
    args: () => [fxy(), at(), { warmup: 0, budget: 0, backends: ['interpreter'] }],
    call: W.compareModes as (...a: unknown[]) => unknown,
    params: [strict(/\bf\b|outputs?\b|function/), bindings('at'), options()],
  },
  {
    name: 'compareModes (function)',
    args: () => [(a: W.Node, b: W.Node) => W.add(W.mul(a, b), W.sin(a)), [1, 2], { warmup: 0, budget: 0, backends: ['interpreter'] }],
    call: W.compareModes as (...a: unknown[]) => unknown,
    params: [
      strict(/\bf\b|outputs?\b|\bat\b/),
      { names: /\bargs\b|argument \d/, refuses: (_l, v) => !Array.isArray(v) || v.length === 0 || v.some((e) => typeof e !== 'number') },
      options(),
    ],
  },
  { name: 'cheaperMode', args: () => [{ n: 3, m: 1 }], call: W.cheaperMode, params: [strict(/\bproblem\b|\bn\b|\bm\b/)] },
  { name: 'modelledCosts', args: () => [{ n: 3, m: 1, forwardOps: 6, partialTerms: 8, directions: 32 }], call: W.modelledCosts, params: [strict(/\bproblem\b|\bn\b|\bm\b/)] },
  ...(['evaluate', 'gradient', 'valueAndGradient'] as const).map(
    (method): Row => ({
      name: `Program#${method}`,
      args: () => [W.compile(fxy(), ['x', 'y']), [1, 2], undefined],
      call: (p: W.Program, v: unknown, out: unknown) => (p[method] as (a: unknown, b?: unknown) => unknown)(v, out),
      params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), outBuffer(method === 'evaluate' ? 1 : 2)],
      writes: [2],
    }),
  ),
  ...(['evaluate', 'gradient', 'valueAndGradient'] as const).map(
    (method): Row => ({
      name: `Program#${method} (interpreter)`,
      args: () => [W.compile(fxy(), ['x', 'y'], { backend: 'interpreter' }), [1, 2], undefined],
      call: (p: W.Program, v: unknown, out: unknown) => (p[method] as (a: unknown, b?: unknown) => unknown)(v, out),
      params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), outBuffer(method === 'evaluate' ? 1 : 2)],
      writes: [2],
    }),
  ),
  {
    name: 'Program#batchValueAndGradient',
    args: () => [linearProgram(), [1.5], [1, 2, 2, 4], undefined],
    call: (p: W.Program, params: unknown, samples: unknown, out: unknown) => p.batchValueAndGradient(params as number[], samples as number[], out as undefined),
    params: [receiver(), lenient(/params/), vector(/samples/, { nonEmpty: true }), outBuffer(1)],
    writes: [3],
  },
  {
    name: 'Program#vjp',
    args: () => [W.compile([fxy(), x()], ['x', 'y']), [1, 2], [1, 1], undefined],
    call: (p: W.Program, v: unknown, ct: unknown, out: unknown) => p.vjp(v as number[], ct as number[], out as undefined),
    params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), vector(/cotangent/, { length: 2 }), outBuffer(2)],
    writes: [3],
  },
  {
    name: 'Program#jvp',
    args: () => [W.compile([fxy(), x()], ['x', 'y']), [1, 2], [1, 0], undefined],
    call: (p: W.Program, v: unknown, d: unknown, out: unknown) => p.jvp(v as number[], d as number[], out as undefined),
    params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), vector(/direction/, { length: 2 }), outBuffer(2)],
    writes: [3],
  },
  {
    name: 'Program#jacobian',
    args: () => [W.compile([fxy(), x()], ['x', 'y']), [1, 2], undefined],
    call: (p: W.Program, v: unknown, o: unknown) => p.jacobian(v as number[], o as undefined),
    params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), options()],
  },
  {
    name: 'Program#hessian',
    args: () => [W.compile(fxy(), ['x', 'y']), [1, 2]],
    call: (p: W.Program, v: unknown) => p.hessian(v as number[]),
    params: [receiver(), vector(/\bx\b|variable '/, { length: 2 })],
  },
  {
    name: 'Program#hvp',
    args: () => [W.compile(fxy(), ['x', 'y']), [1, 2], [1, 0], undefined],
    call: (p: W.Program, v: unknown, d: unknown, out: unknown) => p.hvp(v as number[], d as number[], out as undefined),
    params: [receiver(), vector(/\bx\b|variable '/, { length: 2 }), vector(/direction/, { length: 2 }), outBuffer(2)],
    writes: [3],
  },

  { name: 'Program#sampleWidth', args: () => [linearProgram(), 1], call: (p: W.Program, k: unknown) => p.sampleWidth(k as number), params: [receiver(), count(/\bparams\b/, 0, 3)] },
  { name: 'Program#inputName', args: () => [linearProgram(), 1], call: (p: W.Program, k: unknown) => p.inputName(k as number), params: [receiver(), count(/\bk\b|\binput\b/, 0, 2)] },

  // ---- numerical differentiation
  {
    name: 'forwardDifference',
    args: () => [(t: number) => t * t, 2, undefined],
    call: W.forwardDifference,
    params: [strict(/\bf\b/), num(/\bx\b/), num(/\bh\b/, { optional: true, finite: true })],
  },
  {
    name: 'centeredDifference',
    args: () => [(t: number) => t * t, 2, undefined],
    call: W.centeredDifference,
    params: [strict(/\bf\b/), num(/\bx\b/), num(/\bh\b/, { optional: true, finite: true })],
  },
  {
    name: 'numericalGradient',
    args: () => [(v: number[]) => v[0] * v[1], [1, 2], undefined],
    call: W.numericalGradient,
    params: [strict(/\bf\b/), vector(/\bx\b/), num(/\bh\b/, { optional: true, finite: true })],
  },
  { name: 'gradcheck', args: () => [fxy(), at(), undefined], call: W.gradcheck, params: [strict(/\bf\b|graph/), bindings('at'), options()] },

  // ---- the parser bridge
  { name: 'parse', args: () => ['x*y + sin(x)'], call: Parse.parse, params: [text(/source|expression/, { nonEmpty: true })] },
  { name: 'toExpression', args: () => [fxy(), undefined], call: Parse.toExpression, params: [strict('output'), options()] },

  // ---- losses
  lossOf2('squareLoss', W.squareLoss, 'prediction', 'target', 1),
  lossOf2('l1Loss', W.l1Loss, 'prediction', 'target', 1),
  { name: 'huberLoss', args: () => [x(), 1, undefined], call: W.huberLoss, params: [nodeLike('prediction'), lenient('target'), options()] },
  lossOf2('hingeLoss', W.hingeLoss, 'score', 'label', 1),
  lossOf2('logisticLoss', W.logisticLoss, 'score', 'label', 1),
  lossOf2('sigmoidCrossEntropy', W.sigmoidCrossEntropy, 'logit', 'label', 1),
  { name: 'softmaxCrossEntropy', args: () => [[x(), y()], 0], call: W.softmaxCrossEntropy, params: [nodeArray('logits', { nonEmpty: true }), lenient('target')] },
  batchLoss('squareLossBatch', W.squareLossBatch, 'predictions', 'targets', 1),
  batchLoss('mse', W.mse, 'predictions', 'targets', 1),
  batchLoss('l1LossBatch', W.l1LossBatch, 'predictions', 'targets', 1),
  batchLoss('huberLossBatch', W.huberLossBatch, 'predictions', 'targets', 1),
  batchLoss('hingeLossBatch', W.hingeLossBatch, 'scores', 'labels', 1),
  batchLoss('logisticLossBatch', W.logisticLossBatch, 'scores', 'labels', 1),
  batchLoss('sigmoidCrossEntropyBatch', W.sigmoidCrossEntropyBatch, 'logits', 'labels', 1),
  {
    name: 'softmaxCrossEntropyBatch',
    args: () => [[[x(), y()]], [0], undefined],
    call: W.softmaxCrossEntropyBatch,
    params: [strict('logits'), lenient('targets'), options()],
  },

  // ---- optimizers: transforms, schedules, optimizers
  { name: 'chain', args: () => [W.scale(2)], call: W.chain, params: [strict(/argument 0|transform/)] },
  {
    name: 'chain().update',
    args: () => {
      const t = W.chain(W.scale(2));
      return [t, new Float64Array([1]), t.init(new Float64Array(1))];
    },
    call: (t: W.GradientTransformation<any>, u: unknown, s: unknown) => t.update(u as Float64Array, s),
    params: [receiver(), strict(/updates/), strict(/state/)],
    writes: [1, 2],
  },
  transformRow('scale', W.scale, [2], [num('factor', { finite: true })]),
  transformRow('scaleByLearningRate', W.scaleByLearningRate, [0.1, undefined], [lenient('learningRate'), options()]),
  transformRow('addDecayedWeights', W.addDecayedWeights, [0.1], [num('weightDecay', { finite: true })]),
  transformRow('clipByGlobalNorm', W.clipByGlobalNorm, [1], [num('maxNorm', { finite: true, min: 0 })]),
  transformRow('trace', W.trace, [undefined], [options()]),
  transformRow('scaleByAdam', W.scaleByAdam, [undefined], [options()]),
  transformRow('scaleByRms', W.scaleByRms, [undefined], [options()]),
  transformRow('scaleByRss', W.scaleByRss, [undefined], [options()]),
  { name: 'globalNorm', args: () => [new Float64Array([3, 4])], call: W.globalNorm, params: [strict('updates')] },
  { name: 'applyUpdates', args: () => [new Float64Array([1, 2]), new Float64Array([1, 1])], call: W.applyUpdates, params: [strict('params'), strict('updates')], writes: [0] },
  ...schedule('constantSchedule', W.constantSchedule, [0.1], [num('value', { finite: true })]),
  ...schedule('stepDecay', W.stepDecay, [1, 10, 0.5], [num('initial', { finite: true }), count('stepSize', 1, Number.MAX_SAFE_INTEGER), num('gamma', { finite: true, min: 0, optional: true })]),
  ...schedule('piecewiseConstant', W.piecewiseConstant, [[10], [1, 0.1]], [vector('boundaries'), vector('values')]),
  ...schedule('exponentialDecay', W.exponentialDecay, [1, 0.5, undefined], [num('initial', { finite: true }), num('decayRate', { finite: true, min: 0 }), options()]),
  ...schedule('inverseTimeDecay', W.inverseTimeDecay, [1, 0.5, undefined], [num('initial', { finite: true }), num('decayRate', { finite: true, min: 0 }), options()]),
  ...schedule('cosineDecay', W.cosineDecay, [1, 100, undefined], [num('initial', { finite: true }), num('decaySteps', { finite: true, min: 0, minOpen: true }), options()]),
  ...schedule('linearWarmup', W.linearWarmup, [10, 0.1, undefined], [num('warmupSteps', { finite: true, min: 0 }), lenient('then'), options()]),
  ...optimizer('sgd', W.sgd),
  ...optimizer('momentum', W.momentum),
  ...optimizer('nesterov', W.nesterov),
  ...optimizer('rmsprop', W.rmsprop),
  ...optimizer('adagrad', W.adagrad),
  ...optimizer('adam', W.adam),
  ...optimizer('adamw', W.adamw),

  // ---- minimization
  { name: 'objective', args: () => [quadratic(), undefined], call: W.objective, params: [objectiveOrFunction, options()] },
  { name: 'minimize', args: () => [quadratic(), [1], undefined], call: W.minimize, params: [objectiveOrFunction, vector('x0', { nonEmpty: true, length: 1, finite: true }), options()] },
  { name: 'gradientDescent', args: () => [quadratic(), [1], undefined], call: W.gradientDescent, params: [objectiveOrFunction, vector('x0', { length: 1, finite: true }), options()] },
  { name: 'nelderMead', args: () => [(v: Float64Array) => (v[0] - 1) ** 2, [0], undefined], call: W.nelderMead, params: [objectiveOrFunction, vector('x0', { nonEmpty: true, finite: true }), options()] },
  { name: 'armijo', args: () => [bowl(), [3], [-4], undefined], call: W.armijo, params: [objectiveOrFunction, vector(/\bx\b/, { length: 1, finite: true }), vector('direction', { length: 1, finite: true }), options()] },
  {
    name: 'exactLineSearch',
    args: () => [bowl(), [3], [-4], undefined],
    call: W.exactLineSearch,
    params: [objectiveOrFunction, vector(/\bx\b/, { length: 1, finite: true }), vector('direction', { length: 1, finite: true }), options()],
  },
  { name: 'goldenSection', args: () => [(t: number) => (t - 2) ** 2, 0, 5, undefined], call: W.goldenSection, params: [strict('phi'), num(/\ba\b/, { finite: true }), num(/\bb\b/, { finite: true }), options()] },
  { name: 'bracketMinimum', args: () => [(t: number) => (t - 10) ** 2, undefined], call: W.bracketMinimum, params: [strict('phi'), options()] },
  { name: 'fit', args: () => [{ program: linearProgram(), params: new Float64Array([0.5]), samples: [1, 2, 2, 4] }, { epochs: 2 }], call: W.fit, params: [strict(/problem|program|params|samples/), options()], writes: [0] },

  // ---- neural models
  { name: 'MLP.new', args: () => [[2, 3, 1], undefined], call: (s: unknown, o: unknown) => new W.MLP(s as number[], o as undefined), params: [vector('sizes'), options()] },
  { name: 'MLP#predict', args: () => [model(), [0.5, -1]], call: (m: W.MLP, f: unknown) => m.predict(f as number[]), params: [receiver(), vector('features', { length: 2 })] },
  { name: 'MLP#outputs', args: () => [model(), [x(), y()], model().parameterVariables()], call: (m: W.MLP, f: unknown, p: unknown) => m.outputs(f as W.Node[], p as W.Node[]), params: [receiver(), nodeArray('features', { length: 2 }), strict('params')] },
  {
    name: 'MLP#forward',
    args: () => [model(), W.variable('X', [4, 2]), undefined],
    call: (m: W.MLP, X: unknown, p: unknown) => m.forward(X as W.Node, p as undefined),
    params: [receiver(), strict(/\bX\b|\bbatch\b/), strict(/\bparams\b/, { optional: true })],
  },
  { name: 'neuron', args: () => [2, undefined, undefined], call: W.neuron, params: [count('inputs', 1, 1e6), text('activation', { optional: true, valid: ['tanh', 'relu', 'sigmoid', 'identity'] }), options()] },
  { name: 'dense', args: () => [2, 3, undefined, undefined], call: W.dense, params: [count('inputs', 1, 1e6), count('outputs', 1, 1e6), text('activation', { optional: true, valid: ['tanh', 'relu', 'sigmoid', 'identity'] }), options()] },
  {
    name: 'initialize',
    args: () => [new Float64Array(6), 3, 2, 'glorot', new W.Random(0)],
    call: W.initialize,
    params: [strict('weights'), count('fanIn', 1, Number.MAX_SAFE_INTEGER), count('fanOut', 1, Number.MAX_SAFE_INTEGER), text('kind', { valid: ['glorot', 'he'] }), strict('random')],
    writes: [0, 4],
  },
  { name: 'train', args: () => [model(), dataset(), { epochs: 2 }], call: W.train, params: [strict('model'), strict(/data|dataset/), options()], writes: [0] },
  { name: 'lossProgram', args: () => [model(), 'mse'], call: W.lossProgram, params: [strict('model'), text('loss', { valid: ['mse', 'softmax-cross-entropy', 'sigmoid-cross-entropy', 'hinge', 'logistic'] })] },
  { name: 'classify', args: () => [model(), [0, 1, 1, 0]], call: W.classify, params: [strict('model'), vector('features', { nonEmpty: true })] },
  { name: 'accuracy', args: () => [model(), dataset()], call: W.accuracy, params: [strict('model'), strict(/data|dataset/)] },
  { name: 'saveModel', args: () => [model()], call: W.saveModel, params: [strict('model')] },
  { name: 'loadModel', args: () => [W.saveModel(model())], call: W.loadModel, params: [strict(/json|saved wengert model|JSON/)] },

  // ---- data
  { name: 'Random.new', args: () => [1, 0], call: (s: unknown, t: unknown) => new W.Random(s as number, t as number), params: [count('seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { optional: true }), count('stream', 0, 2 ** 32 - 1, { optional: true })] },
  { name: 'Random#uniform', args: () => [new W.Random(1), 0, 1], call: (r: W.Random, a: unknown, b: unknown) => r.uniform(a as number, b as number), params: [receiver(), num('low', { finite: true, optional: true }), num('high', { finite: true, optional: true })], writes: [0] },
  { name: 'Random#normal', args: () => [new W.Random(1), 0, 1], call: (r: W.Random, a: unknown, b: unknown) => r.normal(a as number, b as number), params: [receiver(), num('mean', { finite: true, optional: true }), num('std', { finite: true, min: 0, optional: true })], writes: [0] },
  { name: 'Random#int', args: () => [new W.Random(1), 6], call: (r: W.Random, n: unknown) => r.int(n as number), params: [receiver(), count(/\bn\b/, 1, 2 ** 32)], writes: [0] },
  { name: 'Random#normals', args: () => [new W.Random(1), 3, 0, 1], call: (r: W.Random, n: unknown, a: unknown, b: unknown) => r.normals(n as number, a as number, b as number), params: [receiver(), count(/\bn\b/, 0, 2 ** 31 - 1), num('mean', { finite: true, optional: true }), num('std', { finite: true, min: 0, optional: true })], writes: [0] },
  { name: 'Random#uniforms', args: () => [new W.Random(1), 3, 0, 1], call: (r: W.Random, n: unknown, a: unknown, b: unknown) => r.uniforms(n as number, a as number, b as number), params: [receiver(), count(/\bn\b/, 0, 2 ** 31 - 1), num('low', { finite: true, optional: true }), num('high', { finite: true, optional: true })], writes: [0] },
  { name: 'Random#permutation', args: () => [new W.Random(1), 5], call: (r: W.Random, n: unknown) => r.permutation(n as number), params: [receiver(), count(/\bn\b/, 0, 2 ** 31 - 1)], writes: [0] },
  { name: 'Random#shuffle', args: () => [new W.Random(1), [1, 2, 3]], call: (r: W.Random, a: unknown) => r.shuffle(a as number[]), params: [receiver(), { ...lenient(/array/), refuses: (_l, v) => !Array.isArray(v) }], writes: [0, 1] },
  { name: 'permutation', args: () => [5, 0], call: W.permutation, params: [count(/\bn\b/, 0, 2 ** 31 - 1), count('seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { optional: true })] },
  { name: 'createDataset', args: () => [{ features: [[0, 0], [1, 1]], labels: [0, 1], classes: 2 }], call: W.createDataset, params: [strict(/init|features|expected an object/)] },
  { name: 'getRow', args: () => [dataset(), 1], call: W.getRow, params: [strict('dataset'), count(/\bi\b/, 0, 3)] },
  { name: 'selectRows', args: () => [dataset(), [0, 3]], call: W.selectRows, params: [strict('dataset'), vector(/indices/)] },
  { name: 'shuffleRows', args: () => [dataset(), 1], call: W.shuffleRows, params: [strict('dataset'), count('seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, { optional: true })] },
  { name: 'classCounts', args: () => [dataset()], call: W.classCounts, params: [strict('dataset')] },
  { name: 'trainTestSplit', args: () => [W.makeMoons(20), undefined], call: W.trainTestSplit, params: [strict('dataset'), options()] },
  { name: 'fitStandardization', args: () => [dataset()], call: W.fitStandardization, params: [strict(/dataset|train/)] },
  { name: 'applyStandardization', args: () => [dataset(), W.fitStandardization(dataset())], call: W.applyStandardization, params: [strict('dataset'), strict(/stats|mean|std/)] },
  { name: 'standardize', args: () => [dataset(), dataset()], call: W.standardize, params: [strict(/train|dataset/), strict(/test|dataset/, { optional: true })] },
  { name: 'oneHot', args: () => [[0, 2, 1], 3], call: W.oneHot, params: [vector(/labels/), count('classes', 1, 1e6)] },
  { name: 'batches', args: () => [dataset(), { batchSize: 2 }], call: W.batches, params: [strict('dataset'), strict(/options|batchSize/)] },
  { name: 'batchIndices', args: () => [4, { batchSize: 2 }], call: W.batchIndices, params: [count(/\bn\b/, 0, 2 ** 31 - 1), strict(/options|batchSize/)] },
  { name: 'epochOrder', args: () => [4, undefined], call: W.epochOrder, params: [count(/\bn\b/, 0, 2 ** 31 - 1), options()] },
  { name: 'makeRegression', args: () => [{ nSamples: 5, nFeatures: 2 }], call: W.makeRegression, params: [options()] },
  { name: 'makeMoons', args: () => [10, undefined], call: W.makeMoons, params: [count(/\bn\b/, 1, 1e7, { optional: true }), options()] },
  { name: 'makeBlobs', args: () => [10, undefined], call: W.makeBlobs, params: [count(/\bn\b/, 1, 1e7, { optional: true }), options()] },
  { name: 'xor', args: () => [], call: W.xor, params: [] },
  { name: 'loadIris', args: () => [], call: Datasets.loadIris, params: [] },
  { name: 'loadMnist', args: () => [{ train: 10, test: 10 }], call: Datasets.loadMnist, params: [options()] },
  { name: 'mnistSize', args: () => [], call: Datasets.mnistSize, params: [] },

  // ---- plots
  { name: 'lossCurve', args: () => [[3, 2, 1], undefined], call: Plot.lossCurve, params: [{ ...lenient(/input|loss|runs/), refuses: (_l, v) => v === null || typeof v !== 'object' }, options()] },
  { name: 'trajectory1d', args: () => [(t: number) => t * t, [2, 1, 0.5], undefined], call: Plot.trajectory1d, params: [strict(/\bf\b/), vector(/points|iterate/, { nonEmpty: true }), options()] },
  {
    name: 'contour2d',
    args: () => [(a: number, b: number) => a * a + b * b, { xDomain: [-1, 1], yDomain: [-1, 1], resolution: 8 }, undefined],
    call: Plot.contour2d,
    params: [strict(/\bf\b/), strict(/options|xDomain/), { ...lenient(/trajectories|paths/), refuses: (l, v) => l !== 'undefined' && !Array.isArray(v) }],
  },
  {
    name: 'decisionBoundary',
    args: () => [(a: number) => (a > 0 ? 1 : 0), [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }], { resolution: 8 }],
    call: Plot.decisionBoundary,
    params: [strict('predict'), strict(/points/), options()],
  },
  { name: 'timingPlot', args: () => [[{ n: 10, mode: 'forward', ms: 1 }, { n: 100, mode: 'forward', ms: 2 }], undefined], call: Plot.timingPlot, params: [strict(/rows?\b/), options()] },
  { name: 'toDot', args: () => [fxy(), undefined], call: W.toDot, params: [strict(/outputs|output 1/), options(/\boptions?\b|\bat\b|direction|\bname\b|variable '/)] },
  { name: 'renderSvg', args: () => [spec(), undefined], call: Plot.renderSvg, params: [strict(/spec/), options()] },
  { name: 'renderPng', args: () => [spec(), undefined], call: Plot.renderPng, params: [strict(/spec/), options()] },
  { name: 'svgToPng', args: () => ['<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>', undefined], call: Plot.svgToPng, params: [text(/svg/, { nonEmpty: true }), options()] },
  { name: 'pngAvailable', args: () => [], call: Plot.pngAvailable, params: [] },
  { name: 'writeModel', args: () => [model(), join(scratch, 'model.json')], call: NodeEntry.writeModel, params: [strict('model'), text(/path/, { nonEmpty: true })] },
  { name: 'readModel', args: () => [savedModel()], call: NodeEntry.readModel, params: [text(/path|read/, { nonEmpty: true })] },
  { name: 'writePlot', args: () => [spec(), join(scratch, 'plot.json'), undefined], call: NodeEntry.writePlot, params: [{ ...lenient(/spec/), refuses: (_l, v) => v === null || typeof v !== 'object' || Array.isArray(v) }, text(/path/, { nonEmpty: true }), options()] },
];

/** Every case of the sweep, in a fixed order: row, argument position, hostile value. */
export function cases(filter?: string): { row: number; position: number; hostile: number }[] {
  const out: { row: number; position: number; hostile: number }[] = [];
  ROWS.forEach((row, r) => {
    if (filter !== undefined && row.name !== filter) return;
    row.params.forEach((kind, position) => {
      if (kind.swept !== false) HOSTILE.forEach((_, h) => out.push({ row: r, position, hostile: h }));
    });
  });
  return out;
}

