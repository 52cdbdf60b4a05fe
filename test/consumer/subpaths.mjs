// Every subpath of the package, installed without its optional peers: what works, and the error of what needs one.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingPackageError, MLP, Node, reverseMode, WengertError } from 'wengert';
import { parse } from 'wengert/parse';
import { lossCurve, pngAvailable, renderSvg, svgToPng } from 'wengert/plot';
import { loadIris, loadMnist } from 'wengert/datasets';
import { readModel, writeModel, writePlot } from 'wengert/node';

/** The error a promise rejects with, as plain data. */
async function failure(promise) {
  try {
    await promise;
    return { resolved: true };
  } catch (e) {
    return { name: e.name, packageName: e.packageName, message: e.message, missing: e instanceof MissingPackageError, wengert: e instanceof WengertError };
  }
}

const dir = await mkdtemp(join(tmpdir(), 'wengert-consumer-'));
const { output } = parse('1/(1+exp(-(w*x+b)))');
const spec = lossCurve({ loss: [3, 2, 1] });
const model = new MLP([2, 3, 1], { seed: 1 });
const copy = await readModel(await writeModel(model, join(dir, 'model.json')));
const specFile = await writePlot(spec, join(dir, 'loss.json'));
console.log(JSON.stringify({
  parse: { isNode: output instanceof Node, fluent: typeof output.mul, gradient: reverseMode(output, { x: 3, w: 2, b: 1 }).gradient },
  plot: {
    schema: spec.$schema,
    png: await pngAvailable(),
    renderSvg: await failure(renderSvg(spec)),
    svgToPng: await failure(svgToPng('<svg xmlns="http://www.w3.org/2000/svg"/>')),
  },
  datasets: { loadIris: await failure(loadIris()), loadMnist: await failure(loadMnist({ train: 10, test: 10 })) },
  node: {
    sameModel: copy.params.every((p, i) => Object.is(p, model.params[i])),
    specFile: JSON.parse(await readFile(specFile, 'utf8')).$schema,
    writeSvg: await failure(writePlot(spec, join(dir, 'loss.svg'))),
  },
}));
