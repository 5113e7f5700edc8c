import { describe, expect, it } from 'vitest';
import { EventLearner } from '../../src/core/event-learner.js';
import { restoreEventLearner, saveEventLearner } from '../../src/core/event-learner-state.js';
import type { EventLearnerState } from '../../src/core/event-learner-state.js';
import type { Features } from '../../src/core/features/feature-space.js';
import { crossEntropyFromLogit } from '../../src/core/loss.js';
import type { Label } from '../../src/core/sample.js';

/** A seeded stream of fraud-like events: an amount, a country, a device, tags. */
function events(n: number, seed = 1): Array<{ features: Features; t: Label }> {
  let s = seed;
  const rand = (): number => ((s = (Math.imul(s, 48271) >>> 0) % 2147483647) / 2147483647);
  const countries = ['DE', 'FR', 'US', 'NG', 'BR'];
  return Array.from({ length: n }, () => {
    const country = countries[Math.floor(rand() * countries.length)]!;
    const amount = Math.exp(rand() * 8);
    const night = rand() < 0.3;
    const z = -2 + (country === 'NG' ? 2 : 0) + (amount > 1000 ? 1.5 : 0) + (night ? 1 : 0);
    return {
      features: { amount, country, device: rand() < 0.5 ? 'ios' : 'web', night, tags: rand() < 0.2 ? ['new', 'promo'] : ['returning'], hour: Math.floor(rand() * 24) },
      t: rand() < 1 / (1 + Math.exp(-z)) ? 1 : 0,
    };
  });
}

describe('EventLearner', () => {
  it('runs the doc example', () => {
    const learner = new EventLearner();
    learner.learnOne({ amount: 129.5, country: 'DE', device: 'ios' }, 1);
    const p = learner.predictProba({ amount: 20, country: 'FR', device: 'web' });
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
    expect(learner.scores().n).toBe(1);
  });

  it('scores each event before learning from it, with the statistics from before it (River semantics)', () => {
    const learner = new EventLearner();
    const stream = events(300);
    for (const { features, t } of stream) {
      const before = learner.predictProba(features);
      const loss = learner.learnOne(features, t);
      expect(loss).toBeCloseTo(crossEntropyFromLogit(Math.log(before / (1 - before)), t), 9);
    }
    const s = learner.scores();
    expect(s.n).toBe(300);
    expect(s.auc).toBeGreaterThan(0.6); // learns something from the planted signal
    expect(s.calibration.reduce((a, b) => a + b.count, 0)).toBe(300);
    expect(learner.scaler.counts[0]).toBe(300); // 'amount' in slot 0, every event
  });

  it('learns a delayed label from the remembered features and scores the prediction served', () => {
    const learner = new EventLearner();
    const [first, ...rest] = events(50);
    const served = learner.serve(first!.features);
    for (const e of rest) learner.learnOne(e.features, e.t);
    const lossBefore = learner.scores().logLoss! * 49;
    learner.learnServed(served.raw, first!.t, served.z);
    const s = learner.scores();
    expect(s.n).toBe(50);
    expect(s.logLoss! * 50 - lossBefore).toBeCloseTo(crossEntropyFromLogit(served.z, first!.t), 9);
    expect(learner.model.seen).toBe(50);
  });

  it.each(['sgd', 'adagrad', 'ftrl'] as const)('%s: a saved and restored learner continues exactly as the original', (kind) => {
    const stream = events(400, 7);
    const a = new EventLearner({ optimizer: { kind }, bits: 3, l2: 1e-3 });
    stream.slice(0, 200).forEach((e) => a.learnOne(e.features, e.t));
    const state = JSON.parse(JSON.stringify(saveEventLearner(a))) as EventLearnerState;
    const b = restoreEventLearner(state);
    expect(b.hashStats()).toEqual(a.hashStats());
    for (const e of stream.slice(200)) {
      expect(b.predictProba(e.features)).toBe(a.predictProba(e.features));
      a.learnOne(e.features, e.t);
      b.learnOne(e.features, e.t);
    }
    expect(Array.from(b.model.weights)).toEqual(Array.from(a.model.weights));
    expect(b.model.bias).toBe(a.model.bias);
    expect(b.hashStats()).toEqual(a.hashStats());
    expect(a.hashStats().sharedBuckets).toBeGreaterThan(0); // 3 bits: collisions happen and are tracked across the resume
  });

  it('refuses a state that does not fit, naming the field', () => {
    const state = saveEventLearner(new EventLearner({ bits: 4 }));
    expect(() => restoreEventLearner({ ...state, format: 'other' } as never)).toThrow(/not an rxlogit event-learner state/);
    expect(() => restoreEventLearner({ ...state, weights: { indices: [99999], values: [1] } })).toThrow(/weights index 99999/);
    expect(() => restoreEventLearner({ ...state, seen: -1 })).toThrow(/seen/);
    expect(() => restoreEventLearner({ ...state, optimizer: { kind: 'ftrl', arrays: {}, scalars: {} } })).toThrow(/for ftrl, not sgd/);
  });

  it('rejects a bad event without learning from it', () => {
    const learner = new EventLearner();
    expect(() => learner.learnOne({ amount: Infinity }, 1)).toThrow(/feature "amount"/);
    expect(learner.model.seen).toBe(0);
    expect(learner.scores().n).toBe(0);
    expect(() => new EventLearner({ bits: 40 })).toThrow(/bits/);
  });
});
