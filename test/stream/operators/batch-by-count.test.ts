import type { SampleBlock } from '../../../src/core/index.js';
import { blockFromSamples, blockToSamples, sliceBlock } from '../../../src/core/index.js';
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

  it('cuts blocks into block batches: the same rows as the samples one by one, also mixed with samples', () => {
    const samples: Sample[] = Array.from({ length: 500 }, (_, i) => ({ x: [i, -i], t: (i % 2) as 0 | 1 }));
    for (const size of [1, 7, 64]) {
      const expected: Sample[][] = [];
      from(samples).pipe(batchByCount(size)).subscribe((batch) => expected.push(batch));
      for (const blockSize of [1, 5, 64, 100, 333]) {
        const blocks: SampleBlock[] = [];
        for (let i = 0; i < samples.length; i += blockSize) blocks.push(blockFromSamples(samples.slice(i, i + blockSize)));
        const got: SampleBlock[] = [];
        from(blocks).pipe(batchByCount(size)).subscribe((batch) => got.push(batch));
        expect(got.map((batch) => blockToSamples(batch))).toEqual(expected);
        // Samples held before a block join its rows: the batch is a block.
        const rest = blockFromSamples(samples.slice(2));
        const mixed: (Sample | SampleBlock)[] = [samples[0]!, samples[1]!];
        for (let i = 0; i < rest.length; i += blockSize) mixed.push(sliceBlock(rest, i, Math.min(rest.length, i + blockSize)));
        const gotMixed: (Sample[] | SampleBlock)[] = [];
        from(mixed).pipe(batchByCount(size)).subscribe((batch) => gotMixed.push(batch));
        expect(gotMixed.map((batch) => (Array.isArray(batch) ? batch : blockToSamples(batch)))).toEqual(expected);
      }
    }
  });

  it('copies block batches (a source may reuse its block) and refuses a block of another width', () => {
    const block = blockFromSamples([{ x: [1, 2], t: 1 }, { x: [3, 4], t: 0 }]);
    const got: SampleBlock[] = [];
    from([block]).pipe(batchByCount(2)).subscribe((batch) => got.push(batch));
    block.x.fill(0);
    expect(Array.from(got[0]!.x)).toEqual([1, 2, 3, 4]);
    let error: unknown;
    from([block, blockFromSamples([{ x: [1], t: 0 }])]).pipe(batchByCount(4)).subscribe({ next: (b) => got.push(b), error: (e: unknown) => (error = e) });
    expect(String(error)).toMatch(/a block of 1 features per sample in a stream of 2/);
    expect(got.at(-1)!.length).toBe(2); // the rows held were let out before the error
  });
});
