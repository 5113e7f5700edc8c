import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { fromSampleFile } from '../../src/stream/sources/sample-file-source.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const file = join(mkdtempSync(join(tmpdir(), 'rxlogit-train-parity-')), 'samples.jsonl');
writeFileSync(file, gaussianClasses({ seed: 'train-parity', count: 777, order: 'shuffled' }).map((s) => JSON.stringify(s)).join('\n'));

async function train(args: string[]): Promise<{ weights: number[]; bias: number | null; n: number }> {
  const { stdout } = await run(process.execPath, [join(root, 'bin/rxlogit.js'), 'train', '--input', file, '--json', '--bias', '--lr', '0.1', ...args], { cwd: root });
  return JSON.parse(stdout) as { weights: number[]; bias: number | null; n: number };
}

async function stream(config: { mode?: 'sample' | 'minibatch'; batchSize?: number }): Promise<{ weights: number[]; bias: number | null; n: number }> {
  const learner = new OnlineLearner({ inputs: 2, schedule: { kind: 'constant', lr: 0.1 }, emitEvery: { samples: 10_000 }, ...config });
  learner.learnFrom(fromSampleFile(file, { width: 2 }), { trusted: true, endWithSource: true });
  const last = await lastValueFrom(learner.steps$);
  return { weights: last.weights, bias: last.bias, n: last.n };
}

describe('the learner and the train command', () => {
  it('reach bit-identical weights per sample, reading the same file', async () => {
    const [cli, learned] = await Promise.all([train([]), stream({})]);
    expect(learned).toEqual({ weights: cli.weights, bias: cli.bias, n: 777 });
  }, 30_000);

  it('reach bit-identical weights per mini-batch of 16, the partial last batch included', async () => {
    const [cli, learned] = await Promise.all([train(['--mode', 'minibatch', '--batch-size', '16']), stream({ mode: 'minibatch', batchSize: 16 })]);
    expect(learned).toEqual({ weights: cli.weights, bias: cli.bias, n: 777 });
  }, 30_000);
});
