/**
 * Seeded generators of JSON Lines and CSV sample files for the reader fuzz:
 * valid lines in every spelling the formats allow, mixed with hostile ones.
 * A generated line's `kind` is only what it was made as (for the figures);
 * whether it is valid is decided by the oracle (`sample-oracle.ts`).
 *
 * @module
 */
import {
  decorate, deeplyNested, finiteNumberText, fuzzRng, hugeArray, hugeString, int, NUMBER_STRINGS, ODD_NUMBER_TOKENS, pick, POLLUTION_KEYS, randomBytes, truncated, weighted, withInvalidUtf8,
} from './generators.js';
import { arr, num, obj, pollutionPayload, raw, str, toJson, withDuplicateKey, withField, withPollutionKeys, wrongTypeValue } from './json-tree.js';
import type { Rng } from './generators.js';
import type { JsonNode } from './json-tree.js';

/** One generated line, without its line end. */
export interface GeneratedLine {
  /** The line's bytes (may hold anything but a LF, unless `kind` says otherwise). */
  readonly bytes: Buffer;
  /** What the generator made it as. */
  readonly kind: string;
}

/** Options of {@link generateSampleFile}. */
export interface SampleFileOptions {
  readonly seed: string;
  /** Lines to generate (the big ones included). */
  readonly lines: number;
  /** Features of a valid sample (default 2). */
  readonly width?: number;
  /** Put one of each big input (1 MB strings, 1e5-element arrays, 10,000+-deep nesting) into the file (default true). */
  readonly big?: boolean;
}

/** A generated file: its bytes and the kind of each generated line. */
export interface GeneratedSampleFile {
  readonly bytes: Buffer;
  readonly kinds: Record<string, number>;
}

const LABELS_JSON = ['0', '1', '1.0', '0.0', '1e0', '-0', '0E+3'];

/** A valid JSON sample `{"x":[…],"t":…}` as a tree, keys in either order. */
function validJsonSample(rng: Rng, width: number): JsonNode {
  const x = arr(Array.from({ length: width }, () => raw(finiteNumberText(rng))));
  const t = raw(pick(rng, LABELS_JSON));
  return rng() < 0.7 ? obj([['x', x], ['t', t]]) : obj([['t', t], ['x', x]]);
}

const JSONL_KINDS = {
  valid: 30,
  'valid-extra-keys': 5,
  'valid-pollution-keys': 4,
  'valid-duplicate-keys': 3,
  'valid-crlf-or-tab': 3,
  blank: 3,
  'random-bytes': 4,
  'invalid-utf8': 3,
  truncated: 5,
  nested: 2,
  'wrong-type': 7,
  'odd-number': 7,
  'number-as-string': 3,
  'wrong-width': 5,
  'one-field-wrong': 6,
  'pollution-invalid': 3,
  'duplicate-invalid': 3,
  'not-an-object': 3,
  bom: 1,
  nul: 2,
} as const;

/**
 * One JSON Lines line of a seeded random kind.
 *
 * @param width - features of a valid sample
 */
export function jsonlLine(rng: Rng, width: number): GeneratedLine {
  const kind = weighted(rng, JSONL_KINDS);
  const base = validJsonSample(rng, width);
  const text = (n: JsonNode): string => toJson(n, rng);
  const line = (s: string | Buffer): GeneratedLine => ({ bytes: typeof s === 'string' ? Buffer.from(s, 'utf8') : s, kind });
  switch (kind) {
    case 'valid':
      return line(text(base));
    case 'valid-extra-keys':
      return line(text(withField(base, pick(rng, ['id', 'note', 'weight', 'é', '']), rng() < 0.5 ? wrongTypeValue(rng) : str('ünïcødé ✓'))));
    case 'valid-pollution-keys':
      return line(text(withPollutionKeys(rng, base, rng() < 0.5)));
    case 'valid-duplicate-keys':
      return line(text(withDuplicateKey(rng, base, wrongTypeValue(rng), false)));
    case 'valid-crlf-or-tab':
      return line(decorate(rng, text(base), pick(rng, ['cr-after', 'tab-before'] as const)));
    case 'blank':
      return line(pick(rng, ['', ' ', '\t', '  \t ', '\r', ' \r']));
    case 'random-bytes':
      return line(randomBytes(rng, int(rng, 1, 80), [0x0a]));
    case 'invalid-utf8':
      return line(withInvalidUtf8(rng, text(base)));
    case 'truncated':
      return line(truncated(rng, text(base)));
    case 'nested':
      return line(text(withField(base, pick(rng, ['x', 't', 'deep']), raw(deeplyNested(int(rng, 2, 300), pick(rng, ['array', 'object'] as const))))));
    case 'wrong-type':
      return line(text(withField(base, pick(rng, ['x', 't']), wrongTypeValue(rng))));
    case 'odd-number':
      return line(text(withXValue(rng, base, width, raw(pick(rng, ODD_NUMBER_TOKENS)))));
    case 'number-as-string':
      return line(text(withXValue(rng, base, width, str(pick(rng, NUMBER_STRINGS)))));
    case 'wrong-width': {
      const w = pick(rng, [0, 1, width - 1, width + 1, width + 3].filter((v) => v >= 0 && v !== width));
      return line(text(withField(base, 'x', arr(Array.from({ length: w }, () => raw(finiteNumberText(rng)))))));
    }
    case 'one-field-wrong':
      return line(text(oneFieldWrong(rng, base)));
    case 'pollution-invalid': {
      const key = pick(rng, POLLUTION_KEYS);
      return line(text(key === 'constructor' ? obj([[key, obj([['prototype', base]])]]) : obj([[key, base], ['polluted', pollutionPayload(key)]])));
    }
    case 'duplicate-invalid':
      return line(text(withDuplicateKey(rng, base, wrongTypeValue(rng), true)));
    case 'not-an-object':
      return line(pick(rng, ['[1,2,0]', '1', '"x"', 'null', 'true', '[]', `[${text(base)}]`, '{}']));
    case 'bom':
      return line(decorate(rng, text(base), 'bom'));
    case 'nul':
      return line(decorate(rng, text(base), pick(rng, ['nul-inside', 'nul-after'] as const)));
  }
}

