import { of, Subject, take, throwError, concat } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { operate, OperatorSubscriber, operateWith } from '../../../src/stream/operators/operate.js';
import type { Subscriber } from 'rxjs';
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

  it('operateWith: the operator as its own subscriber, with the same flush, error and teardown', () => {
    class Summing extends OperatorSubscriber<number> {
      private sum = 0;
      constructor(downstream: Subscriber<number>, private readonly log: string[]) {
        super(downstream);
      }
      protected override _next(value: number): void {
        try {
          if (value < 0) throw new Error(`negative ${value}`);
          this.sum += value;
        } catch (err) {
          this.fail(err);
        }
      }
      override flush(): void {
        this.log.push('flush');
        this.downstream.next(this.sum);
      }
      override teardown(): void {
        this.log.push('teardown');
      }
    }
    const sumWith = (log: string[]) => operateWith<number, number>((subscriber) => new Summing(subscriber, log));
    const log: string[] = [];
    const seen: number[] = [];
    of(1, 2, 3).pipe(sumWith(log)).subscribe((v) => seen.push(v));
    expect(seen).toEqual([6]);
    expect(log).toEqual(['flush', 'teardown']);

    const failed: string[] = [];
    const source = new Subject<number>();
    source.pipe(sumWith(failed)).subscribe({ next: (v) => failed.push(`next ${v}`), error: (e: Error) => failed.push(e.message) });
    source.next(4);
    source.next(-1);
    expect(failed).toEqual(['flush', 'next 4', 'negative -1', 'teardown']);
    expect(source.observed).toBe(false);

    const early: string[] = [];
    const endless = new Subject<number>();
    const subscription = endless.pipe(sumWith(early)).subscribe();
    endless.next(1);
    subscription.unsubscribe();
    endless.complete();
    expect(early).toEqual(['teardown']);
    expect(endless.observed).toBe(false);
  });
});
