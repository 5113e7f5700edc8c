// The mixed-stream property of the readers: a model trained on a seeded file
// of valid and hostile lines (skipping the invalid ones) is bit-identical to
// the model trained on the valid lines alone, through the core's learnOne and
// learnMany, the streaming reader, `trainFromInput` and `rxlogit train`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { trainFromInput } from '../../src/cli/train-loop.js';
import type { TrainConfig } from '../../src/cli/train-loop.js';
import { createModel, learnMany, learnOne } from '../../src/core/index.js';
import type { LogisticModel, Sample, UpdateOptions } from '../../src/core/index.js';
import { readSamples } from '../../src/data/sample-lines.js';
import { fuzzRng } from './generators.js';
import { chunked, oracleFor } from './reader-fuzz.js';
import { generateSampleFile } from './sample-line-generators.js';

const update: UpdateOptions = { schedule: { kind: 'constant', lr: 0.1 } };
let dir: string;
const files = new Map<string, { path: string; bytes: Buffer; valid: Sample[]; invalid: number }>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-fuzz-train-'));
  for (const format of ['jsonl', 'csv'] as const) {
    const { bytes } = generateSampleFile(format, { seed: 'mixed-train', lines: 6_000 });
    const expected = oracleFor(format, bytes);
    const valid = expected.flatMap((l) => (l.kind === 'valid' ? [{ x: l.x, t: l.t }] : []));
    const path = join(dir, `mixed.${format}`);
    await writeFile(path, bytes);
    files.set(format, { path, bytes, valid, invalid: expected.filter((l) => l.kind === 'invalid').length });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function coreModel(valid: readonly Sample[], epochs: number, batch?: number): LogisticModel {
  const m = createModel({ inputs: 2, bias: true });
  for (let e = 0; e < epochs; e++) {
    if (batch === undefined) for (const s of valid) learnOne(m, s, update);
    else for (let i = 0; i < valid.length; i += batch) learnMany(m, valid.slice(i, i + batch), update);
  }
  return m;
}

/** Weights then bias, compared with Object.is element by element (toEqual would accept 0 for −0). */
function expectSameModel(got: { weights: ArrayLike<number>; bias: number; seen: number }, want: LogisticModel): void {
  const a = [...Array.from(got.weights), got.bias, got.seen];
  const b = [...Array.from(want.weights), want.bias, want.seen];
  expect(a).toEqual(b);
  a.forEach((v, i) => expect(Object.is(v, b[i]), `element ${i}: ${v} vs ${b[i]}`).toBe(true));
}

describe.each(['jsonl', 'csv'] as const)('training on a mixed %s stream', (format) => {
  const file = () => files.get(format)!;

  it('is not vacuous: the file mixes many valid and invalid lines, and the model moved', () => {
    const { valid, invalid } = file();
    expect(valid.length).toBeGreaterThan(2_000);
    expect(invalid).toBeGreaterThan(2_000);
    expect(coreModel(valid, 1).weights.some((w) => w !== 0)).toBe(true);
  });

  it('the streaming reader with skipInvalid, then learnOne = learnOne on the valid lines alone', async () => {
    const m = createModel({ inputs: 2, bias: true });
    for await (const { sample } of readSamples(chunked(file().bytes, fuzzRng('mixed:chunks')), { format, skipInvalid: true })) {
      learnOne(m, sample, update);
    }
    expectSameModel(m, coreModel(file().valid, 1));
  });

  const base = (mode: TrainConfig['mode'], epochs: number): TrainConfig => ({
    input: file().path, format, mode, batchSize: 7, schedule: update.schedule, epochs, bias: true, l2: 0, shuffle: false, seed: '1',
    reduction: 'mean', skipInvalid: true,
  });

  it('trainFromInput, sample mode, 2 epochs = learnOne on the valid lines alone', async () => {
    const report = await trainFromInput(base('sample', 2));
    expect(report.samples).toBe(file().valid.length);
    expect(report.invalidCount).toBe(file().invalid);
    expectSameModel(report.model, coreModel(file().valid, 2));
  });

  it('trainFromInput, minibatch mode (7) = learnMany over the valid lines alone', async () => {
    const report = await trainFromInput(base('minibatch', 1));
    expectSameModel(report.model, coreModel(file().valid, 1, 7));
  });

  it('`rxlogit train --skip-invalid --json` prints the same model and counts the skipped lines', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdin: Readable.from([]), stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } };
    const code = await runCli(['train', '--input', file().path, '--format', format, '--skip-invalid', '--json', '--bias', '--lr', '0.1'], io);
    expect(code).toBe(0);
    const result = JSON.parse(out.join('')) as { weights: number[]; bias: number; n: number };
    expectSameModel({ weights: result.weights, bias: result.bias, seen: result.n }, coreModel(file().valid, 1));
    expect(err.join('')).toContain(`skipped ${file().invalid} invalid lines:`);
  });
});