/** The sample with one x value replaced. */
function withXValue(rng: Rng, base: JsonNode, width: number, value: JsonNode): JsonNode {
  const i = int(rng, 0, width);
  return withField(base, 'x', arr(Array.from({ length: width }, (_, j) => (j === i ? value : raw(finiteNumberText(rng))))));
}

/** The sample with exactly one field wrong: t out of {0, 1}, x not an array, or a field missing. */
function oneFieldWrong(rng: Rng, base: JsonNode): JsonNode {
  switch (int(rng, 0, 5)) {
    case 0:
      return withField(base, 't', raw(pick(rng, ['2', '-1', '0.5', '1.0000001', '1e309', '-1e-320', '5e-324'])));
    case 1:
      return withField(base, 't', str(pick(rng, ['0', '1', 'true'])));
    case 2:
      return withField(base, 'x', undefined);
    case 3:
      return withField(base, 't', undefined);
    default:
      return withField(base, 'x', pick(rng, [obj([['0', num(1)]]), str('1,2'), num(1)]));
  }
}

/** A valid CSV number, in the spellings the reader accepts, with optional blanks around it. */
function csvNumber(rng: Rng): string {
  const core = pick(rng, [
    () => finiteNumberText(rng),
    () => `+${int(rng, 0, 100)}`,
    () => `.${int(rng, 0, 1000)}`,
    () => `${int(rng, 0, 100)}.`,
    () => `${int(rng, -5, 5)}e-${int(rng, 0, 10)}`,
    () => '-0',
    () => `${int(rng, 0, 9)}E+${int(rng, 0, 5)}`,
  ])();
  return rng() < 0.1 ? `${pick(rng, [' ', '\t', '  '])}${core}${pick(rng, ['', ' ', '\t'])}` : core;
}

const CSV_KINDS = {
  valid: 40,
  blank: 3,
  'random-bytes': 4,
  'invalid-utf8': 3,
  'bad-field': 12,
  'wrong-width': 6,
  'bad-label': 6,
  'empty-field': 3,
  bom: 1,
  nul: 2,
  'crlf-or-tab': 3,
  'pollution-word': 2,
  'one-column': 2,
} as const;

/** One CSV row of a seeded random kind (features, then the label). */
export function csvLine(rng: Rng, width: number): GeneratedLine {
  const kind = weighted(rng, CSV_KINDS);
  const fields = [...Array.from({ length: width }, () => csvNumber(rng)), pick(rng, ['0', '1', '0.0', '1.0', '1e0', '+1', '-0', ' 1 '])];
  const join = (f: readonly string[]): string => f.join(',');
  const replaceOne = (value: string): string[] => {
    const copy = [...fields];
    copy[int(rng, 0, copy.length)] = value;
    return copy;
  };
  const line = (s: string | Buffer): GeneratedLine => ({ bytes: typeof s === 'string' ? Buffer.from(s, 'utf8') : s, kind });
  switch (kind) {
    case 'valid':
      return line(join(fields));
    case 'blank':
      return line(pick(rng, ['', ' ', '\t', '\r']));
    case 'random-bytes':
      return line(randomBytes(rng, int(rng, 1, 60), [0x0a]));
    case 'invalid-utf8':
      return line(withInvalidUtf8(rng, join(fields)));
    case 'bad-field':
      return line(join(replaceOne(pick(rng, [...ODD_NUMBER_TOKENS, '"1"', "'1'", 'abc', '1 2', '0x1p3', '1,5'.replace(',', ';'), 'true', '∞', '1e309']))));
    case 'wrong-width':
      return line(join(rng() < 0.5 ? [csvNumber(rng), ...fields] : fields.slice(1)));
    case 'bad-label':
      return line(join([...fields.slice(0, -1), pick(rng, ['2', '-1', '0.5', 'a', 'NaN', '1e309', '1.0000001'])]));
    case 'empty-field':
      return line(pick(rng, [join(replaceOne('')), `${join(fields)},`, `,${join(fields)}`, join(replaceOne('  '))]));
    case 'bom':
      return line(decorate(rng, join(fields), 'bom'));
    case 'nul':
      return line(decorate(rng, join(fields), pick(rng, ['nul-inside', 'nul-after'] as const)));
    case 'crlf-or-tab':
      return line(decorate(rng, join(fields), pick(rng, ['cr-after', 'tab-before'] as const)));
    case 'pollution-word':
      return line(join(replaceOne(pick(rng, POLLUTION_KEYS))));
    case 'one-column':
      return line(pick(rng, ['1', '0', 'x']));
  }
}

