/**
 * wengert/node: models written to files and read back bit for bit, and the
 * errors for a bad path or an unreadable file. (writePlot is tested with the
 * plots, in viz.test.ts.) Files go to the OS's temporary folder only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../src/errors.js';
import { MLP, saveModel } from '../src/index.js';
import { readModel, writeModel } from '../src/node/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'wengert-node-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('writeModel and readModel', () => {
  it('write the JSON of saveModel (creating the folder) and read back every parameter bit for bit', async () => {
    const model = new MLP([2, 5, 3], { seed: 4, activation: 'tanh' });
    model.params[0] = -0;
    model.params[1] = 5e-324;
    const path = join(scratch, 'models', 'a', 'model.json');
    expect(await writeModel(model, path)).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(`${saveModel(model)}\n`);
    const copy = await readModel(path);
    expect(copy.sizes).toEqual([2, 5, 3]);
    expect(copy.activation).toBe('tanh');
    expect(copy.params.length).toBe(model.params.length);
    expect(copy.params.every((p, i) => Object.is(p, model.params[i]))).toBe(true);
    expect(Array.from(copy.predict([0.5, -1]))).toEqual(Array.from(model.predict([0.5, -1])));
  });

  it('writeModel into a folder that cannot be created fails at once with the folder named (Node 20’s recursive mkdir never returns under /proc)', async () => {
    const model = new MLP([1, 1]);
    await expect(writeModel(model, '/proc/wengert-nope/m.json')).rejects.toThrow(/writeModel: cannot write '\/proc\/wengert-nope\/m.json': the folder '\/proc\/wengert-nope' cannot be created/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    await expect(writeModel(model, join(file, 'm.json'))).rejects.toThrow(/is a file, not a folder/);
  }, 10_000);

  it('name the path, or the argument, at fault', async () => {
    await expect(writeModel(new MLP([1, 1]), '')).rejects.toThrow(/writeModel: path must be a non-empty string, got the string ""/);
    await expect(writeModel({} as MLP, join(scratch, 'x.json'))).rejects.toThrow(ArgumentError);
    await expect(readModel(42 as unknown as string)).rejects.toThrow(/readModel: path must be a non-empty string, got the number 42/);
    const absent = join(scratch, 'absent.json');
    await expect(readModel(absent)).rejects.toThrow(new RegExp(`readModel: cannot read '${absent}'`));
    await expect(readModel(absent)).rejects.toThrow(ArgumentError);
    const garbage = join(scratch, 'garbage.json');
    writeFileSync(garbage, '{"format":"something else"}');
    await expect(readModel(garbage)).rejects.toThrow(/not a saved wengert model/);
  });
});
