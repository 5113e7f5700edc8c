import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/io/checkpoint-error.js';
import { checkpointText, parseCheckpoint, readCheckpointSync, writeCheckpoint } from '../../src/io/checkpoint-file.js';
import { probeCheckpointTarget } from '../../src/io/probe-checkpoint-target.js';
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

  it('carry a checksum of their content, and a damaged number is refused (seen 77700 → 75700)', async () => {
    const path = join(dir, 'flip.json');
    await writeCheckpoint(path, { ...snapshot, seen: 77700 });
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text).checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(readCheckpointSync(path)?.seen).toBe(77700);
    // One flipped digit still parses and passes the schema: only the checksum can tell.
    writeFileSync(path, text.replace('"seen": 77700', '"seen": 75700'));
    expect(() => readCheckpointSync(path)).toThrow(CheckpointError);
    expect(() => readCheckpointSync(path)).toThrow(/refusing checkpoint ".*flip\.json": its content does not match its checksum/);
    // A flipped bit in a weight's digits, and in the checksum itself.
    const w = JSON.parse(text) as { weights: number[]; checksum: string };
    writeFileSync(path, text.replace(String(w.weights[1]), String(w.weights[1]).replace(/3(?=3*$)/, '7')));
    expect(() => readCheckpointSync(path)).toThrow(/does not match its checksum/);
    writeFileSync(path, text.replace(w.checksum, `${w.checksum.slice(0, -1)}${w.checksum.endsWith('0') ? '1' : '0'}`));
    expect(() => readCheckpointSync(path)).toThrow(/does not match its checksum/);
    writeFileSync(path, text.replace(w.checksum, 'md5:1234'));
    expect(() => readCheckpointSync(path)).toThrow(/its "checksum" is not "sha256:" and 64 hex digits/);
  });

  it('accept the same content reformatted, and files of the current version without a checksum', () => {
    const parsed = JSON.parse(checkpointText(snapshot)) as Record<string, unknown>;
    const reordered = Object.fromEntries(Object.entries(parsed).reverse());
    expect(parseCheckpoint(JSON.stringify(reordered), 'r.json')).toEqual(snapshot);
    const legacy = JSON.stringify({ ...snapshot }, null, 2);
    expect(legacy).not.toContain('checksum');
    expect(parseCheckpoint(legacy, 'legacy.json')).toEqual(snapshot);
  });

  it('probe a target before a long run: a missing folder, a file used as a folder and a foreign file are refused, nothing is left behind', async () => {
    const ok = join(dir, 'probe-ok.json');
    await probeCheckpointTarget(ok);
    expect(readdirSync(dir).filter((f) => f.startsWith('.probe-ok'))).toEqual([]);
    const fail = async (path: string): Promise<string> => {
      try {
        await probeCheckpointTarget(path);
      } catch (e) {
        expect(e).toBeInstanceOf(CheckpointError);
        return (e as Error).message;
      }
      throw new Error(`the probe of ${path} passed`);
    };
    expect(await fail(join(dir, 'no-such-folder', 'm.json'))).toBe(`cannot write checkpoint "${join(dir, 'no-such-folder', 'm.json')}": the folder "${join(dir, 'no-such-folder')}" does not exist`);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(await fail(join(file, 'm.json'))).toMatch(/is not a folder|ENOTDIR/);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello":1}');
    expect(await fail(foreign)).toMatch(/refusing to overwrite/);
    expect(readFileSync(foreign, 'utf8')).toBe('{"hello":1}');
    mkdirSync(join(dir, 'probe-folder'));
    expect(await fail(join(dir, 'probe-folder'))).toMatch(/it is a directory/);
  });
});
