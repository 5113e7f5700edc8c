import { describe, expect, it } from 'vitest';
import { LearnerStreams } from '../../src/stream/learner-streams.js';
import type { Step } from '../../src/core/index.js';
import { Trainer } from '../../src/core/index.js';

describe('LearnerStreams', () => {
  it('gives each new steps$ subscriber the current state, then the shared steps, then the ending', () => {
    const trainer = new Trainer({ inputs: 1 });
    const streams = new LearnerStreams(() => trainer.step(0));
    const seen: number[] = [];
    streams.steps$.subscribe({ next: (s) => seen.push(s.n), error: () => seen.push(-1) });
    trainer.learnOne({ x: [1], t: 1 });
    const step = trainer.step(1);
    streams.step(step);
    expect(seen).toEqual([0, 1]);
    const events: string[] = [];
    streams.rejected$.subscribe({ complete: () => events.push('rejected done') });
    streams.end(step, new Error('source failed'));
    let late: Step | undefined;
    streams.steps$.subscribe({ next: (s) => (late = s), error: (e: Error) => events.push(e.message) });
    expect(late).toBe(step);
    expect(seen).toEqual([0, 1, -1]);
    expect(events).toEqual(['rejected done', 'source failed']);
  });

  it('skips the samples$ work when nobody listens', () => {
    const streams = new LearnerStreams(() => new Trainer({ inputs: 1 }).step(0));
    expect(streams.wantsSamples).toBe(false);
    const got: unknown[] = [];
    streams.samples$.subscribe((s) => got.push(s));
    expect(streams.wantsSamples).toBe(true);
    streams.sample({ x: [1], t: 0 });
    expect(got).toEqual([{ x: [1], t: 0 }]);
  });
});
