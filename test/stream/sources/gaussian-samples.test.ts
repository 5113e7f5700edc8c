import { firstValueFrom, lastValueFrom, map, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { blockToSamples } from '../../../src/core/index.js';
import type { Sample, SampleBlock } from '../../../src/core/index.js';
import { gaussianClasses, gaussianClassStream } from '../../../src/data/gaussian-classes.js';
import { gaussianSamples } from '../../../src/stream/sources/gaussian-samples.js';
import { testScheduler } from '../operators/helpers.js';

describe('gaussianSamples', () => {
  it('replays the same samples on every subscription, the generator\'s own', async () => {
    const source = gaussianSamples({ seed: 'replay', count: 300, order: 'shuffled', blockSize: 64 });
    // Not assumed synchronous: on a busy machine the source may yield to the event loop mid-way.
    const rows = (blocks: SampleBlock[]): Sample[] => blocks.flatMap((b) => blockToSamples(b));
    const [one, two] = await Promise.all([lastValueFrom(source.pipe(toArray())).then(rows), lastValueFrom(source.pipe(toArray())).then(rows)]);
    expect(one).toHaveLength(300);
    expect(one).toEqual(two);
    expect(one).toEqual(gaussianClasses({ seed: 'replay', count: 300, order: 'shuffled' }));
  });

  it('is endless without count, and stops as soon as the subscriber does', async () => {
    const first = gaussianClassStream({ seed: 'endless' })[Symbol.iterator]();
    const expected = Array.from({ length: 5 }, () => first.next().value);
    const taken: Sample[] = await lastValueFrom(gaussianSamples({ seed: 'endless', blocks: false }).pipe(take(5), toArray()));
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
      expectObservable(gaussianSamples({ seed: 'rate', count: 3, rate: 10, blocks: false })).toBe('100ms a 99ms b 99ms (c|)', { a, b, c });
    });
  });

  it('emits the samples due at each tick at high rates, and stops on unsubscribe', () => {
    testScheduler().run(({ expectObservable }) => {
      const counted = gaussianSamples({ seed: 'fast', rate: 1000, tickMs: 10, blocks: false }).pipe(take(25), toArray());
      expectObservable(counted).toBe('30ms (x|)', { x: gaussianClasses({ seed: 'fast', count: 25 }) });
    });
  });

  it('rotates the class means with drift, as the generator does', async () => {
    const drifting = await lastValueFrom(gaussianSamples({ seed: 'drift', count: 400, drift: { period: 400 }, blocks: false }).pipe(toArray()));
    expect(drifting).toEqual(gaussianClasses({ seed: 'drift', count: 400, drift: { period: 400 } }));
    expect(drifting).not.toEqual(gaussianClasses({ seed: 'drift', count: 400 }));
    expect(await firstValueFrom(gaussianSamples({ seed: 'drift', drift: { period: 400 }, blocks: false }))).toEqual(drifting[0]);
  });

  // A run cut short by maxBlockMs (a busy machine) lets out a partial block: a long maxBlockMs keeps the sizes exact.
  it('emits blocks by default: blockSize rows each, the last one partial, the same rows as the samples', async () => {
    const blocks = await lastValueFrom(gaussianSamples({ seed: 'blocks', count: 1000, blockSize: 300, maxBlockMs: 60_000 }).pipe(toArray()));
    expect(blocks.map((b) => b.length)).toEqual([300, 300, 300, 100]);
    expect(blocks.flatMap((b) => blockToSamples(b))).toEqual(gaussianClasses({ seed: 'blocks', count: 1000 }));
    expect(blocks[0]!.x.buffer).not.toBe(blocks[1]!.x.buffer); // fresh blocks: a subscriber may keep them
    const endless = await lastValueFrom(gaussianSamples({ seed: 'blocks', maxBlockMs: 60_000 }).pipe(take(2), toArray()));
    expect(endless.map((b) => b.length)).toEqual([1024, 1024]);
  });

  it('emits one block per tick at a rate', () => {
    const [a, b, c, d, e] = gaussianClasses({ seed: 'rate-blocks', count: 5 });
    testScheduler().run(({ expectObservable }) => {
      const rows = gaussianSamples({ seed: 'rate-blocks', count: 5, rate: 100, tickMs: 20 }).pipe(map((block) => blockToSamples(block)));
      expectObservable(rows).toBe('20ms x 19ms y 19ms (z|)', { x: [a, b], y: [c, d], z: [e] });
    });
  });

  it('refuses bad options with the field named', () => {
    expect(() => gaussianSamples({ seed: 1, rate: 0 })).toThrow(/rate must be a finite number of samples per second > 0, got 0/);
    expect(() => gaussianSamples({ seed: 1, rate: 5, tickMs: -1 })).toThrow(/tickMs must be a finite number > 0/);
    expect(() => gaussianSamples({ seed: 1, maxBlockMs: 0 })).toThrow(/maxBlockMs must be a finite number > 0/);
    expect(() => gaussianSamples({ seed: 1, blockSize: 0 })).toThrow(/blockSize must be an integer ≥ 1, got 0/);
    expect(() => gaussianSamples({ seed: 1, count: -3 })).toThrow(/count must be an integer ≥ 1/);
  });
});
