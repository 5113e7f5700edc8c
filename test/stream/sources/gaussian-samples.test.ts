import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../src/core/index.js';
import { gaussianClasses, gaussianClassStream } from '../../../src/data/gaussian-classes.js';
import { gaussianSamples } from '../../../src/stream/sources/gaussian-samples.js';
import { testScheduler } from '../operators/helpers.js';

describe('gaussianSamples', () => {
  it('replays the same samples on every subscription, the generator\'s own', async () => {
    const source = gaussianSamples({ seed: 'replay', count: 300, order: 'shuffled' });
    // Not assumed synchronous: on a busy machine the source may yield to the event loop mid-way.
    const [one, two] = await Promise.all([lastValueFrom(source.pipe(toArray())), lastValueFrom(source.pipe(toArray()))]);
    expect(one).toHaveLength(300);
    expect(one).toEqual(two);
    expect(one).toEqual(gaussianClasses({ seed: 'replay', count: 300, order: 'shuffled' }));
  });

  it('is endless without count, and stops as soon as the subscriber does', async () => {
    const first = gaussianClassStream({ seed: 'endless' })[Symbol.iterator]();
    const expected = Array.from({ length: 5 }, () => first.next().value);
    const taken: Sample[] = await lastValueFrom(gaussianSamples({ seed: 'endless' }).pipe(take(5), toArray()));
    expect(taken).toEqual(expected);
  });

  it('lets timers run while an endless source emits as fast as it can', async () => {
    let count = 0;
    const sub = gaussianSamples({ seed: 'yield', maxBlockMs: 2 }).subscribe(() => count++);
    await new Promise((resolve) => setTimeout(resolve, 20));
    sub.unsubscribe();
    const atStop = count;
    expect(atStop).toBeGreaterThan(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(count).toBe(atStop);
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Immediate')).toEqual([]);
  });

  it('emits at a given rate on a scheduler, completing with the last sample', () => {
    const [a, b, c] = gaussianClasses({ seed: 'rate', count: 3 });
    testScheduler().run(({ expectObservable }) => {
      expectObservable(gaussianSamples({ seed: 'rate', count: 3, rate: 10 })).toBe('100ms a 99ms b 99ms (c|)', { a, b, c });
    });
  });

  it('emits the samples due at each tick at high rates, and stops on unsubscribe', () => {
    testScheduler().run(({ expectObservable }) => {
      const counted = gaussianSamples({ seed: 'fast', rate: 1000, tickMs: 10 }).pipe(take(25), toArray());
      expectObservable(counted).toBe('30ms (x|)', { x: gaussianClasses({ seed: 'fast', count: 25 }) });
    });
  });

  it('rotates the class means with drift, as the generator does', async () => {
    const drifting = await lastValueFrom(gaussianSamples({ seed: 'drift', count: 400, drift: { period: 400 } }).pipe(toArray()));
    expect(drifting).toEqual(gaussianClasses({ seed: 'drift', count: 400, drift: { period: 400 } }));
    expect(drifting).not.toEqual(gaussianClasses({ seed: 'drift', count: 400 }));
    expect(await firstValueFrom(gaussianSamples({ seed: 'drift', drift: { period: 400 } }))).toEqual(drifting[0]);
  });

  it('refuses bad options with the field named', () => {
    expect(() => gaussianSamples({ seed: 1, rate: 0 })).toThrow(/rate must be a finite number of samples per second > 0, got 0/);
    expect(() => gaussianSamples({ seed: 1, rate: 5, tickMs: -1 })).toThrow(/tickMs must be a finite number > 0/);
    expect(() => gaussianSamples({ seed: 1, maxBlockMs: 0 })).toThrow(/maxBlockMs must be a finite number > 0/);
    expect(() => gaussianSamples({ seed: 1, count: -3 })).toThrow(/count must be an integer ≥ 1/);
  });
});
