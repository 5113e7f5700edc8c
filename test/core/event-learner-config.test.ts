import { describe, expect, it } from 'vitest';
import { PendingPredictions } from '../../src/core/delayed/pending-predictions.js';
import { EVENT_LEARNER_DEFAULTS, EventLearnerConfigSchema, resolveEventLearnerOptions } from '../../src/core/event-learner-config.js';
import { EventLearner } from '../../src/core/event-learner.js';
import { TRAINER_DEFAULTS } from '../../src/core/trainer-config.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';

describe('one configuration for the event learner', () => {
  it('takes the shared learning defaults from TRAINER_DEFAULTS, as the documented example says', () => {
    expect(EVENT_LEARNER_DEFAULTS.schedule).toBe(TRAINER_DEFAULTS.schedule);
    expect(EVENT_LEARNER_DEFAULTS.bias).toBe(TRAINER_DEFAULTS.bias);
    expect(EVENT_LEARNER_DEFAULTS.l2).toBe(TRAINER_DEFAULTS.l2);
    expect(EVENT_LEARNER_DEFAULTS.rollingWindow).toBe(TRAINER_DEFAULTS.rollingWindow);
    expect(EVENT_LEARNER_DEFAULTS.bits).toBe(18);
    expect(Object.isFrozen(EVENT_LEARNER_DEFAULTS)).toBe(true);
    expect(new EventLearner().options).toEqual(EVENT_LEARNER_DEFAULTS);
  });

  it('uses the pending bound and TTL stated there, in the store and in the stream learner', () => {
    const store = new PendingPredictions();
    expect([store.maxPending, store.ttlMs]).toEqual([EVENT_LEARNER_DEFAULTS.maxPending, EVENT_LEARNER_DEFAULTS.ttlMs]);
    let now = 0;
    const learner = new EventStreamLearner({ maxPending: 1, ttlMs: 10, now: () => now });
    expect(learner.options).toMatchObject({ maxPending: 1, ttlMs: 10 });
    learner.predict('a', { x: 1 });
    learner.predict('b', { x: 1 }); // evicts a
    now = 11; // b expires
    expect(learner.scores().delayed).toMatchObject({ pending: 0, evicted: 1, expired: 1 });
  });

  it('checks every option with the shared schema, naming each bad field', () => {
    expect(resolveEventLearnerOptions({ bits: 20 }).optimizer).toEqual({ kind: 'sgd' });
    expect(() => resolveEventLearnerOptions({ bits: 40 })).toThrow(/^event learner options: bits: Too big/);
    expect(() => new EventLearner({ l2: -1, schedule: { kind: 'constant', lr: -1 } })).toThrow(/schedule\.lr: .*; l2: /);
    expect(() => new EventLearner({ optimizer: { kind: 'adagrad', epsilon: 0 } })).toThrow(/optimizer\.epsilon/);
    expect(() => new EventLearner({ standardize: 'yes' as never })).toThrow(/standardize/);
    expect(() => new EventLearner({ maxPending: 0 })).toThrow(/maxPending/);
    expect(() => new EventLearner({ colour: 'red' } as never)).toThrow(/Unrecognized key/);
    expect(EventLearnerConfigSchema.safeParse({ optimizer: { kind: 'ftrl', l1: 1 }, l2: 1 }).success).toBe(true);
  });
});
