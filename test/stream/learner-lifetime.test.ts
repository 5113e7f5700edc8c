/**
 * The learner's life is its own: sources come and go, fail and are reported,
 * and only close() (or a source given endWithSource) ends it. Re-entrant
 * pushes keep every subscriber's steps in order.
 */
import { Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createModel, learnOne } from '../../src/core/index.js';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import type { SourceError } from '../../src/stream/source-error.js';
import { FeedQueue } from '../../src/stream/feed-queue.js';

const schedule = { kind: 'constant', lr: 0.1 } as const;
const samples = gaussianClasses({ seed: 'lifetime', count: 100 });

describe('OnlineLearner lifetime', () => {
  it('goes on when one of its sources completes: the others and push still feed it', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const a = new Subject<unknown>();
    const b = new Subject<unknown>();
    const subA = learner.learnFrom(a, { name: 'a' });
    learner.learnFrom(b, { name: 'b' });
    a.next(samples[0]);
    a.complete();
    expect(subA.closed).toBe(true);
    expect(learner.closed).toBe(false);
    b.next(samples[1]);
    expect(learner.push([samples[2]]).accepted).toBe(1);
    expect(learner.currentStep().n).toBe(3);
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples.slice(0, 3)) learnOne(core, s, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(core.weights));
    await learner.close();
    expect(b.observed).toBe(false);
  });

  it('reports a failing source on errors$ with its name, and goes on', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const errors: SourceError[] = [];
    let stepsFailed = false;
    learner.errors$.subscribe((e) => errors.push(e));
    learner.steps$.subscribe({ error: () => (stepsFailed = true) });
    const bus = new Subject<unknown>();
    learner.learnFrom(bus, { name: 'bus' });
    learner.learnFrom(throwError(() => new Error('feed lost'))); // unnamed, fails at once
    bus.next(samples[0]);
    bus.error(new Error('socket closed'));
    expect(errors.map((e) => `${e.source}: ${(e.error as Error).message}`)).toEqual(['source 1: feed lost', 'bus: socket closed']);
    expect(learner.closed).toBe(false);
    expect(stepsFailed).toBe(false);
    learner.push([samples[1]]);
    expect(learner.currentStep().n).toBe(2);
    let errorsDone = false;
    learner.errors$.subscribe({ complete: () => (errorsDone = true) });
    await learner.close();
    expect(errorsDone).toBe(true);
  });

  it('a source error with no subscriber anywhere neither closes the learner nor throws', () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    learner.steps$.subscribe(() => undefined); // next-only, as the README's quickstart
    expect(() => learner.learnFrom(throwError(() => new Error('boom')))).not.toThrow();
    expect(learner.closed).toBe(false);
    void learner.close();
  });

  it('ends only with a source given endWithSource, or on close()', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const other = new Subject<unknown>();
    const main = new Subject<unknown>();
    learner.learnFrom(other);
    learner.learnFrom(main, { endWithSource: true });
    other.complete();
    expect(learner.closed).toBe(false);
    main.next(samples[0]);
    main.complete();
    expect(learner.closed).toBe(true);
    expect(() => learner.push([samples[1]])).toThrow(/the learner is closed/);
    await learner.close();
  });

  it('queues a push from inside a steps$ subscriber: every subscriber sees the steps in order', async () => {
    const learner = new OnlineLearner({ inputs: 2, schedule });
    const first: number[] = [];
    const second: number[] = [];
    learner.steps$.subscribe((s) => {
      first.push(s.n);
      if (s.n === 1) learner.push([samples[1], samples[2]]); // re-entrant
    });
    learner.steps$.subscribe((s) => second.push(s.n));
    learner.push([samples[0]]);
    learner.push([samples[3]]);
    expect(first).toEqual([0, 1, 2, 3, 4]);
    expect(second).toEqual([0, 1, 2, 3, 4]);
    const core = createModel({ inputs: 2, bias: true });
    for (const s of samples.slice(0, 4)) learnOne(core, s, { schedule });
    expect(learner.currentStep().weights).toEqual(Array.from(core.weights));
    await learner.close();
  });
});

describe('FeedQueue', () => {
  it('runs inputs given during a delivery after it, in order', () => {
    const log: string[] = [];
    const queue: FeedQueue<string> = new FeedQueue((input) => {
      log.push(`learn ${input}`);
      queue.deliver(() => {
        log.push(`deliver ${input}`);
        if (input === 'a') queue.give('b');
        if (input === 'a') queue.give('c');
      });
    });
    queue.give('a');
    queue.give('d');
    expect(log).toEqual(['learn a', 'deliver a', 'learn b', 'deliver b', 'learn c', 'deliver c', 'learn d', 'deliver d']);
    expect(queue.pending).toBe(0);
  });
});
