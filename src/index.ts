/**
 * wengert — automatic differentiation on expression graphs: forward mode and
 * reverse mode at machine precision, derivative graphs for higher order, and
 * function transforms in the style of JAX.
 *
 * This is the core entry point: the graph, the ops, both modes, the transforms,
 * compiled programs, losses, optimizers and their drivers, numeric checks,
 * models, seeded data generators and DOT text. It runs in any JavaScript
 * engine (no Node built-ins, no top-level await) and imports no other package.
 * Expression strings are `wengert/parse`, plots `wengert/plot`, Iris and MNIST
 * `wengert/datasets`, files `wengert/node`.
 *
 * @example
 * ```ts
 * import { variable, reciprocal, add, exp, neg, mul, reverseMode } from 'wengert';
 * const [x, w, b] = [variable('x'), variable('w'), variable('b')];
 * const f = reciprocal(add(1, exp(neg(add(mul(w, x), b)))));
 * reverseMode(f, { x: 3, w: 2, b: 1 }).gradient; // { x: 0.00182…, w: 0.00273…, b: 0.00091… }
 * ```
 * @packageDocumentation
 */
import './ops/fluent.js';

export {
  WengertError,
  UnboundVariableError,
  BindingTypeError,
  ArgumentError,
  ShapeError,
  ExpressionSyntaxError,
  UnsupportedExpressionError,
  ExpressionLimitError,
  NonFiniteError,
  MissingPackageError,
  type SourceSpan,
} from './errors.js';
export { Node, variable, constant, type Op, type StructuralOp, type NodeLike, type ArrayNode, type NestedArray, type Lift, type Lift2 } from './graph/node.js';
export { type Shape, sizeOf, formatShape } from './graph/shape.js';
export type { ArrayValue, Value, BindingValue, ValueOf, ValuesOf, GradientOf } from './graph/values.js';
export { tape, topologicalOrder, type Tape } from './graph/tape.js';
export type { Bindings } from './graph/bindings.js';
export { evaluate } from './ad/evaluate.js';
export { forwardMode } from './ad/forward.js';
export { reverseMode } from './ad/reverse.js';
export { gradientNodes } from './ad/gradient-nodes.js';
export { tangentNodes } from './ad/tangent-nodes.js';
export { customJvp, customVjp, type CustomFunction } from './ad/custom-rules.js';
export { substitute } from './graph/substitute.js';
export {
  grad,
  valueAndGrad,
  jvp,
  vjp,
  jacobian,
  hessian,
  hvp,
  type Arg,
  type TracedArg,
  type ArgResult,
  type TracedResult,
  type Transformed,
  type JvpResult,
  type VjpResult,
} from './ad/transforms.js';

