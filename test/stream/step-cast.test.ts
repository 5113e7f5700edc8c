import { Observable, Subject } from 'rxjs';
import type { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StepCast } from '../../src/stream/step-cast.js';

/** The same script of subscriptions and values, on a StepCast and on an RxJS Subject: what each subscriber saw. */
function script(make: () => { source: Observable<number>; next(v: number): void; complete(): void; error(e: unknown): void }, end: 'complete' | 'error'): string[] {
  const { source, next, complete, error } = make();
  const log: string[] = [];
  const observer = (name: string) => ({
    next: (v: number) => log.push(`${name}:${v}`),
    error: (e: unknown) => log.push(`${name}:error ${String(e)}`),
    complete: () => log.push(`${name}:complete`),
  });
  let late: Subscription | undefined;
  let b: Subscription | undefined;
  source.subscribe({
    ...observer('a'),
    next: (v) => {
      log.push(`a:${v}`);
      // Added during an emission: from the next value on. Removed during one: nothing more.
      if (v === 1) late = source.subscribe(observer('late'));
      if (v === 2) b?.unsubscribe();
    },
  });
  b = source.subscribe(observer('b'));
  next(1);
  next(2);
  next(3);
  late?.unsubscribe();
  next(4);
  if (end === 'complete') complete();
  else error(undefined);
  next(5);
  source.subscribe(observer('after'));
  return log;
}

function stepCast() {
  const cast = new StepCast<number>();
  return { source: new Observable<number>((s) => cast.add(s)), next: (v: number) => cast.next(v), complete: () => cast.complete(), error: (e: unknown) => cast.error(e) };
}

function subject() {
  const s = new Subject<number>();
  return { source: s.asObservable(), next: (v: number) => s.next(v), complete: () => s.complete(), error: (e: unknown) => s.error(e) };
}

describe('StepCast', () => {
  it('delivers, adds, removes and ends as an RxJS Subject does, an error of undefined included', () => {
    for (const end of ['complete', 'error'] as const) {
      const seen = script(stepCast, end);
      expect(seen, end).toEqual(script(subject, end));
      expect(seen).toContain('a:4');
      expect(seen).not.toContain('late:4');
      expect(seen).not.toContain('b:3');
      expect(seen.at(-1)).toBe(end === 'complete' ? 'after:complete' : 'after:error undefined');
    }
  });

  it('tells whether anyone listens', () => {
    const cast = new StepCast<number>();
    const source = new Observable<number>((s) => cast.add(s));
    expect(cast.observed).toBe(false);
    const sub = source.subscribe();
    expect(cast.observed).toBe(true);
    sub.unsubscribe();
    expect(cast.observed).toBe(false);
  });
});
