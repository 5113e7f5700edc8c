import { blockFromSamples } from '../../../src/core/index.js';
import { describe, expect, it } from 'vitest';
import { batchByTime } from '../../../src/stream/operators/batch-by-time.js';
import { S, testScheduler } from './helpers.js';

const { a, b, c, d, e } = S as Required<typeof S>;

describe('batchByTime', () => {
  it('opens a window at the first sample and closes it windowMs later; idle time emits nothing', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-------c-----|', S).pipe(batchByTime(3))).toBe('----x---------y--|', { x: [a, b], y: [c] });
    });
  });

  it('closes a window early at maxSize', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-abc------|', S).pipe(batchByTime(5, { maxSize: 2 }))).toBe('--x-----y-|', { x: [a, b], y: [c] });
    });
  });

  it('flushes the partial batch on completion and before an error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b|', S).pipe(batchByTime(10))).toBe('----(x|)', { x: [a, b] });
      expectObservable(cold('-a-#', S).pipe(batchByTime(10))).toBe('---(x#)', { x: [a] });
    });
  });

  it('unrolls chunks, cutting them at maxSize', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-k---|', { k: [a, b, c, d, e] }).pipe(batchByTime(10, { maxSize: 2 }))).toBe('-(xy)(z|)', { x: [a, b], y: [c, d], z: [e] });
    });
  });

  it('tears down its timer with the subscriber', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', S);
      // A timer set at frame 1 would fire at frame 5 and emit; unsubscribing at 3 cancels it.
      expectObservable(source.pipe(batchByTime(4)), '^--!').toBe('----');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('refuses a bad window or maxSize', () => {
    expect(() => batchByTime(0)).toThrow(/batch window must be a finite number of ms > 0, got 0/);
    expect(() => batchByTime(10, { maxSize: 0 })).toThrow(/maxSize must be an integer ≥ 1, got 0/);
  });

  it('unrolls blocks into samples, cutting them at maxSize', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const k = blockFromSamples([a, b, c, d, e]);
      expectObservable(cold('-k---|', { k }).pipe(batchByTime(10, { maxSize: 2 }))).toBe('-(xy)(z|)', { x: [a, b], y: [c, d], z: [e] });
    });
  });
});
