import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { validateSamples } from '../../../src/stream/operators/validate-samples.js';
import type { Rejection } from '../../../src/stream/rejection.js';
import { S, testScheduler } from './helpers.js';

const { a, c } = S as Required<typeof S>;

describe('validateSamples', () => {
  it('passes valid samples on and puts each invalid one on the rejection stream, never stopping', () => {
    const bad = { x: [1, NaN], t: 1 };
    testScheduler().run(({ cold, expectObservable }) => {
      const rejected = new Subject<Rejection>();
      const seen: Rejection[] = [];
      rejected.subscribe((r) => seen.push(r));
      const source = cold('-a-b-c-d|', { a, b: bad, c, d: 'junk' });
      expectObservable(source.pipe(validateSamples({ inputs: 2, rejected, source: 'test' }))).toBe('-a---c--|', { a, c });
      return () =>
        expect(seen).toEqual([
          { input: bad, index: 1, reason: 'x[1]: Invalid input: expected number, received NaN', source: 'test' },
          { input: 'junk', index: 3, reason: 'Invalid input: expected object, received string', source: 'test' },
        ]);
    });
  });

  it('accepts a plain function for rejections and counts positions per subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const reasons: string[] = [];
      const source = cold('-a-b|', { a: { x: [1], t: 0 }, b: a });
      const op = validateSamples({ inputs: 2, rejected: (r) => reasons.push(`${r.index}: ${r.reason}`) });
      expectObservable(source.pipe(op)).toBe('---b|', { b: a });
      expectObservable(source.pipe(op)).toBe('---b|', { b: a });
      return () => expect(reasons).toEqual(['0: x: has 1 value, expected 2', '0: x: has 1 value, expected 2']);
    });
  });

  it('drops rejections when nobody asks for them, and passes errors on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-#', { a: 5, b: a }).pipe(validateSamples({ inputs: 2 }))).toBe('---b-#', { b: a });
    });
  });

  it('tears down with the subscriber', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-a-a|', S);
      expectObservable(source.pipe(validateSamples({ inputs: 2 })), '^--!').toBe('-a-', { a });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('refuses a bad width', () => {
    expect(() => validateSamples({ inputs: 0 })).toThrow(/inputs must be an integer ≥ 1, got 0/);
  });
});
