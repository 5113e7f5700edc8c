// emitEvery.ms is a deadline started by learning, not a clock (an idle learner
// is silent); emitEvery.heartbeatMs adds steps while idle. Fake timers drive
// the learner's default asyncScheduler, so no test waits on the real clock.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Step } from '../../src/core/index.js';
import { emitEvery } from '../../src/stream/operators/emit-every.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { checkEmitEvery } from '../../src/stream/emission-throttle.js';

beforeEach(() => {
  // Microtasks stay real: Step.time's clock is read afresh after each (see StepClock).
  vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function record(learner: OnlineLearner): Step[] {
  const steps: Step[] = [];
  learner.steps$.subscribe((s) => steps.push(s));
  steps.length = 0; // the current state, given at once on subscribing
  return steps;
}

describe('emitEvery.ms', () => {
  it('emits at most ms after the first sample not yet emitted, with every sample learned meanwhile, and nothing while idle', async () => {
    const learner = new OnlineLearner({ inputs: 1, emitEvery: { ms: 100 } });
    const steps = record(learner);
    vi.advanceTimersByTime(1000);
    expect(steps).toEqual([]); // idle: no sample, no timer, no step
    learner.push([{ x: [1], t: 1 }]);
    vi.advanceTimersByTime(60);
    learner.push([{ x: [2], t: 0 }, { x: [3], t: 1 }]);
    expect(steps).toEqual([]);
    vi.advanceTimersByTime(40); // 100 ms after the first of the three
    expect(steps.map((s) => [s.n, s.time])).toEqual([[3, 1_001_100]]);
    vi.advanceTimersByTime(5000);
    expect(steps).toHaveLength(1);
    await learner.close();
  });
});

describe('emitEvery.heartbeatMs', () => {
  it('emits the state now whenever no step went out for heartbeatMs, idle or paused, and stops with close()', async () => {
    const learner = new OnlineLearner({ inputs: 1, emitEvery: { ms: 100, heartbeatMs: 1000 } });
    const steps = record(learner);
    vi.advanceTimersByTime(999);
    expect(steps).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(steps.map((s) => [s.n, s.time])).toEqual([[0, 1_001_000]]);
    await Promise.resolve();
    vi.advanceTimersByTime(1000);
    await Promise.resolve();
    vi.advanceTimersByTime(1000);
    expect(steps.map((s) => [s.n, s.time])).toEqual([
      [0, 1_001_000],
      [0, 1_002_000],
      [0, 1_003_000],
    ]);
    // A learning step pushes the next heartbeat back: it comes 1000 ms after the last step.
    await Promise.resolve();
    learner.push([{ x: [1], t: 1 }]);
    vi.advanceTimersByTime(100); // the ms deadline: a learning step at 1,003,100
    await Promise.resolve();
    vi.advanceTimersByTime(999);
    expect(steps.map((s) => [s.n, s.time]).slice(3)).toEqual([[1, 1_003_100]]);
    vi.advanceTimersByTime(1);
    expect(steps.map((s) => [s.n, s.time]).slice(3)).toEqual([
      [1, 1_003_100],
      [1, 1_004_100],
    ]);
    learner.pause();
    await Promise.resolve();
    vi.advanceTimersByTime(1000);
    expect(steps.at(-1)).toMatchObject({ n: 1, time: 1_005_100 });
    await learner.close();
    const afterClose = steps.length;
    vi.advanceTimersByTime(10_000);
    expect(steps.length).toBe(afterClose);
    expect(vi.getTimerCount()).toBe(0); // no heartbeat left behind
  });

  it('keeps quiet while steps flow faster than the heartbeat', async () => {
    const learner = new OnlineLearner({ inputs: 1, emitEvery: { samples: 1, heartbeatMs: 500 } });
    const steps = record(learner);
    for (let i = 0; i < 20; i++) {
      learner.push([{ x: [i], t: (i % 2) as 0 | 1 }]);
      vi.advanceTimersByTime(200);
    }
    expect(steps.map((s) => s.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await learner.close();
  });

  it('is checked, bounded by what a timer can hold, and refused by the emitEvery operator', () => {
    expect(() => checkEmitEvery({ heartbeatMs: 0 })).toThrow(/emitEvery.heartbeatMs must be a finite number > 0/);
    expect(() => checkEmitEvery({ ms: 3_000_000_000 })).toThrow(/at most 2147483647/);
    expect(() => new OnlineLearner({ inputs: 1, emitEvery: { heartbeatMs: -1 } })).toThrow(/heartbeatMs/);
    expect(() => emitEvery({ heartbeatMs: 1000 })).toThrow(/applies to learning streams/);
    expect(checkEmitEvery({ heartbeatMs: 1000 })).toEqual({ heartbeatMs: 1000, samples: 1 });
  });
});
