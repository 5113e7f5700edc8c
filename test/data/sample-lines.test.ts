import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSampleChunks, readSampleBlocks, readSamples } from '../../src/data/sample-lines.js';
import type { ReadSamplesOptions } from '../../src/data/sample-lines.js';
import { SampleLineError } from '../../src/data/sample-validation.js';

/** A stream delivering `bytes` in pieces of `size` bytes. */
function pieces(bytes: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts);
}

async function readAll(input: AsyncIterable<Uint8Array | string>, options: ReadSamplesOptions = {}) {
  const out: { x: readonly number[]; t: number; line: number }[] = [];
  for await (const { sample, line } of readSamples(input, options)) out.push({ x: sample.x, t: sample.t, line });
  return out;
}

const TEXT = '\uFEFF{"x":[1.5,-2],"t":1,"name":"é€😀"}\r\n\r\n{"x":[3,4],"t":0}\n{"t":1,"x":[5,6]}';
const EXPECTED = [
  { x: [1.5, -2], t: 1, line: 1 },
  { x: [3, 4], t: 0, line: 3 },
  { x: [5, 6], t: 1, line: 4 },
];

describe('readSamples', () => {
  it('reads a BOM, CRLF, multi-byte characters and a last line without newline, whatever the chunking', async () => {
    const bytes = Buffer.from(TEXT, 'utf8');
    for (const size of [1, 2, 3, 5, 7, 16, 1000]) {
      expect(await readAll(pieces(bytes, size)), `chunks of ${size}`).toEqual(EXPECTED);
    }
  });

  it('accepts string chunks and plain async iterables', async () => {
    async function* strings() {
      yield '{"x":[1],"t":0}\n{"x"';
      yield ':[2],"t":1}\n';
    }
    expect(await readAll(strings())).toEqual([
      { x: [1], t: 0, line: 1 },
      { x: [2], t: 1, line: 2 },
    ]);
  });

  it('reads CSV with a header', async () => {
    const input = Readable.from([Buffer.from('x1,x2,label\n1,2,0\n3,4,1\n')]);
    expect(await readAll(input, { format: 'csv' })).toEqual([
      { x: [1, 2], t: 0, line: 2 },
      { x: [3, 4], t: 1, line: 3 },
    ]);
  });

  it('reads lines longer than a chunk', async () => {
    const long = `{"x":[${Array.from({ length: 3000 }, (_, i) => i / 7).join(',')}],"t":1}`;
    const bytes = Buffer.from(`${long}\n${long}\n`);
    const got = await readAll(pieces(bytes, 1000));
    expect(got).toHaveLength(2);
    expect(got[1]!.x[2999]).toBe(2999 / 7);
  });

  it('yields the samples before an invalid line, then throws with its number', async () => {
    const input = Readable.from([Buffer.from('{"x":[1],"t":0}\n{"x":[2],"t":1}\n{"x":[3],"t":7}\n{"x":[4],"t":1}\n')]);
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const { sample } of readSamples(input)) seen.push(sample.x[0]!);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(SampleLineError);
    expect((error as SampleLineError).message).toBe('line 3: "t" must be 0 or 1, got 7');
    expect((error as SampleLineError).line).toBe(3);
  });

  it('reports an invalid last line without newline', async () => {
    await expect(readAll(Readable.from([Buffer.from('{"x":[1],"t":0}\n{"x":[1]')]))).rejects.toThrow(/^line 2: not valid JSON/);
  });

  it('checks the width given by the caller', async () => {
    await expect(readAll(Readable.from([Buffer.from('{"x":[1],"t":0}\n')]), { width: 2 })).rejects.toThrow(
      'line 1: has 1 x values, expected 2 (as the model expects)',
    );
  });
});

describe('readSampleChunks', () => {
  it('reports skipped lines and the bytes read', async () => {
    const text = '{"x":[1],"t":0}\n{"x":[1],"t":2}\n{"x":[2],"t":1}\n';
    const chunks = [];
    for await (const c of readSampleChunks(pieces(Buffer.from(text), 16), { skipInvalid: true })) chunks.push(c);
    expect(chunks.flatMap((c) => c.samples)).toEqual([
      { x: [1], t: 0 },
      { x: [2], t: 1 },
    ]);
    expect(chunks.flatMap((c) => c.lines)).toEqual([1, 3]);
    expect(chunks.flatMap((c) => c.invalid)).toEqual([{ line: 2, reason: '"t" must be 0 or 1, got 2' }]);
    expect(chunks.at(-1)!.bytesRead).toBe(text.length);
    const progress = chunks.map((c) => c.bytesRead);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });
});

describe('readSampleBlocks', () => {
  it('yields sample blocks and destroys the stream when the loop stops early', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `{"x":[${i},-${i}],"t":${i % 2}}`).join('\n');
    const input = pieces(Buffer.from(lines), 64 * 1024);
    let count = 0;
    for await (const { block: columns } of readSampleBlocks(input)) {
      expect(columns.width).toBe(2);
      expect(columns.x[0]).toBe(count);
      expect(columns.x[1]).toBe(-count);
      expect(columns.t[0]).toBe(count % 2);
      expect(columns.positions[0]).toBe(count + 1);
      count += columns.length;
      if (count > 10_000) break;
    }
    expect(input.destroyed).toBe(true);
  });
});

describe('maxLineBytes', () => {
  const collect = async (chunks: (string | Buffer)[], maxLineBytes: number) => {
    const samples: number[] = [];
    try {
      for await (const { sample, line } of readSamples(Readable.from(chunks), { maxLineBytes })) samples.push(line, sample.x.length);
      return { samples };
    } catch (e) {
      return { samples, error: (e as Error).message };
    }
  };
  const row = (n: number): string => `{"x":[${Array.from({ length: n }, () => '1').join(',')}],"t":1}`; // 2n + 13 bytes

  it('takes lines up to the limit, \\r\\n or not, within a chunk or across chunks', async () => {
    const line = row(10); // 33 bytes
    expect(line.length).toBe(33);
    const r = await collect([`${line}\r\n${line.slice(0, 10)}`, `${line.slice(10)}\n${line}`], 33);
    expect(r).toEqual({ samples: [1, 10, 2, 10, 3, 10] });
  });

  it('names the first line over the limit: inside a chunk, across chunks, or never ended', async () => {
    const ok = row(1);
    const long = row(20); // 53 bytes
    expect((await collect([`${ok}\n${ok}\n${long}\n${ok}\n`], 50)).error).toBe('line 3: longer than 50 bytes, the maximum line length (raise it with --max-line-bytes, or maxLineBytes)');
    expect((await collect([`${ok}\n${long.slice(0, 30)}`, `${long.slice(30)}\n`], 50)).error).toMatch(/^line 2: longer than 50 bytes/);
    const endless = await collect([`${ok}\n`, ...Array.from({ length: 10 }, () => 'x'.repeat(20))], 50);
    expect(endless).toEqual({ samples: [1, 1], error: expect.stringMatching(/^line 2: longer than 50 bytes/) });
  });
});
