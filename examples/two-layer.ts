/**
 * The README's two-layer network on arrays, as written there: Iris (from
 * `wengert/datasets`), a 4-16-3 tanh network of matmuls, softmax cross-entropy
 * over the whole training set, Adam, and a loop. `tsx examples/two-layer.ts`.
 */
import { adam, applyUpdates, compile, constant, matmul, type Node, Random, softmaxCrossEntropyBatch, standardize, tanh, trainTestSplit, variable } from '../src/index.js';
import { loadIris } from '../src/data/datasets.js';

export async function twoLayer(steps = 300): Promise<{ losses: number[]; right: number; of: number }> {
  const split = trainTestSplit(await loadIris(), { testFraction: 0.2, seed: 1, stratify: true });
  const { train, test } = standardize(split.train, split.test);
  const [W1, b1] = [variable('W1', [4, 16]), variable('b1', [16])];
  const [W2, b2] = [variable('W2', [16, 3]), variable('b2', [3])];
  const net = (X: Node) => matmul(tanh(matmul(X, W1).add(b1)), W2).add(b2); // logits, a row per flower
  const loss = softmaxCrossEntropyBatch(net(constant(train.features, [train.rows, 4])), train.labels);
  const program = compile(loss, [W1, b1, W2, b2]); // inputs: one flat vector, W1 b1 W2 b2 row-major
  const params = new Random(0).normals(program.layout.inputSize, 0, 0.5); // 131 numbers
  const grad = new Float64Array(params.length);
  const optimizer = adam({ learningRate: 0.01 });
  const state = optimizer.init(params);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    losses.push(program.valueAndGradient(params, grad).value);
    applyUpdates(params, optimizer.update(grad, state, params));
  }
  const scores = new Float64Array(3 * test.rows);
  compile(net(constant(test.features, [test.rows, 4])), [W1, b1, W2, b2]).evaluate(params, scores);
  let right = 0;
  for (let i = 0; i < test.rows; i++) {
    const row = scores.subarray(3 * i, 3 * i + 3);
    if (row.indexOf(Math.max(...row)) === test.labels[i]) right++;
  }
  return { losses, right, of: test.rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { losses, right, of } = await twoLayer();
  console.log(`loss ${losses[0].toFixed(4)} → ${losses.at(-1)!.toFixed(4)}; test accuracy ${right}/${of}`);
}
