import { from } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createModel, learnMany, learnOne, predictClass } from '../../../src/core/index.js';
import type { Metrics } from '../../../src/core/metrics/index.js';
import { gaussianClasses } from '../../../src/data/gaussian-classes.js';
import { progressiveValidation } from '../../../src/stream/operators/progressive-validation.js';
import { Trainer } from '../../../src/core/index.js';
import { S, testScheduler } from './helpers.js';

const schedule = { kind: 'constant', lr: 0.2 } as const;
const samples = gaussianClasses({ seed: 'progressive', count: 1200, drift: { period: 600 } });

describe('progressiveValidation', () => {
  it('scores each sample before learning from it (test-then-train), cumulative and rolling', () => {
    const model = createModel({ inputs: 2, bias: true });
    let correct = 0;
    let lossSum = 0;
    const losses: number[] = [];
    const hits: number[] = [];
    for (const s of samples) {
      const hit = predictClass(model, s.x) === s.t ? 1 : 0;
      const loss = learnOne(model, s, { schedule });
      correct += hit;
      lossSum += loss;
      losses.push(loss);
      hits.push(hit);
    }
    const reports: Metrics[] = [];
    from(samples).pipe(progressiveValidation({ inputs: 2, schedule, rollingWindow: 100 }, { every: 500 })).subscribe((m) => reports.push(m));
    expect(reports.map((m) => m.n)).toEqual([500, 1000, 1200]);
    const last = reports.at(-1)!;
    expect(last.accuracy).toBe(correct / 1200);
    expect(last.logLoss).toBeCloseTo(lossSum / 1200, 12);
    expect(last.rollingLogLoss).toBeCloseTo(losses.slice(-100).reduce((x, y) => x + y) / 100, 12);
    expect(last.rollingAccuracy).toBeCloseTo(hits.slice(-100).reduce((x, y) => x + y) / 100, 14);
  });

  it('scores every sample of a mini-batch before the batch\'s step', () => {
    const model = createModel({ inputs: 2, bias: true });
    let correct = 0;
    for (let i = 0; i < samples.length; i += 32) {
      const batch = samples.slice(i, i + 32);
      for (const s of batch) if (predictClass(model, s.x) === s.t) correct++;
      learnMany(model, batch, { schedule });
    }
    const reports: Metrics[] = [];
    from(samples).pipe(progressiveValidation({ inputs: 2, schedule }, { batchSize: 32, every: 320 })).subscribe((m) => reports.push(m));
    expect(reports.at(-1)).toMatchObject({ n: 1200, accuracy: correct / 1200 });
  });

  it('emits metrics with marbles, a final report on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const t = new Trainer({ inputs: 2, schedule });
      t.learnOne(S.a!);
      t.learnOne(S.b!);
      const x = t.metrics.get();
      t.learnOne(S.c!);
      const y = t.metrics.get();
      expectObservable(cold('-a-b-c|', S).pipe(progressiveValidation({ inputs: 2, schedule }, { every: 2 }))).toBe('---x--(y|)', { x, y });
    });
  });
});
