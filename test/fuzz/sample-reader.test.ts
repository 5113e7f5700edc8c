// Quick reader fuzz (part of `npm test`): seeded JSON Lines and CSV files of
// valid and hostile lines, read in random chunk sizes, checked line by line
// against the JSON.parse/Number oracle. The large run is `bench/fuzz.ts`.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseJsonlSample } from '../../src/data/jsonl-sample-parser.js';
import { readSampleChunks } from '../../src/data/sample-lines.js';
import { fuzzSampleReader } from './reader-fuzz.js';

describe('sample reader fuzz', () => {
  it.each([
    ['jsonl', 'quick:1', 12_000],
    ['jsonl', 'quick:2', 4_000],
    ['csv', 'quick:1', 8_000],
  ] as const)('%s, seed %s: %i lines agree with the oracle; errors name line and reason; nothing throws or pollutes', async (format, seed, lines) => {
    const r = await fuzzSampleReader({ format, seed, lines });
    expect(r.mismatches).toEqual([]);
    expect(r.thrown).toBe(0);
    expect(r.pollution).toEqual([]);
    expect(r.lines).toBeGreaterThanOrEqual(lines);
    // Not vacuous: plenty of both, and every reason class of the format occurs.
    expect(r.valid).toBeGreaterThan(lines * 0.3);
    expect(r.invalid).toBeGreaterThan(lines * 0.3);
    const classes = format === 'csv' ? ['column', 'width', 'label', 'one-column'] : ['json', 'not-object', 'x-missing', 'x-not-array', 'x-empty', 'x-value', 't-missing', 't-value', 'width'];
    for (const c of classes) expect(r.errorsByReason[c] ?? 0, c).toBeGreaterThan(0);
    expect(Object.keys(r.generated).filter((k) => k.startsWith('big:')).length).toBe(format === 'csv' ? 3 : 8);
  });

  it('reports the big inputs (1 MB strings, 1e5-element arrays, 100,000-deep nesting) as ordinary invalid lines', async () => {
    const x = `[${Array.from({ length: 100_000 }, () => '1').join(',')}]`;
    const text = [
      '{"x":[1,2],"t":0}',
      `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)},"t":1}`,
      `{"x":${x},"t":1}`,
      `{"x":[1,2],"t":"${'a'.repeat(1_000_000)}"}`,
      '{"x":[3,4],"t":1}',
    ].join('\n');
    const chunks = [];
    for await (const c of readSampleChunks(Readable.from([Buffer.from(text)]), { skipInvalid: true })) chunks.push(c);
    expect(chunks.flatMap((c) => c.samples)).toEqual([{ x: [1, 2], t: 0 }, { x: [3, 4], t: 1 }]);
    expect(chunks.flatMap((c) => c.invalid).map((e) => [e.line, e.reason])).toEqual([
      [2, 'x[0] must be a finite number, got an array'],
      [3, 'has 100000 x values, expected 2 (as on line 1)'],
      [4, `"t" must be 0 or 1, got "${'a'.repeat(40)}…"`],
    ]);
    expect(chunks.flatMap((c) => c.invalid).every((e) => e.reason.length < 200)).toBe(true);
  });

  // Regression: V8's JSON.parse message quotes the start of the line, and the
  // reason carried its control characters as is, so `rxlogit train
  // --skip-invalid` printed a crafted line's terminal escapes to stderr.
  it('escapes control characters of the input in a JSON line’s reason (raw ESC bytes reached the terminal)', () => {
    for (const line of ['\u001b[2J\u001b[31mred', '{"x":[1],\u0007"t":1}', '\u0000\u0001{"x":[1],"t":1}', '{"x":[1\r\u009b31m],"t":1}']) {
      const r = parseJsonlSample(line, 7);
      expect('reason' in r && r.line === 7, line).toBe(true);
      const reason = 'reason' in r ? r.reason : '';
      expect(reason).toMatch(/^not valid JSON/);
      expect(reason, JSON.stringify(reason)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    }
  });
});
