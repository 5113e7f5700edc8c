import { from, take } from 'rxjs';
import type { Observable } from 'rxjs';
import type { Sample } from '../../../src/core/index.js';
import { describe, expect, it } from 'vitest';
import { batchByCount } from '../../../src/stream/operators/batch-by-count.js';
import { S, testScheduler } from './helpers.js';

const { a, b, c, d, e } = S as Required<typeof S>;

describe('batchByCount', () => {
  it('emits full batches as they fill and the partial one on completion', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-c-d-e|', S).pipe(batchByCount(2))).toBe('---x---y--(z|)', { x: [a, b], y: [c, d], z: [e] });
      expectObservable(cold('-a-b|', S).pipe(batchByCount(2))).toBe('---x|', { x: [a, b] });
      expectObservable(cold('--|', S).pipe(batchByCount(2))).toBe('--|');
    });
  });

  it('unrolls chunks into the batches', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-k-e|', { k: [a, b, c], e }).pipe(batchByCount(2))).toBe('-x-y|', { x: [a, b], y: [c, e] });
    });
  });

  it('cuts chunks of any size into the same batches as the samples one by one', () => {
    const samples: Sample[] = Array.from({ length: 1000 }, (_, i) => ({ x: [i, -i], t: (i % 2) as 0 | 1 }));
    const batches = (source: Observable<Sample | Sample[]>, size: number): unknown[][] => {
      const out: unknown[][] = [];
      source.pipe(batchByCount(size)).subscribe((batch) => out.push(batch));
      return out;
    };
    for (const size of [1, 7, 64]) {
      const expected = batches(from(samples), size);
      expect(expected.flat()).toEqual(samples);
      for (const chunkSize of [1, 5, 64, 100, 333]) {
        const chunks: Sample[][] = [];
        for (let i = 0; i < samples.length; i += chunkSize) chunks.push(samples.slice(i, i + chunkSize));
        const mixed: (Sample | Sample[])[] = chunks.flatMap((chunk, k): (Sample | Sample[])[] => (k % 3 === 0 ? chunk : [chunk])); // chunks and single samples, interleaved
        expect(batches(from(chunks), size)).toEqual(expected);
        expect(batches(from(mixed), size)).toEqual(expected);
      }
    }
    const out: unknown[] = [];
    from([samples]).pipe(batchByCount(64), take(2)).subscribe((x) => out.push(x));
    expect(out).toEqual([samples.slice(0, 64), samples.slice(64, 128)]); // stops inside the chunk
  });

  it('flushes the partial batch before a source error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-#', S).pipe(batchByCount(3))).toBe('---(x#)', { x: [a] });
    });
  });

  it('tears down with the subscriber, and stops a synchronous source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', S);
      expectObservable(source.pipe(batchByCount(2)), '^--!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
    function* endless() {
      for (;;) yield d;
    }
    const out: unknown[] = [];
    from(endless()).pipe(batchByCount(2), take(2)).subscribe((x) => out.push(x));
    expect(out).toEqual([[d, d], [d, d]]);
  });

  it('refuses a bad size', () => {
    expect(() => batchByCount(0)).toThrow(/batch size must be an integer ≥ 1, got 0/);
  });
});
