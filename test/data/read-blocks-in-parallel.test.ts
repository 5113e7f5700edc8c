import { Readable } from 'node:stream';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { readSampleBlocks } from '../../src/data/sample-lines.js';
import type { ReadSamplesOptions, SampleBlockChunk } from '../../src/data/sample-lines.js';

// The worker thread runs compiled code: test the reader from dist/ (rebuilt by the global set-up) against the sources' one-thread reader.
const dist = (await import(new URL('../../dist/data/read-blocks-in-parallel.js', import.meta.url).href)) as typeof import('../../src/data/read-blocks-in-parallel.js');

/** Mostly valid two-feature files with the rarer things a file holds: each run of lines meets some. */
function file(rng: () => number, lines: number): string {
  const out: string[] = [];
  const wide = rng() < 0.3 ? Math.floor(rng() * lines) : -1; // a stretch of three-feature lines
  const blankStart = rng() < 0.3 ? Math.floor(rng() * 300) : 0; // the width unknown for a while
  for (let k = 0; k < lines; k++) {
    const r = rng();
    const width = wide >= 0 && k >= wide && k < wide + 200 ? 3 : 2;
    const xs = Array.from({ length: width }, () => (rng() * 4 - 2).toString());
    if (k < blankStart || r < 0.002) out.push(['', '  ', '\t\r'][Math.floor(rng() * 3)]!);
    else if (r < 0.004) out.push(`{"x":[${xs.join(',')}],"t":1,"name":"é€😀"}`);
    else if (r < 0.006) out.push(`{"t":0, "x":[${xs.join(', ')}]}`);
    else if (r < 0.0065) out.push('{"x":[1,2],"t":2}');
    else if (r < 0.007) out.push('not json');
    else out.push(`{"x":[${xs.join(',')}],"t":${rng() < 0.5 ? 0 : 1}}`);
  }
  return (rng() < 0.3 ? '\uFEFF' : '') + out.join(rng() < 0.7 ? '\n' : '\r\n') + (rng() < 0.5 ? '\n' : '');
}

function pieces(bytes: Buffer, rng: () => number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = 200 + Math.floor(rng() * 3000);
    parts.push(bytes.subarray(i, i + size));
    i += size;
  }
  return Readable.from(parts);
}

/** Everything a reader gives: each chunk's block (values bit for bit, labels, line numbers), invalid lines, bytes read, then its error. */
async function outcome(chunks: AsyncIterable<SampleBlockChunk>) {
  const seen: unknown[] = [];
  try {
    for await (const { block, invalid, bytesRead } of chunks) {
      seen.push({
        width: block.width,
        length: block.length,
        x: Array.from(block.x.subarray(0, block.length * block.width), (v) => (Object.is(v, -0) ? '-0' : v)),
        t: Array.from(block.t.subarray(0, block.length)),
        lines: Array.from(block.positions.subarray(0, block.length)),
        invalid,
        bytesRead,
      });
    }
  } catch (e) {
    seen.push({ error: (e as Error).name, message: (e as Error).message });
  }
  return seen;
}

describe('readBlocksInParallel', () => {
  it('can run from dist/', () => {
    expect(dist.canReadInParallel()).toBe(true);
  });

  it('gives exactly what the one-thread reader gives, chunk for chunk, on 30 random files', { timeout: 180_000 }, async () => {
    const rng = seedrandom('read-blocks-in-parallel');
    let errors = 0;
    for (let f = 0; f < 30; f++) {
      const text = file(rng, 500 + Math.floor(rng() * 2000));
      const bytes = Buffer.from(text, 'utf8');
      const options: ReadSamplesOptions = { skipInvalid: rng() < 0.5, ...(rng() < 0.2 ? { maxLineBytes: 60 } : {}), ...(rng() < 0.1 ? { width: 2 } : {}) };
      const seed = String(rng());
      const expected = await outcome(readSampleBlocks(pieces(bytes, seedrandom(seed)), options));
      const got = await outcome(dist.readBlocksInParallel(pieces(bytes, seedrandom(seed)), options));
      expect(got, `file ${f} ${JSON.stringify(options)}`).toEqual(expected);
      if (expected.some((c) => (c as { error?: string }).error !== undefined)) errors++;
    }
    expect(errors).toBeGreaterThan(5); // the errors' paths are exercised too
  });
});
