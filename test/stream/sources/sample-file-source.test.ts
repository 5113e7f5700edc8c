import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { blockToSamples } from '../../../src/core/index.js';
import type { Sample } from '../../../src/core/index.js';
import { SampleSourceError } from '../../../src/data/sample-file.js';
import { SampleLineError } from '../../../src/data/sample-validation.js';
import type { Rejection } from '../../../src/stream/rejection.js';
import { fromSampleFile, fromSampleReadable } from '../../../src/stream/sources/sample-file-source.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-file-source-'));
const jsonl = join(dir, 'mixed.jsonl');
writeFileSync(jsonl, ['{"x":[1,2],"t":1}', '{"x":[3],"t":0}', '', '{"x":[5,6],"t":0}', 'nonsense', '{"x":[7,8],"t":1}'].join('\n'));

describe('fromSampleFile', () => {
  it('emits the valid samples in order and each invalid line as a rejection', async () => {
    const rejected: Rejection[] = [];
    const samples = await lastValueFrom(fromSampleFile(jsonl, { width: 2, rejected: (r) => rejected.push(r), blocks: false }).pipe(toArray()));
    expect(samples).toEqual([
      { x: [1, 2], t: 1 },
      { x: [5, 6], t: 0 },
      { x: [7, 8], t: 1 },
    ]);
    expect(rejected.map((r) => [r.index, r.source])).toEqual([
      [1, jsonl],
      [4, jsonl],
    ]);
    expect(rejected[0]!.reason).toMatch(/^line 2: /);
    expect(rejected[1]!.reason).toMatch(/^line 5: /);
  });

  it('fails at the first invalid line when nobody takes rejections, after the samples before it', async () => {
    const seen: Sample[] = [];
    const error = await lastValueFrom(fromSampleFile(jsonl, { blocks: false }).pipe(toArray())).catch((e: unknown) => e);
    fromSampleFile(jsonl, { blocks: false }).subscribe({ next: (s) => seen.push(s), error: () => undefined });
    expect(error).toBeInstanceOf(SampleLineError);
    expect((error as SampleLineError).line).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([{ x: [1, 2], t: 1 }]);
  });

  it('reads CSV with the train command\'s parser, again on every subscription', async () => {
    const csv = join(dir, 'data.csv');
    writeFileSync(csv, 'x1,x2,t\n0.5,1,1\n-1,2,0\n');
    const source = fromSampleFile(csv, { format: 'csv', blocks: false });
    const first = await lastValueFrom(source.pipe(toArray()));
    expect(first).toEqual([
      { x: [0.5, 1], t: 1 },
      { x: [-1, 2], t: 0 },
    ]);
    expect(await lastValueFrom(source.pipe(toArray()))).toEqual(first);
  });

  it('fails with a clear error for a missing file', async () => {
    const error = await lastValueFrom(fromSampleFile(join(dir, 'nope.jsonl'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SampleSourceError);
    expect((error as Error).message).toMatch(/nope\.jsonl.*no such file/);
  });
});

describe('fromSampleFile blocks', () => {
  it('emits blocks by default, cut at invalid lines so that rows and rejections keep line order', async () => {
    const events: string[] = [];
    const blocks = await lastValueFrom(
      fromSampleFile(jsonl, { width: 2, rejected: (r) => events.push(`rejected ${r.index + 1}`) }).pipe(
        tap((b) => events.push(`rows ${Array.from(b.positions ?? []).join(',')}`)),
        toArray(),
      ),
    );
    expect(events).toEqual(['rows 1', 'rejected 2', 'rows 4', 'rejected 5', 'rows 6']);
    expect(blocks.flatMap((b) => blockToSamples(b))).toEqual([
      { x: [1, 2], t: 1 },
      { x: [5, 6], t: 0 },
      { x: [7, 8], t: 1 },
    ]);
  });

  it('emits a whole chunk as one block, learnable as it is', async () => {
    const big = join(dir, 'big.jsonl');
    const samples = Array.from({ length: 2000 }, (_, i) => ({ x: [i / 100, 1 - i / 50], t: i % 2 }));
    writeFileSync(big, samples.map((s) => JSON.stringify(s)).join('\n'));
    const blocks = await lastValueFrom(fromSampleFile(big).pipe(toArray()));
    expect(blocks.length).toBeLessThan(10);
    expect(blocks.flatMap((b) => blockToSamples(b))).toEqual(samples);
  });
});

describe('fromSampleReadable', () => {
  it('emits samples as lines arrive and destroys the stream on unsubscribe', async () => {
    const input = new PassThrough();
    const seen: Sample[] = [];
    const sub = fromSampleReadable(input, { blocks: false }).subscribe((s) => seen.push(s));
    input.write('{"x":[1],"t":1}\n{"x":[2],');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([{ x: [1], t: 1 }]);
    input.write('"t":0}\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toHaveLength(2);
    sub.unsubscribe();
    expect(input.destroyed).toBe(true);
  });

  it('completes at the end of the stream', async () => {
    const input = new PassThrough();
    const done = lastValueFrom(fromSampleReadable(input, { format: 'csv', blocks: false }).pipe(toArray()));
    input.end('1,2,1\n3,4,0');
    expect(await done).toEqual([
      { x: [1, 2], t: 1 },
      { x: [3, 4], t: 0 },
    ]);
  });
});
