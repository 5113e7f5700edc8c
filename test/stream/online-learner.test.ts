import { from, Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createModel, learnMany, learnOne } from '../../src/core/index.js';
import type { Sample } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import type { Rejection } from '../../src/stream/rejection.js';
import type { Step } from '../../src/core/index.js';
import { testScheduler } from './operators/helpers.js';

const schedule = { kind: 'constant', lr: 0.1 } as const;
const samples = gaussianClasses({ seed: 'learner', count: 1000 });

describe('OnlineLearner', () => {
  it('gives a late subscriber the current state at once, and shares every step among subscribers', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const early: Step[] = [];
    learner.steps$.subscribe((s) => early.push(s));
    expect(early).toHaveLength(1);
    expect(early[0]).toMatchObject({ n: 0, version: 0, weights: [0, 0], bias: 0 });
    learner.push(samples.slice(0, 3));
    const late: Step[] = [];
    learner.steps$.subscribe((s) => late.push(s));
    expect(late[0]).toMatchObject({ n: 3, version: 3, weights: learner.currentStep().weights });
    learner.push(samples.slice(3, 4));
    expect(early).toHaveLength(5);
    expect(late).toHaveLength(2);
    expect(late[1]).toBe(early[4]);
    void learner.close();
  });

  it('hands out copies: changing a step does not change the model', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, init: [1, -1] });
    let weights: number[] = [];
    learner.weights$.subscribe((w) => (weights = w));
    const before = learner.predictProba([1, 1]);
    weights[0] = 1e6;
    learner.currentStep().weights[1] = -1e6;
    learner.snapshot().weights[0] = 42;
    expect(learner.predictProba([1, 1])).toBe(before);
    void learner.close();
  });

  it('learns pushed samples in order, rejects invalid ones with index and reason, and reaches the core\'s weights', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, emitEvery: { samples: 100 } });
    const rejected: Rejection[] = [];
    learner.rejected$.subscribe((r) => rejected.push(r));
    const noisy: unknown[] = [...samples.slice(0, 500)];
    noisy.splice(10, 0, { x: [1], t: 1 });
    noisy.splice(20, 0, null);
    const result = learner.push(noisy);
    expect(result).toEqual({
      accepted: 500,
      rejected: [
        { index: 10, reason: 'x: has 1 value, expected 2' },
        { index: 20, reason: 'Invalid input: expected object, received null' },
      ],
      skipped: 0,
    });
    expect(rejected.map((r) => [r.index, r.source])).toEqual([
      [10, 'push'],
      [20, 'push'],
    ]);
    expect(learner.rejectedCount).toBe(2);
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples.slice(0, 500)) learnOne(core, s, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(core.weights));
    expect(learner.snapshot()).toMatchObject({ seen: 500, updates: 500, modelVersion: 500, bias: core.bias });
    expect(() => learner.push('nope' as unknown as unknown[])).toThrow(TypeError);
    void learner.close();
  });

  it('emits every k samples and the latest state wins', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, emitEvery: { samples: 300 } });
    const n: number[] = [];
    learner.steps$.subscribe((s) => n.push(s.n));
    learner.push(samples.slice(0, 700));
    expect(n).toEqual([0, 300, 600]);
    void learner.close();
    expect(n).toEqual([0, 300, 600, 700]);
  });

  it('learns from sources: untrusted values checked per position, trusted chunks width-checked', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const rejected: Rejection[] = [];
    learner.rejected$.subscribe((r) => rejected.push(r));
    const bus = new Subject<unknown>();
    learner.learnFrom(bus, { name: 'bus' });
    bus.next(samples[0]);
    bus.next({ x: [1, 2], t: 7 });
    bus.next(samples[1]);
    const chunks = new Subject<Sample | Sample[]>();
    learner.learnFrom(chunks, { trusted: true, name: 'gen' });
    chunks.next([samples[2]!, { x: [1, 2, 3], t: 0 }, samples[3]!]);
    chunks.next(samples[4]!);
    expect(learner.currentStep().n).toBe(5);
    expect(rejected.map((r) => `${r.source}#${r.index}: ${r.reason}`)).toEqual(['bus#1: t: must be 0 or 1, got 7', 'gen#1: x: has 3 values, expected 2']);
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples.slice(0, 5)) learnOne(core, s, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(core.weights));
    expect(learner.recentSamples()).toEqual(samples.slice(0, 5));
    void learner.close();
  });

  it('keeps the last recentSamples samples, as copies', () => {
    const learner = new OnlineLearner({ inputs: 2, recentSamples: 3 });
    learner.push(samples.slice(0, 10));
    const recent = learner.recentSamples();
    expect(recent).toEqual(samples.slice(7, 10));
    (recent[0]!.x as number[])[0] = 99;
    expect(learner.recentSamples()[0]).toEqual(samples[7]);
    void learner.close();
  });

  it('pauses, resumes, resets and changes the learning rate while running', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, init: [0.5, 0.5] });
    const steps: Step[] = [];
    learner.steps$.subscribe((s) => steps.push(s));
    learner.push(samples.slice(0, 10));
    learner.pause();
    expect(learner.paused).toBe(true);
    expect(learner.push(samples.slice(10, 15))).toMatchObject({ accepted: 0, skipped: 5 });
    expect(learner.skippedWhilePaused).toBe(5);
    expect(learner.currentStep().n).toBe(10);
    learner.resume();
    learner.push(samples.slice(15, 16));
    expect(learner.currentStep().n).toBe(11);
    const count = steps.length;
    learner.setLearningRate(0.25);
    expect(steps).toHaveLength(count + 1);
    expect(steps.at(-1)).toMatchObject({ lr: 0.25, version: 11 });
    learner.setSchedule({ kind: 'inverse-scaling', lr: 1, decay: 1 });
    expect(steps.at(-1)!.lr).toBe(1 / 12);
    learner.reset();
    expect(steps.at(-1)).toMatchObject({ n: 0, version: 12, weights: [0.5, 0.5] });
    expect(steps.at(-1)!.metrics.n).toBe(0);
    expect(() => learner.setLearningRate(-1)).toThrow(RangeError);
    void learner.close();
  });

  it('reset restores the configured schedule, not a learning rate set while running', () => {
    const configured = { kind: 'inverse-scaling', lr: 0.2, decay: 0.5 } as const;
    const learner = new OnlineLearner({ inputs: 2, schedule: configured });
    learner.push(samples.slice(0, 10));
    learner.setLearningRate(0.5);
    expect(learner.currentStep().lr).toBe(0.5);
    learner.reset();
    expect(learner.currentStep().lr).toBe(0.2); // the schedule's start, k = 0
    expect(learner.snapshot().config.schedule).toEqual(configured);
    learner.push(samples.slice(0, 2));
    expect(learner.currentStep().lr).toBeCloseTo(0.2 / (1 + 0.5 * 2), 12);
    const plain = new OnlineLearner({ inputs: 2 });
    plain.setLearningRate(0.5);
    plain.reset();
    expect(plain.currentStep().lr).toBe(0.05); // the default, when none was configured
    void learner.close();
    void plain.close();
  });

  it('ends with a source given endWithSource: a final step, then every stream completes', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, emitEvery: { samples: 400 } });
    const steps: Step[] = [];
    const ended: string[] = [];
    learner.steps$.subscribe({ next: (s) => steps.push(s), complete: () => ended.push('steps') });
    learner.loss$.subscribe({ complete: () => ended.push('loss') });
    learner.rejected$.subscribe({ complete: () => ended.push('rejected') });
    learner.samples$.subscribe({ complete: () => ended.push('samples') });
    learner.learnFrom(from(samples), { trusted: true, endWithSource: true });
    expect(steps.map((s) => s.n)).toEqual([0, 400, 800, 1000]);
    expect(ended).toEqual(['steps', 'loss', 'rejected', 'samples']);
    expect(learner.closed).toBe(true);
    const late: Step[] = [];
    let lateDone = false;
    learner.steps$.subscribe({ next: (s) => late.push(s), complete: () => (lateDone = true) });
    expect(late.map((s) => s.n)).toEqual([1000]);
    expect(lateDone).toBe(true);
    expect(() => learner.push(samples)).toThrow(/the learner is closed/);
    await learner.close();
  });

  it('ends cleanly on the error of a source given endWithSource: the final step, then the error on the model streams', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, emitEvery: { samples: 1000 } });
    const events: string[] = [];
    learner.steps$.subscribe({ next: (s) => events.push(`step ${s.n}`), error: (e: Error) => events.push(`error ${e.message}`) });
    learner.rejected$.subscribe({ complete: () => events.push('rejected done') });
    const source = new Subject<unknown>();
    learner.learnFrom(source, { endWithSource: true });
    source.next(samples[0]);
    source.next(samples[1]);
    source.error(new Error('feed lost'));
    expect(events).toEqual(['step 0', 'step 2', 'error feed lost', 'rejected done']);
  });

  it('learns mini-batches by count, the partial batch on close, as the core learnMany', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, mode: 'minibatch', batchSize: 64 });
    const n: number[] = [];
    learner.steps$.subscribe((s) => n.push(s.n));
    learner.push(samples.slice(0, 200));
    expect(n).toEqual([0, 64, 128, 192]);
    await learner.close();
    expect(n.at(-1)).toBe(200);
    const core = createModel({ inputs: 2, bias: true });
    for (let i = 0; i < 200; i += 64) learnMany(core, samples.slice(i, Math.min(200, i + 64)), { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(core.weights));
  });

  it('learns mini-batches by time window with a maximum size (marbles)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const learner = new OnlineLearner({ inputs: 2, schedule, mode: 'minibatch', batchWindowMs: 5, batchSize: 3 });
      learner.learnFrom(cold('-abcd-----e---|', { a: samples[0], b: samples[1], c: samples[2], d: samples[3], e: samples[4] }), { endWithSource: true });
      // [a,b,c] at 3 (full), [d] at 9 (its window opened at 4), [e] at 14 (flushed on completion).
      expectObservable(learner.steps$.pipe(), '^').toBe('x--y-----z----(w|)', {
        x: expect.objectContaining({ n: 0 }),
        y: expect.objectContaining({ n: 3, time: 3 }),
        z: expect.objectContaining({ n: 4, time: 9 }),
        w: expect.objectContaining({ n: 5, time: 14 }),
      });
    });
  });

  it('predicts with the live model and refuses bad inputs', () => {
    const learner = new OnlineLearner({ inputs: 2, init: [2, 0] });
    expect(learner.predict([1, 0])).toBe(1);
    expect(learner.predictProba([0, 5])).toBe(0.5);
    expect(() => learner.predictProba([1])).toThrow(/predictProba: x: has 1 value, expected 2/);
    expect(() => learner.predict([1, Number.NaN])).toThrow(TypeError);
    void learner.close();
  });

  it('refuses a bad configuration with every bad field named', () => {
    expect(() => new OnlineLearner({ inputs: 0 })).toThrow(/learner config: inputs/);
    expect(() => new OnlineLearner({ inputs: 2, batchSize: 0, mode: 'batch' as 'sample' })).toThrow(/mode.*batchSize|batchSize.*mode/s);
    expect(() => new OnlineLearner({ inputs: 2, init: [1] })).toThrow(/init has 1 weights, expected 2/);
    expect(() => new OnlineLearner({ inputs: 2, schedule: { kind: 'constant', lr: -1 } })).toThrow(/schedule/);
  });

  it('tears everything down on close: no timer, no listener, no signal handler left', async () => {
    const baseline = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').sort();
    const signals = process.listenerCount('SIGINT') + process.listenerCount('SIGTERM');
    const { mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'rxlogit-teardown-')), 'm.json');
    const learner = new OnlineLearner({
      inputs: 2,
      mode: 'minibatch',
      batchWindowMs: 50,
      emitEvery: { ms: 30 },
      checkpoint: { path, everyMs: 20, onSignals: true },
    });
    const source = new Subject<unknown>();
    learner.learnFrom(source);
    learner.push(samples.slice(0, 5)); // arms the batch window and the emission timer
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(signals + 2);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeGreaterThan(baseline.filter((r) => r === 'Timeout').length);
    await learner.close();
    await new Promise((resolve) => setImmediate(resolve)); // let the last fs request objects be freed
    expect(source.observed).toBe(false);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(signals);
    // Nothing new may be left behind; a resource of the baseline (an fs request of an earlier
    // test, say) may have ended meanwhile, so compare counts per kind, not the lists.
    const count = (list: string[]) => list.reduce<Record<string, number>>((c, r) => ({ ...c, [r]: (c[r] ?? 0) + 1 }), {});
    const before = count(baseline);
    for (const [kind, n] of Object.entries(count(process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap')))) {
      expect(n, `${kind} left after close`).toBeLessThanOrEqual(before[kind] ?? 0);
    }
    expect(learner.currentStep().n).toBe(5);
  });
});
