import { from, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { blockFromSamples, createModel, learnOne } from '../../src/core/index.js';
import type { SampleBlock, Step } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import type { Rejection } from '../../src/stream/rejection.js';

const schedule = { kind: 'constant', lr: 0.1 } as const;
const samples = gaussianClasses({ seed: 'learner-blocks', count: 3000 });

function blocksOf(size: number): SampleBlock[] {
  const out: SampleBlock[] = [];
  for (let i = 0; i < samples.length; i += size) out.push(blockFromSamples(samples.slice(i, i + size)));
  return out;
}

/** Every step a learner emits for a source, with the clock left out. */
function stepsFor(feed: (learner: OnlineLearner) => void, extra: object = {}): Step[] {
  const learner = new OnlineLearner({ inputs: 2, schedule, emitEvery: { samples: 250 }, ...extra });
  const steps: Step[] = [];
  learner.steps$.subscribe((s) => steps.push({ ...s, time: 0 }));
  feed(learner);
  void learner.close();
  return steps;
}

describe('OnlineLearner with sample blocks', () => {
  it('learns trusted and untrusted blocks as the samples one by one: same steps, weights and metrics', () => {
    const bySample = stepsFor((l) => l.learnFrom(from(samples), { trusted: true }));
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples) learnOne(core, s, { schedule });
    expect(bySample.at(-1)!.weights).toEqual(Array.from(core.weights));
    for (const size of [1, 100, 1024]) {
      expect(stepsFor((l) => l.learnFrom(from(blocksOf(size)), { trusted: true }))).toEqual(bySample);
      expect(stepsFor((l) => l.learnFrom(from(blocksOf(size))))).toEqual(bySample);
    }
  });

  it('learns pushed batches as blocks with the same steps as before, in mini-batch mode too', () => {
    for (const extra of [{}, { mode: 'minibatch', batchSize: 64 }]) {
      const bySample = stepsFor((l) => l.learnFrom(from(samples), { trusted: true }), extra);
      const byPush = stepsFor((l) => {
        for (let i = 0; i < samples.length; i += 77) l.push(samples.slice(i, i + 77));
      }, extra);
      expect(byPush).toEqual(bySample);
    }
  });

  it('rejects the bad rows of an untrusted block by source position and row, and a block of another width whole', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const rejected: Rejection[] = [];
    learner.rejected$.subscribe((r) => rejected.push(r));
    const bad = { width: 2, length: 3, x: Float64Array.of(1, 2, NaN, 0, 3, 4), t: Uint8Array.of(1, 0, 1) };
    learner.learnFrom(from([blockFromSamples(samples.slice(0, 5)), bad, blockFromSamples([{ x: [1, 2, 3], t: 0 }])]), { name: 'blocks' });
    expect(rejected.map(({ index, reason, source }) => ({ index, reason, source }))).toEqual([
      { index: 1, reason: 'row 1: x[0] is not a finite number (NaN)', source: 'blocks' },
      { index: 2, reason: 'the block has 3 features per sample, expected 2', source: 'blocks' },
    ]);
    expect(learner.currentStep().n).toBe(7);
    expect(learner.recentSamples().slice(-2)).toEqual([{ x: [1, 2], t: 1 }, { x: [3, 4], t: 1 }]);
    void learner.close();
  });

  it('announces the rows of blocks on samples$, counts blocks skipped while paused, and keeps recent rows as copies', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule, recentSamples: 3 });
    const seen: unknown[] = [];
    learner.samples$.subscribe((s) => seen.push(s));
    const block = blockFromSamples(samples.slice(0, 4));
    learner.learnFrom(from([block]), { trusted: true });
    expect(seen).toEqual(samples.slice(0, 4));
    block.x.fill(0);
    expect(learner.recentSamples()).toEqual(samples.slice(1, 4));
    learner.pause();
    learner.learnFrom(from([blockFromSamples(samples.slice(4, 9))]), { trusted: true });
    expect(learner.skippedWhilePaused).toBe(5);
    expect(learner.push(samples.slice(0, 2))).toEqual({ accepted: 0, rejected: [], skipped: 2 });
    void learner.close();
  });

  it('copies a block given while a step is being delivered, so its producer may reuse it', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const reused = blockFromSamples(samples.slice(0, 1));
    const sub = new Set<number>();
    learner.steps$.subscribe((s) => {
      if (s.n === 1 && !sub.has(1)) {
        sub.add(1);
        learner.learnFrom(from([reused]), { trusted: true });
        reused.x.fill(1e6); // the producer reuses its block before the queued one is learned
      }
    });
    learner.learnFrom(from([blockFromSamples(samples.slice(1, 2))]), { trusted: true });
    const want = createModel({ inputs: 2, bias: true });
    learnOne(want, samples[1]!, { schedule });
    learnOne(want, samples[0]!, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(want.weights));
    void learner.close();
  });

  it('keeps recent rows as given: a read while a block is learned sees all of it, and a producer may reuse its block once it was given', () => {
    for (const extra of [{}, { mode: 'minibatch', batchSize: 4 } as const]) {
      const learner = new OnlineLearner({ inputs: 2, schedule, recentSamples: 5, emitEvery: { samples: 4 }, ...extra });
      const reads: number[][] = [];
      const reused = blockFromSamples(samples.slice(20, 22));
      learner.steps$.subscribe((s) => {
        if (s.n === 0) return;
        reads.push(learner.recentSamples().map((r) => samples.findIndex((q) => q.x[0] === r.x[0] && q.x[1] === r.x[1])));
        if (s.n === 4) {
          learner.learnFrom(from([reused]), { trusted: true }); // waits for this step, kept in order after the block being learned
          reused.x.fill(1e6);
        }
      });
      learner.learnFrom(from([blockFromSamples(samples.slice(0, 10))]), { trusted: true });
      expect(reads.slice(0, 3)).toEqual([
        [5, 6, 7, 8, 9],
        [7, 8, 9, 20, 21],
        [7, 8, 9, 20, 21],
      ]);
      // One block refilled and given again and again: each time its rows as they were then.
      const buffer = blockFromSamples(samples.slice(0, 3));
      const refilled = new Observable<SampleBlock>((subscriber) => {
        for (let k = 30; k < 39; k += 3) {
          buffer.x.set(samples.slice(k, k + 3).flatMap((q) => q.x));
          buffer.t.set(samples.slice(k, k + 3).map((q) => q.t));
          subscriber.next(buffer);
        }
        subscriber.complete();
      });
      learner.learnFrom(refilled, { trusted: true });
      expect(learner.recentSamples()).toEqual(samples.slice(34, 39));
      void learner.close();
    }
  });

  it('checks an untrusted array item by item: the valid ones learned as one block, the rest rejected by item', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const rejected: Rejection[] = [];
    learner.rejected$.subscribe((r) => rejected.push(r));
    learner.learnFrom(from([[samples[0], { x: [1], t: 0 }, samples[1]], samples[2]]), { name: 'arrays' });
    expect(rejected.map(({ index, reason }) => ({ index, reason }))).toEqual([{ index: 0, reason: 'item 1: x: has 1 value, expected 2' }]);
    const want = createModel({ inputs: 2, bias: true });
    for (const s of samples.slice(0, 3)) learnOne(want, s, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(want.weights));
    void learner.close();
  });
});
