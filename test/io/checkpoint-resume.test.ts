import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { CheckpointError } from '../../src/io/checkpoint-error.js';
import { readCheckpointSync } from '../../src/io/checkpoint-file.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-resume-'));
const schedule = { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 } as const;
const samples = gaussianClasses({ seed: 'resume', count: 1000 });

/** Runs the child learner and returns it with a line reader. */
function child(args: string[]) {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/io/checkpoint-child.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buffer = '';
  proc.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) if (w.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (test: (l: string) => boolean): Promise<string> =>
    new Promise((resolve, reject) => {
      const found = lines.find(test);
      if (found !== undefined) return resolve(found);
      waiters.push({ test, resolve });
      void exited.then(() => reject(new Error(`child exited before the line; stderr: ${stderr}`)));
    });
  return { proc, lines, waitFor, exited };
}

describe('resuming from a checkpoint', () => {
  it('continues exactly where it stopped: same weights as one uninterrupted learner', async () => {
    const path = join(dir, 'exact.json');
    const first = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } });
    first.push(samples.slice(0, 600));
    await first.close();
    const second = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } });
    expect(second.currentStep()).toMatchObject({ n: 600, version: 600 });
    second.push(samples.slice(600));
    const whole = new OnlineLearner({ inputs: 2, schedule });
    whole.push(samples);
    expect(second.currentStep().weights).toEqual(whole.currentStep().weights);
    expect(second.currentStep().bias).toBe(whole.currentStep().bias);
    expect(second.currentStep().lr).toBe(whole.currentStep().lr);
    await second.close();
    expect(readCheckpointSync(path)).toMatchObject({ seen: 1000, updates: 1000, modelVersion: 1000 });
    await whole.close();
  });

  it('resumes the loss and the progressive metrics too: the same step as an uninterrupted learner, no null where there was a value', async () => {
    const path = join(dir, 'metrics.json');
    const first = new OnlineLearner({ inputs: 2, schedule, rollingWindow: 100, checkpoint: { path } });
    first.push(samples.slice(0, 600));
    await first.close();
    const second = new OnlineLearner({ inputs: 2, schedule, rollingWindow: 100, checkpoint: { path } });
    const whole = new OnlineLearner({ inputs: 2, schedule, rollingWindow: 100 });
    whole.push(samples.slice(0, 600));
    // Before any new sample: what was reported at the stop, not null.
    const resumed = second.currentStep();
    expect(resumed.loss).toBe(whole.currentStep().loss);
    expect(resumed.metrics).toEqual(whole.currentStep().metrics);
    expect(resumed.metrics.n).toBe(resumed.n);
    second.push(samples.slice(600));
    whole.push(samples.slice(600));
    const [a, b] = [second.currentStep().metrics, whole.currentStep().metrics];
    expect(a.n).toBe(1000);
    expect([a.logLoss, a.accuracy]).toEqual([b.logLoss, b.accuracy]);
    expect(a.rollingLogLoss).toBeCloseTo(b.rollingLogLoss!, 12);
    expect(a.rollingAccuracy).toBeCloseTo(b.rollingAccuracy!, 12);
    await Promise.all([second.close(), whole.close()]);
  });

  it('reads a checkpoint written before metrics were saved: the model resumes, the metrics start afresh as null', async () => {
    const path = join(dir, 'older.json');
    const first = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } });
    first.push(samples.slice(0, 300));
    await first.close();
    const older = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    for (const key of ['loss', 'metrics', 'checksum']) delete older[key];
    writeFileSync(path, JSON.stringify(older));
    const second = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } });
    const step = second.currentStep();
    expect(step).toMatchObject({ n: 300, loss: null, metrics: { n: 0, logLoss: null, accuracy: null, rollingLogLoss: null, rollingAccuracy: null } });
    second.push(samples.slice(300, 301));
    expect(second.currentStep().metrics.n).toBe(1);
    await second.close();
    expect(readCheckpointSync(path)!.metrics!.n).toBe(1);
  });

  it('refuses a checkpoint whose metrics do not add up, naming the field', () => {
    const path = join(dir, 'bad-metrics.json');
    const learner = new OnlineLearner({ inputs: 2, schedule });
    learner.push(samples.slice(0, 20));
    const snapshot = learner.snapshot();
    writeFileSync(path, JSON.stringify({ ...snapshot, metrics: { ...snapshot.metrics!, correct: 21 } }));
    expect(() => new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } })).toThrow(/metrics: correct is 21, more than n \(20\)/);
    void learner.close();
  });

  it('resumes from the last periodic checkpoint of a learner abandoned without close', async () => {
    const path = join(dir, 'abandoned.json');
    const abandoned = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path, everySamples: 100 } });
    const written: number[] = [];
    abandoned.checkpoints$.subscribe((r) => r.ok && written.push(r.seen));
    for (let i = 0; i < 550; i += 50) {
      abandoned.push(samples.slice(i, i + 50));
      await new Promise((r) => setTimeout(r, 5));
    }
    await abandoned.checkpoint();
    const resumed = new OnlineLearner({ inputs: 2, schedule, checkpoint: { path } });
    expect(resumed.currentStep().n).toBe(written.at(-1));
    expect(resumed.snapshot().weights).toEqual(readCheckpointSync(path)!.weights);
    await resumed.close();
  });

  it('survives a crash (SIGKILL): the file is whole and a new learner resumes from it', async () => {
    const path = join(dir, 'crash.json');
    const run = child([path, 'crash']);
    await run.waitFor((l) => l === 'resumed 0');
    await run.waitFor((l) => /^checkpoint (\d+)$/.test(l) && Number(l.split(' ')[1]) >= 4000);
    run.proc.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const saved = readCheckpointSync(path)!;
    const printed = run.lines.filter((l) => l.startsWith('checkpoint ')).map((l) => Number(l.split(' ')[1]));
    expect(saved.seen).toBeGreaterThanOrEqual(Math.max(...printed));
    const again = child([path, 'crash']);
    await again.waitFor((l) => l === `resumed ${saved.seen}`);
    again.proc.kill('SIGKILL');
    await again.exited;
  }, 60_000);

  it('saves on SIGTERM before the process exits, and the signal still ends it', async () => {
    const path = join(dir, 'signal.json');
    const run = child([path, 'signal', '3210']);
    await run.waitFor((l) => l === 'ready');
    run.proc.kill('SIGTERM');
    const { signal } = await run.exited;
    expect(signal).toBe('SIGTERM');
    expect(readCheckpointSync(path)).toMatchObject({ seen: 3210, updates: 3210 });
  }, 60_000);

  it('refuses a corrupt, foreign or mismatched checkpoint and never replaces it', async () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format":"rxlogit-model","version":1,"weights":[0.5,');
    expect(() => new OnlineLearner({ inputs: 2, checkpoint: { path: corrupt } })).toThrow(CheckpointError);
    expect(() => new OnlineLearner({ inputs: 2, checkpoint: { path: corrupt } })).toThrow(/refusing checkpoint .*corrupt\.json.*not valid JSON/);
    expect(readFileSync(corrupt, 'utf8')).toBe('{"format":"rxlogit-model","version":1,"weights":[0.5,');
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, '{"hello":"world"}');
    expect(() => new OnlineLearner({ inputs: 2, checkpoint: { path: foreign } })).toThrow(/not an rxlogit model file/);
    const narrow = join(dir, 'narrow.json');
    const three = new OnlineLearner({ inputs: 3, checkpoint: { path: narrow } });
    await three.close();
    const before = readFileSync(narrow, 'utf8');
    expect(() => new OnlineLearner({ inputs: 2, checkpoint: { path: narrow } })).toThrow(/refusing checkpoint .*the state has 3 weights, the model has 2 inputs/);
    expect(() => new OnlineLearner({ inputs: 3, bias: false, checkpoint: { path: narrow } })).toThrow(/the state has a bias, the model has none/);
    expect(readFileSync(narrow, 'utf8')).toBe(before);
  });
});
