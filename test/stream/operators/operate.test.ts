import { of, Subject, take, throwError, concat } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { operate } from '../../../src/stream/operators/operate.js';
import { testScheduler } from './helpers.js';

/** Sums values and lets the sum out at the end; counts its teardowns. */
function sumAll(log: string[]) {
  return operate<number, number>((subscriber) => {
    let sum = 0;
    return {
      next: (v) => {
        sum += v;
        if (sum > 100) subscriber.next(sum);
      },
      flush: () => {
        log.push('flush');
        subscriber.next(sum);
      },
      teardown: () => log.push('teardown'),
    };
  });
}

describe('operate', () => {
  it('flushes before completion and before an error, and tears down once', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const log: string[] = [];
      expectObservable(cold('-a-b-|', { a: 1, b: 2 }).pipe(sumAll(log))).toBe('-----(s|)', { s: 3 });
      expectObservable(cold('-a-#', { a: 4 }, new Error('boom')).pipe(sumAll([]))).toBe('---(s#)', { s: 4 }, new Error('boom'));
    });
  });

  it('gives each subscription its own state', () => {
    const log: string[] = [];
    const summed = of(1, 2, 3).pipe(sumAll(log));
    const seen: number[] = [];
    summed.subscribe((v) => seen.push(v));
    summed.subscribe((v) => seen.push(v));
    expect(seen).toEqual([6, 6]);
    expect(log).toEqual(['flush', 'teardown', 'flush', 'teardown']);
  });

  it('stops an endless synchronous source when downstream closes, and flushes nothing after', () => {
    const log: string[] = [];
    let pulled = 0;
    const endless = new Subject<number>();
    const seen: number[] = [];
    endless.pipe(sumAll(log), take(1)).subscribe((v) => seen.push(v));
    for (let i = 0; i < 10 && endless.observed; i++, pulled++) endless.next(60);
    expect(seen).toEqual([120]);
    expect(pulled).toBe(2);
    endless.complete();
    expect(log).toEqual(['teardown']);
  });

  it('passes an error through after the flush', () => {
    const log: string[] = [];
    const errors: unknown[] = [];
    concat(of(5), throwError(() => new Error('late'))).pipe(sumAll(log)).subscribe({ next: (v) => log.push(`next ${v}`), error: (e: Error) => errors.push(e.message) });
    expect(log).toEqual(['flush', 'next 5', 'teardown']);
    expect(errors).toEqual(['late']);
  });
});
