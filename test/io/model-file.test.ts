import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModel, learnOne } from '../../src/core/index.js';
import {
  checkModelTarget,
  loadModel,
  ModelFileError,
  modelFromFile,
  modelToFile,
  parseModelFile,
  saveModel,
} from '../../src/io/model-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VALID = { format: 'rxlogit-model', version: 1, weights: [1, 2], bias: null, seen: 3, updates: 3, config: {} };

function parseError(value: unknown): string {
  try {
    parseModelFile(typeof value === 'string' ? value : JSON.stringify(value), 'm.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('model files', () => {
  it('round-trip a model bit for bit, with and without bias', async () => {
    for (const bias of [false, true]) {
      const m = createModel({ inputs: 3, bias, init: [0.1, -2.5e-300, 1 / 3], initBias: bias ? Math.PI : 0 });
      for (let i = 0; i < 5; i++) learnOne(m, { x: [1, i, -i], t: (i % 2) as 0 | 1 }, { schedule: { kind: 'constant', lr: 0.3 } });
      const path = join(dir, `m-${bias}.json`);
      await saveModel(path, m, { mode: 'sample', schedule: { kind: 'constant', lr: 0.3 } });
      const { model, config } = await loadModel(path);
      expect(Array.from(model.weights)).toEqual(Array.from(m.weights));
      expect(model.weights.every((w, i) => Object.is(w, m.weights[i]))).toBe(true);
      expect(model.bias).toBe(m.bias);
      expect(model.useBias).toBe(bias);
      expect(model.seen).toBe(5);
      expect(model.updates).toBe(5);
      expect(config).toEqual({ mode: 'sample', schedule: { kind: 'constant', lr: 0.3 } });
      const json = JSON.parse(await readFile(path, 'utf8'));
      expect(Object.keys(json)).toEqual(['format', 'version', 'weights', 'bias', 'seen', 'updates', 'config']);
      expect(json.bias).toBe(bias ? m.bias : null);
    }
  });

  it('explain corrupt, truncated, foreign, newer and invalid files', () => {
    expect(parseError('')).toBe('model file "m.json" is empty');
    expect(parseError(JSON.stringify(VALID).slice(0, 30))).toMatch(/^model file "m.json" is not valid JSON \(truncated or corrupt\?\): /);
    expect(parseError({ ...VALID, format: 'other' })).toBe(
      '"m.json" is not an rxlogit model file (its "format" is "other", expected "rxlogit-model")',
    );
    expect(parseError([1, 2])).toBe('"m.json" is not an rxlogit model file (it has no "format" field, expected "rxlogit-model")');
    expect(parseError({ ...VALID, version: 2 })).toBe(
      '"m.json" was written by a newer rxlogit (model file version 2; this one reads version 1): upgrade rxlogit',
    );
    expect(parseError({ ...VALID, version: 0 })).toMatch(/^model file "m.json" is invalid: version: /);
    expect(parseError({ ...VALID, weights: [1, 'a'] })).toMatch(/^model file "m.json" is invalid: weights\[1\]: /);
    expect(parseError({ ...VALID, weights: [] })).toMatch(/^model file "m.json" is invalid: weights: /);
    expect(parseError({ ...VALID, seen: -1 })).toMatch(/^model file "m.json" is invalid: seen: /);
    expect(parseError({ ...VALID, bias: '0' })).toMatch(/^model file "m.json" is invalid: bias: /);
    const { config, ...noConfig } = VALID;
    void config;
    expect(parseError(noConfig)).toMatch(/^model file "m.json" is invalid: config: /);
  });

  it('never trusts prototype keys', () => {
    const text = `{"format":"rxlogit-model","version":1,"weights":[1],"bias":null,"seen":0,"updates":0,"config":{"__proto__":{"polluted":1}}}`;
    parseModelFile(text);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('report a missing file with its path', async () => {
    await expect(loadModel(join(dir, 'none.json'))).rejects.toThrow(`cannot read model "${join(dir, 'none.json')}": no such file or folder`);
  });

  it('refuse to overwrite anything but a readable model file', async () => {
    const data = join(dir, 'data.jsonl');
    await writeFile(data, '{"x":[1],"t":0}\n{"x":[2],"t":1}\n');
    const m = createModel({ inputs: 1 });
    await expect(saveModel(data, m)).rejects.toThrow(`refusing to overwrite "${data}": model file "${data}" is not valid JSON`);
    expect(await readFile(data, 'utf8')).toBe('{"x":[1],"t":0}\n{"x":[2],"t":1}\n');
    const newer = join(dir, 'newer.json');
    await writeFile(newer, JSON.stringify({ ...VALID, version: 3 }));
    await expect(checkModelTarget(newer)).rejects.toThrow(/^refusing to overwrite .*written by a newer rxlogit/);
    await expect(checkModelTarget(dir)).rejects.toThrow('it is a directory');
    const old = join(dir, 'old.json');
    await writeFile(old, JSON.stringify(VALID));
    await saveModel(old, m);
    expect((await loadModel(old)).model.weights).toEqual(Float64Array.of(0));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuse to save non-finite weights', () => {
    const m = createModel({ inputs: 2 });
    m.weights[1] = NaN;
    expect(() => modelToFile(m, {}, 'x.json')).toThrow('cannot save "x.json": weight 1 is not finite (NaN)');
  });

  it('rebuild a model from validated content', () => {
    const m = modelFromFile({ ...VALID, bias: 0.5 } as Parameters<typeof modelFromFile>[0]);
    expect(m.useBias).toBe(true);
    expect(m.bias).toBe(0.5);
    expect(m.seen).toBe(3);
  });
});
