import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError, parseCheckpoint, readCheckpointSync, writeCheckpoint } from '../../src/io/checkpoint-file.js';
import type { ModelSnapshot } from '../../src/io/checkpoint-file.js';
import { loadModel } from '../../src/io/model-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-checkpoint-file-'));
const snapshot: ModelSnapshot = {
  format: 'rxlogit-model',
  version: 1,
  weights: [0.1 + 0.2, -1 / 3],
  bias: 2 ** -40,
  seen: 1234,
  updates: 1200,
  modelVersion: 1250,
  refused: 3,
  config: { inputs: 2, schedule: { kind: 'constant', lr: 0.05 } },
};

describe('checkpoint files', () => {
  it('round-trip a snapshot exactly, written atomically, and load as a plain model file too', async () => {
    const path = join(dir, 'round.json');
    await writeCheckpoint(path, snapshot);
    expect(readCheckpointSync(path)).toEqual(snapshot);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const { model } = await loadModel(path);
    expect(Array.from(model.weights)).toEqual(snapshot.weights);
    expect(model.seen).toBe(1234);
  });

  it('accept a plain model file as a checkpoint of version 0', () => {
    const text = JSON.stringify({ format: 'rxlogit-model', version: 1, weights: [1], bias: null, seen: 4, updates: 4, config: {} });
    expect(parseCheckpoint(text, 'm.json')).toMatchObject({ weights: [1], bias: null, modelVersion: 0, refused: 0 });
  });

  it('are refused with a clear error when corrupt, foreign, newer or invalid', () => {
    const bad = (text: string): string => {
      try {
        parseCheckpoint(text, 'ck.json');
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('')).toMatch(/refusing checkpoint "ck.json": .*empty/);
    expect(bad('{"format":"rxlogit-model","vers')).toMatch(/not valid JSON \(truncated or corrupt\?\)/);
    expect(bad('{"name":"package","version":"1.0.0"}')).toMatch(/not an rxlogit model file/);
    expect(bad(JSON.stringify({ ...snapshot, version: 2 }))).toMatch(/newer rxlogit/);
    expect(bad(JSON.stringify({ ...snapshot, seen: -1 }))).toMatch(/seen/);
    expect(bad(JSON.stringify({ ...snapshot, modelVersion: 1.5 }))).toMatch(/modelVersion/);
  });

  it('read as undefined when missing, and fail clearly for a folder', () => {
    expect(readCheckpointSync(join(dir, 'missing.json'))).toBeUndefined();
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    expect(() => readCheckpointSync(folder)).toThrow(/cannot read checkpoint .*a-folder.*: it is a directory/);
  });

  it('never replace a foreign or corrupt file', async () => {
    const path = join(dir, 'precious.json');
    writeFileSync(path, '{"dataset": [1, 2, 3]}');
    await expect(writeCheckpoint(path, snapshot)).rejects.toThrow(/refusing to overwrite .*precious.json/);
    expect(readFileSync(path, 'utf8')).toBe('{"dataset": [1, 2, 3]}');
    await expect(writeCheckpoint(join(dir, 'nope', 'ck.json'), snapshot)).rejects.toThrow(CheckpointError);
    await expect(writeCheckpoint(join(dir, 'nan.json'), { ...snapshot, weights: [NaN, 1] })).rejects.toThrow(/weight 0 is not finite/);
  });
});
