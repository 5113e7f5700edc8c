/**
 * The reader fuzz, shared by the quick suite and `bench/fuzz.ts`: a seeded
 * file of valid and hostile lines goes through `readSampleChunks` (in seeded
 * random chunk sizes, so lines and UTF-8 characters are split anywhere), and
 * every line's outcome is compared with the oracle.
 *
 * @module
 */
import { readSampleChunks } from '../../src/data/sample-lines.js';
import { SampleLineError } from '../../src/data/sample-validation.js';
import { fuzzRng, int } from './generators.js';
import type { Rng } from './generators.js';
import { pollution, prototypeKeys } from './pollution.js';
import { generateSampleFile } from './sample-line-generators.js';
import { csvOracle, jsonlOracle, reasonClass } from './sample-oracle.js';
import type { OracleLine } from './sample-oracle.js';

/** Options of {@link fuzzSampleReader}. */
export interface ReaderFuzzOptions {
  readonly format: 'jsonl' | 'csv';
  readonly seed: string;
  readonly lines: number;
  /** Put the big inputs into the file (default true). */
  readonly big?: boolean;
}

/** What a reader fuzz run found. */
export interface ReaderFuzzResult {
  readonly format: 'jsonl' | 'csv';
  readonly lines: number;
  readonly bytes: number;
  readonly valid: number;
  readonly invalid: number;
  readonly blank: number;
  /** Errors by the class of their reason (`json`, `x-value`, `width`, `column`, …). */
  readonly errorsByReason: Record<string, number>;
  /** Lines by the kind they were generated as. */
  readonly generated: Record<string, number>;
  /** Every disagreement with the oracle (empty when the reader is right). */
  readonly mismatches: string[];
  /** Exceptions that escaped the reader with `skipInvalid` (must be 0). */
  readonly thrown: number;
  /** What polluted a prototype (must be empty). */
  readonly pollution: string[];
}

/** The bytes as an async iterable of seeded random-size chunks (1 byte to 64 KiB). */
export async function* chunked(bytes: Buffer, rng: Rng): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; ) {
    const size = rng() < 0.2 ? int(rng, 1, 8) : int(rng, 1, 65536);
    yield bytes.subarray(i, i + size);
    i += size;
  }
}

/** The oracle's verdict on every line of a file. */
export function oracleFor(format: 'jsonl' | 'csv', bytes: Buffer): OracleLine[] {
  return format === 'csv' ? csvOracle(bytes) : jsonlOracle(bytes);
}

/**
 * Fuzzes the sample reader once: with `skipInvalid`, every valid line must
 * come out bit-identical to the oracle's sample (`Object.is` per value), and
 * every invalid line must be reported with its line number and a reason that
 * names one of its problems; without it, the reader must stop at the first
 * invalid line with a `SampleLineError` naming it.
 *
 * @example
 * ```ts
 * const r = await fuzzSampleReader({ format: 'jsonl', seed: 'a', lines: 10_000 });
 * r.mismatches; // []
 * ```
 */
export async function fuzzSampleReader(options: ReaderFuzzOptions): Promise<ReaderFuzzResult> {
  const { format, seed, lines } = options;
  const before = prototypeKeys();
  const file = generateSampleFile(format, { seed, lines, big: options.big ?? true });
  const expected = oracleFor(format, file.bytes);
  const mismatches: string[] = [];
  const note = (m: string): void => {
    if (mismatches.length < 20) mismatches.push(m);
  };
  const got = { samples: [] as { line: number; x: readonly number[]; t: number }[], errors: [] as { line: number; reason: string }[] };
  let thrown = 0;
  try {
    for await (const chunk of readSampleChunks(chunked(file.bytes, fuzzRng(`${seed}:chunks`)), { format, skipInvalid: true })) {
      chunk.samples.forEach((s, i) => got.samples.push({ line: chunk.lines[i]!, x: s.x, t: s.t }));
      for (const e of chunk.invalid) got.errors.push({ line: e.line, reason: e.reason });
    }
  } catch (e) {
    thrown++;
    note(`the reader threw with skipInvalid: ${(e as Error).stack ?? String(e)}`);
  }
  const errorsByReason: Record<string, number> = {};
  const validLines = expected.filter((l) => l.kind === 'valid');
  const invalidLines = expected.filter((l) => l.kind === 'invalid');
  if (got.samples.length !== validLines.length) note(`${got.samples.length} samples read, the oracle expects ${validLines.length}`);
  for (let i = 0; i < Math.min(got.samples.length, validLines.length); i++) {
    const g = got.samples[i]!;
    const e = validLines[i]!;
    if (g.line !== e.line || g.t !== e.t || g.x.length !== e.x.length || g.x.some((v, j) => !Object.is(v, e.x[j]))) {
      note(`line ${e.line}: read as line ${g.line} ${JSON.stringify(g)}, expected x ${JSON.stringify(e.x)} t ${e.t}`);
    }
  }
  if (got.errors.length !== invalidLines.length) note(`${got.errors.length} invalid lines reported, the oracle expects ${invalidLines.length}`);
  for (let i = 0; i < Math.min(got.errors.length, invalidLines.length); i++) {
    const g = got.errors[i]!;
    const e = invalidLines[i]!;
    const cls = e.kind === 'invalid' ? reasonClass(g.reason, e.problems) : undefined;
    if (g.line !== e.line || cls === undefined) {
      note(`line ${e.line}: reported as line ${g.line} "${g.reason.slice(0, 200)}"; its problems: ${JSON.stringify(e.kind === 'invalid' ? e.problems.slice(0, 3) : e)}`);
    }
    errorsByReason[cls ?? 'unmatched'] = (errorsByReason[cls ?? 'unmatched'] ?? 0) + 1;
  }
  await checkStopsAtFirstInvalid(format, file.bytes, expected, seed, note);
  return {
    format,
    lines: expected.length,
    bytes: file.bytes.length,
    valid: validLines.length,
    invalid: invalidLines.length,
    blank: expected.filter((l) => l.kind === 'blank').length,
    errorsByReason,
    generated: file.kinds,
    mismatches,
    thrown,
    pollution: pollution(before),
  };
}

/** Without `skipInvalid`: the valid samples before the first invalid line, then a SampleLineError naming that line. */
async function checkStopsAtFirstInvalid(
  format: 'jsonl' | 'csv',
  bytes: Buffer,
  expected: readonly OracleLine[],
  seed: string,
  note: (m: string) => void,
): Promise<void> {
  const first = expected.find((l) => l.kind === 'invalid');
  const before = expected.filter((l) => l.kind === 'valid' && (first === undefined || l.line < first.line)).length;
  let count = 0;
  try {
    for await (const chunk of readSampleChunks(chunked(bytes, fuzzRng(`${seed}:strict`)), { format })) count += chunk.samples.length;
    if (first !== undefined) note(`without skipInvalid the reader did not stop at line ${first.line}`);
  } catch (e) {
    if (!(e instanceof SampleLineError)) note(`without skipInvalid the reader threw ${String(e)}, not a SampleLineError`);
    else if (first === undefined || e.line !== first.line || !e.message.startsWith(`line ${first.line}: `)) {
      note(`without skipInvalid the reader stopped with "${e.message.slice(0, 120)}", expected line ${first?.line}`);
    }
  }
  if (count !== before) note(`without skipInvalid ${count} samples came before the error, expected ${before}`);
}
