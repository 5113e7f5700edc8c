import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { trainFromInput } from '../../src/cli/train-loop.js';
import type { TrainConfig } from '../../src/cli/train-loop.js';
import { createModel, learnMany, learnOne, meanLoss } from '../../src/core/index.js';
import type { Label, LearningRateSchedule, LogisticModel, Sample, UpdateOptions } from '../../src/core/index.js';
import tutorial from '../fixtures/tutorial.json' with { type: 'json' };

let dir: string;
const path = (name: string): string => join(dir, name);

async function run(argv: string[], stdinText?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = Readable.from(stdinText === undefined ? [] : [Buffer.from(stdinText)]);
  const code = await runCli(argv, { stdin, stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

async function runJson(argv: string[], stdinText?: string) {
  const r = await run([...argv, '--json'], stdinText);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { weights: number[]; bias: number | null; n: number; loss: number };
}

const jsonl = (samples: readonly Sample[]): string => samples.map((s) => JSON.stringify(s)).join('\n') + '\n';

const TUTORIAL: Sample[] = tutorial.X.map((x, i) => ({ x, t: tutorial.t[i] as Label }));
const rng = seedrandom('train-cli');
const RANDOM: Sample[] = Array.from({ length: 103 }, () => {
  const t = (rng() < 0.5 ? 0 : 1) as Label;
  return { x: [rng() * 4 - 2 + (t ? 1 : -1), rng() * 4 - 2, rng()], t };
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxlogit-train-'));
  await writeFile(path('tutorial.jsonl'), jsonl(TUTORIAL));
  await writeFile(path('random.jsonl'), jsonl(RANDOM));
  const csv = ['a,b,c,label', ...RANDOM.map((s) => [...s.x, s.t].join(','))].join('\r\n');
  await writeFile(path('random.csv'), csv);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The core's own loop: per-sample (batch 1) or consecutive mini-batches, one epoch after another. */
function coreLoop(
  samples: readonly Sample[],
  o: { epochs: number; batch?: number; bias?: boolean; init?: number[]; initBias?: number; update: UpdateOptions },
): LogisticModel {
  const m = createModel({ inputs: samples[0]!.x.length, bias: o.bias ?? true, ...(o.init ? { init: o.init } : {}), initBias: o.initBias ?? 0 });
  for (let e = 0; e < o.epochs; e++) {
    if (o.batch === undefined) for (const s of samples) learnOne(m, s, o.update);
    else for (let i = 0; i < samples.length; i += o.batch) learnMany(m, samples.slice(i, i + o.batch), o.update);
  }
  return m;
}

function expectModel(got: { weights: number[]; bias: number | null; n: number; loss: number }, m: LogisticModel, samples: readonly Sample[]) {
  expect(got.weights).toEqual(Array.from(m.weights));
  expect(got.bias).toBe(m.useBias ? m.bias : null);
  expect(got.n).toBe(m.seen);
  expect(got.loss).toBe(meanLoss(m, samples));
}

const constant = (lr: number): LearningRateSchedule => ({ kind: 'constant', lr });

describe('rxlogit train: parity with the tutorial and the core', () => {
  it("reproduces the tutorial's 10 full-batch iterations from w = (-4, -2)", async () => {
    const r = await run(['train', '--input', path('tutorial.jsonl'), '--mode', 'batch', '--reduction', 'sum', '--lr', '0.05', '--epochs', '10', '--no-bias', '--init', '-4,-2', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const got = JSON.parse(r.stdout);
    expect(Object.keys(got)).toEqual(['weights', 'bias', 'n', 'loss']);
    const [w1, w2] = tutorial.weights[10]!;
    expect(got.weights[0]).toBeCloseTo(w1!, 9);
    expect(got.weights[1]).toBeCloseTo(w2!, 9);
    expect(Math.abs(got.weights[0] - w1!)).toBeLessThan(1e-9);
    expect(Math.abs(got.weights[1] - w2!)).toBeLessThan(1e-9);
    expect(got.bias).toBeNull();
    expect(got.n).toBe(400);
    expect(Math.abs(got.loss - tutorial.loss[10]!)).toBeLessThan(1e-9);
  });

  it('per-sample mode gives exactly the learnOne loop', async () => {
    const got = await runJson(['train', '--input', path('random.jsonl'), '--lr', '0.1', '--epochs', '3', '--bias', '--init', '0.5,-0.25,1,0.125']);
    const m = coreLoop(RANDOM, { epochs: 3, bias: true, init: [0.5, -0.25, 1], initBias: 0.125, update: { schedule: constant(0.1) } });
    expectModel(got, m, RANDOM);
    expect(got.n).toBe(309);
  });

  it('mini-batch mode gives exactly the learnMany loop, last batch short', async () => {
    for (const reduction of ['mean', 'sum'] as const) {
      const argv = ['train', '--input', path('random.jsonl'), '--mode', 'minibatch', '--batch-size', '7', '--epochs', '2', '--reduction', reduction];
      const got = await runJson(argv);
      expectModel(got, coreLoop(RANDOM, { epochs: 2, batch: 7, update: { schedule: constant(0.05), reduction } }), RANDOM);
    }
  });

  it('applies the schedules and L2 as the core does', async () => {
    const scaling = await runJson(['train', '--input', path('random.jsonl'), '--schedule', 'inverse-scaling', '--decay', '0.5', '--lr', '0.3', '--l2', '0.01']);
    const update: UpdateOptions = { schedule: { kind: 'inverse-scaling', lr: 0.3, decay: 0.5 }, l2: 0.01 };
    expectModel(scaling, coreLoop(RANDOM, { epochs: 1, update }), RANDOM);
    const power = await runJson(['train', '--input', path('random.jsonl'), '--schedule', 'inverse-power', '--power', '0.5', '--lr', '0.3']);
    expectModel(power, coreLoop(RANDOM, { epochs: 1, update: { schedule: { kind: 'inverse-power', lr: 0.3, power: 0.5 } } }), RANDOM);
  });

  it('reads CSV with a header and CRLF like the same JSON Lines', async () => {
    const a = await runJson(['train', '--input', path('random.csv'), '--epochs', '2']);
    const b = await runJson(['train', '--input', path('random.jsonl'), '--epochs', '2']);
    expect(a).toEqual(b);
  });

  it('reads stdin, kept in memory for later epochs and the loss', async () => {
    const a = await runJson(['train', '--input', '-', '--epochs', '3', '--mode', 'minibatch', '--batch-size', '10'], jsonl(RANDOM));
    const b = await runJson(['train', '--input', path('random.jsonl'), '--epochs', '3', '--mode', 'minibatch', '--batch-size', '10']);
    expect(a).toEqual(b);
  });

  it('shuffles with a seeded Fisher–Yates per epoch', async () => {
    const argv = ['train', '--input', path('random.jsonl'), '--epochs', '2', '--shuffle', '--seed', 'abc'];
    const a = await runJson(argv);
    expect(await runJson(argv)).toEqual(a);
    expect((await runJson(argv.slice(0, -1).concat('abd'))).weights).not.toEqual(a.weights);
    const random = seedrandom('abc');
    const order = RANDOM.map((_, i) => i);
    const m = createModel({ inputs: 3 });
    for (let e = 0; e < 2; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const k of order) learnOne(m, RANDOM[k]!, { schedule: constant(0.05) });
    }
    expectModel(a, m, RANDOM);
  });

  it('computes the final loss by a second pass when the samples do not fit the cache', async () => {
    const config: TrainConfig = {
      input: path('random.jsonl'), format: 'jsonl', mode: 'sample', batchSize: 1, schedule: constant(0.05), epochs: 2,
      bias: false, l2: 0, shuffle: false, seed: '1', reduction: 'mean', skipInvalid: false,
    };
    const cached = await trainFromInput(config);
    const streamed = await trainFromInput(config, { lossCacheBytes: 0 });
    expect(Array.from(streamed.model.weights)).toEqual(Array.from(cached.model.weights));
    expect(streamed.loss).toBeCloseTo(cached.loss, 12);
    expect(cached.samples).toBe(103);
  });
});

describe('rxlogit train: output', () => {
  it('prints the model for people', async () => {
    const r = await run(['train', '--input', path('tutorial.jsonl'), '--bias']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^weights: \[-?\d.*, -?\d.*\]$/);
    expect(lines[1]).toMatch(/^bias: -?\d/);
    expect(lines[2]).toBe('samples seen: 40');
    expect(lines[3]).toBe('steps: 40');
    expect(lines[4]).toMatch(/^mean loss: 0\.\d+ \(final model, over 40 samples\)$/);
  });
});

describe('rxlogit train: bad input', () => {
  it('stops at an invalid line with its number', async () => {
    await writeFile(path('bad.jsonl'), '{"x":[1,2],"t":0}\n{"x":[1,2],"t":1}\n{"x":[1,2],"t":5}\n');
    const r = await run(['train', '--input', path('bad.jsonl'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`rxlogit train: ${path('bad.jsonl')}: line 3: "t" must be 0 or 1, got 5\n`);
  });

  it('skips invalid lines with --skip-invalid and reports the first ones', async () => {
    const lines = RANDOM.map((s) => JSON.stringify(s));
    lines.splice(2, 0, '{"x":[1,2],"t":5}');
    lines.splice(5, 0, 'garbage');
    for (let i = 0; i < 6; i++) lines.push('{"x":[1],"t":0}');
    await writeFile(path('some-bad.jsonl'), lines.join('\n'));
    const r = await run(['train', '--input', path('some-bad.jsonl'), '--skip-invalid', '--json']);
    expect(r.code).toBe(0);
    expectModel(JSON.parse(r.stdout), coreLoop(RANDOM, { epochs: 1, update: { schedule: constant(0.05) } }), RANDOM);
    const err = r.stderr.split('\n');
    expect(err[0]).toBe('rxlogit train: skipped 8 invalid lines:');
    expect(err[1]).toBe('rxlogit train:   line 3: "t" must be 0 or 1, got 5');
    expect(err[2]).toMatch(/^rxlogit train: {3}line 6: not valid JSON/);
    expect(err[3]).toBe('rxlogit train:   line 106: has 1 x values, expected 3 (as on line 1)');
    expect(err[6]).toBe('rxlogit train:   … and 3 more');
  });

  it('fails clearly on a missing file, an empty input and a mismatched --init', async () => {
    const missing = await run(['train', '--input', path('none.jsonl')]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(`rxlogit train: cannot read "${path('none.jsonl')}": no such file\n`);
    await writeFile(path('empty.jsonl'), '\n\n');
    expect((await run(['train', '--input', path('empty.jsonl')])).stderr).toBe(`rxlogit train: "${path('empty.jsonl')}" has no valid samples\n`);
    expect((await run(['train', '--input', '-'], '')).stderr).toBe('rxlogit train: standard input has no valid samples\n');
    const init = await run(['train', '--input', path('tutorial.jsonl'), '--init', '1,2,3,4']);
    expect(init.code).toBe(2); // a usage error, though it shows only once the first sample gives the width
    expect(init.stderr).toBe('rxlogit train: --init has 4 values but the samples have 2 features: give 2 weights, or 3 with the bias last\n(see rxlogit train --help)\n');
    const noBias = await run(['train', '--input', path('tutorial.jsonl'), '--no-bias', '--init', '1,2,3']);
    expect(noBias.stderr).toBe('rxlogit train: --init has 3 values but the samples have 2 features: give 2 weights (drop --no-bias to give a bias last)\n(see rxlogit train --help)\n');
  });

  it('exits 2 on bad usage, with a pointer to --help', async () => {
    const cases: [string[], string][] = [
      [['train'], '--input FILE is required (use - for stdin)'],
      [['train', '--input', 'a', '--lr', '-1'], '--lr: expected a positive number, got "-1"'],
      [['train', '--input', 'a', '--epoch', '2'], 'unknown option --epoch (did you mean --epochs?)'],
      [['train', '--input', 'a', '--decay', '1'], '--decay only applies with --schedule inverse-scaling'],
      [['train', '--input', 'a', '--schedule', 'inverse-scaling'], '--schedule inverse-scaling needs --decay X (μ = lr / (1 + decay·k))'],
      [['train', '--input', 'a', '--batch-size', '4'], '--batch-size only applies with --mode minibatch'],
      [['train', '--input', 'a', '--seed', '4'], '--seed only applies with --shuffle'],
      [['train', '--input', 'a', '--mode', 'batch', '--shuffle'], '--shuffle only applies in sample and minibatch modes (a full batch has no order)'],
      [['train', '--input', 'a', '--load', 'm', '--init', '1'], '--init only applies without --load (the loaded model has its weights)'],
      [['train', 'a.jsonl'], 'unexpected argument "a.jsonl" (use --input FILE)'],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`rxlogit train: ${message}\n(see rxlogit train --help)\n`);
    }
  });
});

describe('rxlogit train: model files', () => {
  it('continues from a saved model exactly where it stopped', async () => {
    const common = ['--input', path('random.jsonl'), '--schedule', 'inverse-scaling', '--decay', '0.1', '--lr', '0.2', '--bias'];
    const first = await run(['train', ...common, '--save', path('m.json')]);
    expect(first.code).toBe(0);
    const saved = JSON.parse(await readFile(path('m.json'), 'utf8'));
    expect(saved).toMatchObject({ format: 'rxlogit-model', version: 1, seen: 103, updates: 103 });
    expect(saved.config).toMatchObject({ mode: 'sample', epochs: 1, schedule: { kind: 'inverse-scaling', lr: 0.2, decay: 0.1 } });
    const resumed = await runJson(['train', ...common, '--load', path('m.json'), '--save', path('m.json')]);
    const both = await runJson(['train', ...common, '--epochs', '2']);
    expect(resumed).toEqual(both);
    expect(JSON.parse(await readFile(path('m.json'), 'utf8')).seen).toBe(206);
  });

  it('refuses a corrupt model and never saves over a data file', async () => {
    await writeFile(path('corrupt.json'), '{"format":"rxlogit-model","version":1,"weigh');
    const r = await run(['train', '--input', path('random.jsonl'), '--load', path('corrupt.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rxlogit train: model file ".*corrupt\.json" is not valid JSON \(truncated or corrupt\?\)/);
    const before = await readFile(path('random.jsonl'), 'utf8');
    const over = await run(['train', '--input', path('random.jsonl'), '--save', path('random.jsonl')]);
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/^rxlogit train: --save: refusing to overwrite ".*random\.jsonl": /);
    expect(await readFile(path('random.jsonl'), 'utf8')).toBe(before);
  });

  it('rejects --bias for a loaded model without bias, --no-bias for one with, and data of another width', async () => {
    await run(['train', '--input', path('tutorial.jsonl'), '--no-bias', '--save', path('two.json')]);
    const withBias = await run(['train', '--input', path('tutorial.jsonl'), '--save', path('two-bias.json')]);
    expect(withBias.code).toBe(0);
    const noBias = await run(['train', '--input', path('tutorial.jsonl'), '--load', path('two-bias.json'), '--no-bias']);
    expect(noBias.stderr).toBe(`rxlogit train: --no-bias: the model in "${path('two-bias.json')}" has a bias term\n`);
    expect(await runJson(['train', '--input', path('tutorial.jsonl'), '--load', path('two.json')])).toMatchObject({ bias: null, n: 80 });
    const bias = await run(['train', '--input', path('tutorial.jsonl'), '--load', path('two.json'), '--bias']);
    expect(bias.stderr).toBe(`rxlogit train: --bias: the model in "${path('two.json')}" has no bias term\n`);
    const width = await run(['train', '--input', path('random.jsonl'), '--load', path('two.json')]);
    expect(width.code).toBe(1);
    expect(width.stderr).toBe(`rxlogit train: ${path('random.jsonl')}: line 1: has 3 x values, expected 2 (as the model expects)\n`);
  });
});

describe('rxlogit', () => {
  it('prints its version and help, and rejects unknown commands', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: rxlogit <command>/);
    expect(help.stdout).toMatch(/\n {2}train +learn a logistic model/);
    const trainHelp = await run(['train', '--help']);
    expect(trainHelp.code).toBe(0);
    expect(trainHelp.stdout).toContain('--skip-invalid');
    const unknown = await run(['fit']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^rxlogit: unknown command "fit"\n/);
    expect((await run([])).code).toBe(2);
    expect((await run(['--verbose'])).stderr).toMatch(/^rxlogit: unknown option "--verbose"/);
  });
});