/** The big inputs of a JSON Lines file (at least one of each goes into a file with `big`). */
function bigJsonlLines(width: number): GeneratedLine[] {
  const x = `[${Array.from({ length: width }, (_, i) => i + 0.5).join(',')}]`;
  const line = (kind: string, s: string): GeneratedLine => ({ bytes: Buffer.from(s), kind });
  return [
    line('big:deep-array-10k', deeplyNested(10_000, 'array')),
    line('big:deep-object-10k', deeplyNested(10_000, 'object')),
    line('big:deep-array-100k-in-x', `{"x":${deeplyNested(100_000, 'array')},"t":1}`),
    line('big:array-1e5-as-x', `{"x":${hugeArray(100_000)},"t":0}`),
    line('big:string-1MB-as-x', `{"x":${hugeString(1_000_000)},"t":0}`),
    line('big:string-1MB-extra-key-valid', `{"x":${x},"t":1,"note":${hugeString(1_000_000)}}`),
    line('big:string-1MB-truncated', hugeString(1_000_000).slice(0, -1)),
    line('big:array-1e5-extra-key-valid', `{"t":0,"pad":${hugeArray(100_000)},"x":${x}}`),
  ];
}

/** The big inputs of a CSV file. */
function bigCsvLines(width: number): GeneratedLine[] {
  const fields = Array.from({ length: width }, (_, i) => String(i + 0.25));
  const line = (kind: string, s: string): GeneratedLine => ({ bytes: Buffer.from(s), kind });
  return [
    line('big:columns-1e5', Array.from({ length: 100_000 }, (_, i) => String(i % 2)).join(',')),
    line('big:field-1MB-digits', [...fields.slice(1), '1'.repeat(1_000_000), '0'].join(',')),
    line('big:field-1MB-junk', [...fields, 'a'.repeat(1_000_000)].join(',')),
  ];
}

/**
 * A seeded sample file: the first line valid (CSV: a header `x1,…,t`), then
 * `lines − 1` generated lines (with `big`, the big inputs at seeded places),
 * joined by LF or, now and then, CRLF.
 *
 * @example
 * ```ts
 * const { bytes } = generateSampleFile('jsonl', { seed: 'a', lines: 1000 });
 * ```
 */
export function generateSampleFile(format: 'jsonl' | 'csv', options: SampleFileOptions): GeneratedSampleFile {
  const { seed, lines, width = 2, big = true } = options;
  const rng = fuzzSeed(seed, format);
  const kinds: Record<string, number> = {};
  const first =
    format === 'csv'
      ? [...Array.from({ length: width }, (_, i) => `x${i + 1}`), 't'].join(',')
      : JSON.stringify({ x: Array.from({ length: width }, (_, i) => i - 0.5), t: 1 });
  const out: GeneratedLine[] = [{ bytes: Buffer.from(first), kind: format === 'csv' ? 'header' : 'valid' }];
  const bigLines = big ? (format === 'csv' ? bigCsvLines(width) : bigJsonlLines(width)) : [];
  const bigAt = new Map<number, GeneratedLine>();
  for (const b of bigLines) {
    let at = int(rng, 1, Math.max(2, lines));
    while (bigAt.has(at)) at++;
    bigAt.set(at, b);
  }
  for (let i = 1; out.length < lines; i++) {
    out.push(bigAt.get(i) ?? (format === 'csv' ? csvLine(rng, width) : jsonlLine(rng, width)));
  }
  const parts: Buffer[] = [];
  for (const l of out) {
    kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
    parts.push(l.bytes, rng() < 0.1 ? CRLF : LF);
  }
  if (rng() < 0.5) parts.pop(); // a last line without a line end
  return { bytes: Buffer.concat(parts), kinds };
}

const LF = Buffer.from('\n');
const CRLF = Buffer.from('\r\n');

function fuzzSeed(seed: string, format: string): Rng {
  // A separate stream per format, so a JSONL and a CSV file of one seed differ.
  return fuzzRng(`${seed}:${format}`);
}
