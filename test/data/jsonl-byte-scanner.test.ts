import { Readable } from 'node:stream';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { SampleBlockBuilder } from '../../src/core/index.js';
import { JsonlByteScanner } from '../../src/data/jsonl-byte-scanner.js';
import { scanJsonlInto } from '../../src/data/jsonl-sample-parser.js';
import { readSampleBlocks } from '../../src/data/sample-lines.js';
import { SampleTextParser } from '../../src/data/sample-text-parser.js';
import type { SampleParseError } from '../../src/data/sample-validation.js';
import { generateLine, randomJsonlFile } from './jsonl-lines.js';

describe('JsonlByteScanner', () => {
  it('reads a line from its bytes and says where it ends', () => {
    const scanner = new JsonlByteScanner();
    const out = new Float64Array(4);
    const bytes = Buffer.from(' {"t":1, "x":[1.5,-2e-3]}\t\r\n{"x":[7],"t":0}\n');
    expect(scanner.scan(bytes, 0, out)).toBe(5);
    expect(Array.from(out.subarray(0, 2))).toEqual([1.5, -0.002]);
    expect(scanner.end).toBe(27);
    expect(scanner.scan(bytes, 28, out)).toBe(2);
    expect(scanner.end).toBe(bytes.length - 1);
  });

  it('stops at the newline: a line is never read into the next one', () => {
    const scanner = new JsonlByteScanner();
    const out = new Float64Array(4);
    for (const text of ['{"x":[1],\n"t":0}\n', '{"x":[1\n],"t":0}\n', '{"\nx":[1],"t":0}\n', '{"x":[1],"t":0\n}\n', '\n{"x":[1],"t":0}\n']) {
      expect(scanner.scan(Buffer.from(text), 0, out), JSON.stringify(text)).toBe(-1);
    }
  });

  it('≡ the text scanner on 200 000 seeded lines: same acceptance, values bit for bit', () => {
    const rng = seedrandom('jsonl-byte-fuzz');
    const scanner = new JsonlByteScanner();
    const fromBytes = new Float64Array(8);
    const fromText = new Float64Array(8);
    const disagreements: string[] = [];
    let accepted = 0;
    for (let k = 0; k < 200_000; k++) {
      const line = generateLine(rng);
      const bytes = Buffer.from(`${line}\n{"x":[9],"t":1}\n`, 'latin1');
      const expected = scanJsonlInto(line, 0, line.length, fromText);
      const got = scanner.scan(bytes, 0, fromBytes);
      const n = got >> 1;
      if (got !== expected || (got >= 0 && (scanner.end !== line.length || fromText.subarray(0, n).some((v, i) => !Object.is(v, fromBytes[i]))))) {
        disagreements.push(line);
      }
      if (got >= 0) accepted++;
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(100_000);
  });
});

describe('SampleTextParser.parseBytes', () => {
  function parseText(text: string, skipInvalid: boolean) {
    const parser = new SampleTextParser({ skipInvalid });
    const sink = { columns: new SampleBlockBuilder(), invalid: [] as SampleParseError[] };
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const error = parser.parseLines(text, start, text.length, sink);
    const block = sink.columns.build();
    return { x: Array.from(block.x), t: Array.from(block.t), lines: Array.from(block.positions), invalid: sink.invalid, error };
  }

  async function readChunked(text: string, skipInvalid: boolean, rng: () => number) {
    const bytes = Buffer.from(text, 'utf8');
    const parts: Buffer[] = [];
    for (let i = 0; i < bytes.length; ) {
      const size = 1 + Math.floor(rng() * 200);
      parts.push(bytes.subarray(i, i + size));
      i += size;
    }
    const x: number[] = [];
    const t: number[] = [];
    const lines: number[] = [];
    const invalid: SampleParseError[] = [];
    let error: SampleParseError | undefined;
    try {
      for await (const chunk of readSampleBlocks(Readable.from(parts), { skipInvalid })) {
        x.push(...chunk.block.x);
        t.push(...chunk.block.t);
        lines.push(...chunk.block.positions);
        invalid.push(...chunk.invalid);
      }
    } catch (e) {
      const { line, reason } = e as SampleParseError;
      error = { line, reason };
    }
    return { x, t, lines, invalid, error };
  }

  it('reads random files, chunked at random, exactly as the text parser reads them whole', async () => {
    const rng = seedrandom('parse-bytes');
    for (let file = 0; file < 60; file++) {
      const text = randomJsonlFile(rng, 200);
      for (const skipInvalid of [true, false]) {
        const expected = parseText(text, skipInvalid);
        const got = await readChunked(text, skipInvalid, rng);
        expect(got.lines, `file ${file}`).toEqual(expected.lines);
        expect(got.t).toEqual(expected.t);
        expect(got.x.every((v, i) => Object.is(v, expected.x[i])) && got.x.length === expected.x.length).toBe(true);
        expect(got.invalid).toEqual(expected.invalid);
        expect(got.error).toEqual(expected.error);
      }
    }
  });
});
