import { describe, expect, it } from 'vitest';
import { emitEvery } from '../../../src/stream/operators/emit-every.js';
import { testScheduler } from './helpers.js';

describe('emitEvery', () => {
  it('passes the latest of every k values and the last one on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('abcdefg|').pipe(emitEvery({ samples: 3 }))).toBe('--c--f-(g|)');
    });
  });

  it('passes the latest value t ms after the first one held back', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab-c------d|').pipe(emitEvery({ ms: 4 }))).toBe('----c------(d|)');
    });
  });

  it('passes every value with neither bound, and the held value before an error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('ab|').pipe(emitEvery({}))).toBe('ab|');
      expectObservable(cold('ab#').pipe(emitEvery({ samples: 5 }))).toBe('--(b#)');
    });
  });

  it('cancels its timer when unsubscribed', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c|');
      expectObservable(source.pipe(emitEvery({ ms: 3 })), '^-!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('refuses a bad bound', () => {
    expect(() => emitEvery({ samples: 1.5 })).toThrow(/emitEvery.samples must be an integer ≥ 1, got 1.5/);
  });
});