export { add } from './ops/add.js';
export { mul } from './ops/mul.js';
export { neg } from './ops/neg.js';
export { pow } from './ops/pow.js';
export { exp } from './ops/exp.js';
export { reciprocal } from './ops/reciprocal.js';
export { log } from './ops/log.js';
export { log1p } from './ops/log1p.js';
export { tanh } from './ops/tanh.js';
export { sin } from './ops/sin.js';
export { cos } from './ops/cos.js';
export { sqrt } from './ops/sqrt.js';
export { abs } from './ops/abs.js';
export { max } from './ops/max.js';
export { min } from './ops/min.js';
export { relu } from './ops/relu.js';
export { sign } from './ops/sign.js';
export { stopGradient } from './ops/stop-gradient.js';
export { sum } from './ops/sum.js';
export { tan } from './ops/tan.js';
export { asin } from './ops/asin.js';
export { acos } from './ops/acos.js';
export { atan } from './ops/atan.js';
export { atan2 } from './ops/atan2.js';
export { sinh } from './ops/sinh.js';
export { cosh } from './ops/cosh.js';
export { asinh } from './ops/asinh.js';
export { acosh } from './ops/acosh.js';
export { atanh } from './ops/atanh.js';
export { expm1 } from './ops/expm1.js';
export { log2 } from './ops/log2.js';
export { log10 } from './ops/log10.js';
export { hypot } from './ops/hypot.js';
export { sinc } from './ops/sinc.js';
export { floor } from './ops/floor.js';
export { ceil } from './ops/ceil.js';
export { round } from './ops/round.js';
export { trunc } from './ops/trunc.js';
export { mod, remainder } from './ops/mod.js';
export { sub, div, square, sigmoid, softplus, logSumExp, mean, softmax, exp2, deg2rad, rad2deg } from './ops/composites.js';
export { less, lessEqual, greater, greaterEqual, equal, notEqual, eq, ne, lt, le, gt, ge } from './ops/compare.js';
export { where } from './ops/where.js';
export { broadcastTo } from './ops/broadcast-to.js';
export { reshape } from './ops/reshape.js';
export { transpose } from './ops/transpose.js';
export { slice, type SliceRange } from './ops/slice.js';
export { pad } from './ops/pad.js';
export { concat, stack } from './ops/concat.js';
export { take, scatterAdd } from './ops/take.js';
export { matmul } from './ops/matmul.js';
export type { ReduceOptions } from './ops/reduce-sum.js';
export { dot } from './ops/dot.js';
export { primitives, unaryPrimitives, binaryPrimitives, structuralPrimitives } from './ops/table.js';
export type {
  Arithmetic,
  Primitive,
  UnaryPrimitive,
  BinaryPrimitive,
  VariadicPrimitive,
  StructuralPrimitive,
  StructuralNode,
  Attrs,
  PrimitiveName,
  UnaryName,
  BinaryName,
  ComparisonName,
  VariadicName,
  StructuralName,
} from './ops/primitive.js';
export { numbers, nodes as nodeArithmetic, source as sourceArithmetic, literal } from './ops/arithmetic.js';
export { withChecks } from './engine/checks.js';
export { compile, Program, type CompileOptions } from './ad/program.js';
export type { ProgramStats, Backend } from './engine/program-io.js';
export { forwardDifference, centeredDifference, numericalGradient, type Vector } from './numeric/differences.js';
export {
  gradcheck,
  type GradcheckOptions,
  type GraphGradcheckOptions,
  type FunctionGradcheckOptions,
  type GradientPair,
  type GradcheckEntry,
  type GradcheckReport,
} from './numeric/gradcheck.js';
export { objective, NonFiniteLossError, type Objective, type ObjectiveLike, type ObjectiveOptions } from './optim/objective.js';
export { nelderMead, DegenerateSimplexError, type NelderMeadOptions, type NelderMeadResult, type NelderMeadStatus } from './optim/nelder-mead.js';
export {
  armijo,
  goldenSection,
  bracketMinimum,
  exactLineSearch,
  type ArmijoOptions,
  type ArmijoResult,
  type GoldenSectionOptions,
  type GoldenSectionResult,
  type BracketOptions,
  type Bracket,
  type ExactLineSearchOptions,
  type ExactLineSearchResult,
} from './optim/line-search.js';
export {
  gradientDescent,
  type StepPolicy,
  type StopRule,
  type GradientDescentOptions,
  type GradientDescentResult,
  type GradientDescentHistory,
  type GradientDescentStatus,
} from './optim/gradient-descent.js';
export * from './data/index.js';
export { squareLoss, l1Loss, huberLoss, squareLossBatch, mse, l1LossBatch, huberLossBatch, type HuberOptions } from './losses/regression.js';
export { hingeLoss, logisticLoss, hingeLossBatch, logisticLossBatch } from './losses/margin.js';
export {
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  sigmoidCrossEntropyBatch,
  softmaxCrossEntropyBatch,
  type SoftmaxTarget,
} from './losses/cross-entropy.js';
export type { Reduction, ReductionOptions, BatchLoss } from './losses/batch.js';
export { chain, type GradientTransformation, type StateOf, type ChainState } from './optim/gradient-transformation.js';
export {
  scale,
  scaleByLearningRate,
  addDecayedWeights,
  clipByGlobalNorm,
  globalNorm,
  trace,
  type EmptyState,
  type ScheduleState,
  type TraceOptions,
  type TraceState,
} from './optim/basic-transformations.js';
export {
  scaleByAdam,
  scaleByRms,
  scaleByRss,
  type ScaleByAdamOptions,
  type ScaleByAdamState,
  type ScaleByRmsOptions,
  type ScaleByRmsState,
  type ScaleByRssOptions,
  type ScaleByRssState,
} from './optim/moments.js';
export {
  constantSchedule,
  stepDecay,
  piecewiseConstant,
  exponentialDecay,
  inverseTimeDecay,
  cosineDecay,
  linearWarmup,
  type Schedule,
  type DecayOptions,
} from './optim/schedules.js';
export {
  sgd,
  momentum,
  nesterov,
  rmsprop,
  adagrad,
  adam,
  adamw,
  type Optimizer,
  type LearningRate,
  type SgdOptions,
  type RmspropOptions,
  type AdagradOptions,
  type AdamOptions,
} from './optim/optimizers.js';
export { applyUpdates } from './optim/apply.js';
export { fit, type FitProblem, type FitOptions, type FitHistory, type FitResult } from './optim/fit.js';
export { minimize, METHODS, type Method, type MinimizeOptions, type MinimizeResult } from './optim/minimize.js';
export { ACTIVATIONS, type Activation } from './nn/activations.js';
export { INITIALIZERS, initialize, type Initializer } from './nn/initializers.js';
export { MLP, neuron, dense, type MLPOptions, type DenseLayer } from './nn/mlp.js';
export { train, lossProgram, classify, accuracy, type TrainOptions } from './nn/train.js';
export { MODEL_LOSSES, type ModelLoss } from './nn/model-loss.js';
export { saveModel, loadModel, type SavedModel } from './nn/serialize.js';
export { toDot, type DotOptions } from './viz/dot.js';
