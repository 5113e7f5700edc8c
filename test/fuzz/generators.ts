/**
 * Seeded fuzz generators: the hostile building blocks that the reader and
 * protocol fuzzers (quick suites in `npm test`, the large run in
 * `bench/fuzz.ts`) combine. The same seed always gives the same inputs.
 *
 * JSON texts are built as syntax trees (`json-tree.ts`), so that they can
 * hold what `JSON.stringify` cannot write: duplicate keys, `__proto__` as an
 * own key, number tokens such as `1e309`, `-0` or a bare `NaN`.
 *
 * @module
 */
import seedrandom from 'seedrandom';

/** A seeded random source in [0, 1). */
export type Rng = () => number;

/**
 * A seeded random source (seedrandom's ARC4): the same seed, the same sequence.
 *
 * @example
 * ```ts
 * const rng = fuzzRng('reader:1'); rng(); // 0.7… every time
 * ```
 */
export function fuzzRng(seed: string): Rng {
  return seedrandom(seed);
}

/** An integer in [lo, hi). */
export function int(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo));
}

/** One of `items`, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/**
 * One of the keys of `weights`, chosen with probability proportional to its weight.
 *
 * @example
 * ```ts
 * weighted(rng, { valid: 3, junk: 1 }); // 'valid' three times in four
 * ```
 */
export function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const keys = Object.keys(weights) as K[];
  let total = 0;
  for (const k of keys) total += weights[k];
  let r = rng() * total;
  for (const k of keys) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return keys[keys.length - 1]!;
}

/**
 * `length` random bytes (any value, so usually invalid UTF-8 and often holding NUL, CR and quotes).
 *
 * @param avoid - byte values never produced (for example 0x0a, so that a line stays one line)
 */
export function randomBytes(rng: Rng, length: number, avoid: readonly number[] = []): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    let b = int(rng, 0, 256);
    while (avoid.includes(b)) b = (b + 1) & 0xff;
    out[i] = b;
  }
  return out;
}

/**
 * Byte sequences that are never valid UTF-8: lone continuation bytes,
 * overlong encodings, truncated sequences, surrogates, bytes above U+10FFFF.
 */
export const INVALID_UTF8: readonly Buffer[] = [
  [0x80],
  [0xbf],
  [0xc0, 0xaf], // overlong '/'
  [0xc1, 0xbf],
  [0xe0, 0x80, 0xaf], // overlong
  [0xed, 0xa0, 0x80], // a UTF-16 surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf5],
  [0xff],
  [0xfe],
  [0xe2, 0x82], // truncated '€'
  [0xf0, 0x9f, 0x98], // truncated emoji
].map((b) => Buffer.from(b));

/**
 * A text's UTF-8 bytes with an invalid UTF-8 sequence spliced in at a random place.
 *
 * @example
 * ```ts
 * Buffer.from(withInvalidUtf8(rng, '{"x":[1]}').toString('utf8')).equals(...); // false: not round-trippable
 * ```
 */
export function withInvalidUtf8(rng: Rng, text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const at = int(rng, 0, bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), pick(rng, INVALID_UTF8), bytes.subarray(at)]);
}

/** `text` cut at a random point strictly before its end (possibly empty). */
export function truncated(rng: Rng, text: string): string {
  return text.slice(0, int(rng, 0, Math.max(1, text.length)));
}

/**
 * JSON nested `depth` levels deep: `[[[…]]]` or `{"a":{"a":…}}` around `inner`.
 *
 * @example
 * ```ts
 * deeplyNested(3, 'array'); // '[[[0]]]'
 * ```
 */
export function deeplyNested(depth: number, kind: 'array' | 'object', inner = '0'): string {
  return kind === 'array' ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"a":'.repeat(depth) + inner + '}'.repeat(depth);
}

/** The JSON text of an array of `length` small integers (`[0,1,2,…]`). */
export function hugeArray(length: number): string {
  const parts = new Array<string>(length);
  for (let i = 0; i < length; i++) parts[i] = String(i % 10);
  return `[${parts.join(',')}]`;
}

/** A JSON string literal holding `chars` ASCII characters (about `chars` bytes). */
export function hugeString(chars: number): string {
  return `"${'a'.repeat(chars)}"`;
}

/**
 * Number tokens JSON cannot carry as a finite double, or does not allow at all:
 * bare `NaN`/`Infinity` (invalid JSON), overflowing exponents (parse to
 * ±Infinity), and malformed literals.
 */
export const ODD_NUMBER_TOKENS: readonly string[] = [
  'NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '1e99999', '+1', '.5', '01', '1.', '1e', '-', '0x10', '1_000', '--1', '1e+', '٣',
];

/** Strings that look like numbers, sent where a number belongs. */
export const NUMBER_STRINGS: readonly string[] = ['NaN', 'Infinity', '-Infinity', '-0', '1e309', '0', '1', '0.5', ''];

/** Keys used to try to pollute `Object.prototype`. */
export const POLLUTION_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * A finite number as text, in the many spellings JSON allows: integers,
 * decimals, exponents, `-0`, the smallest subnormal, values near the double
 * range's ends, 20-digit mantissas and underflowing `1e-400` (which is 0).
 */
export function finiteNumberText(rng: Rng): string {
  switch (int(rng, 0, 12)) {
    case 0:
      return String(int(rng, -1000, 1000));
    case 1:
      return (rng() * 20 - 10).toString();
    case 2:
      return `${int(rng, -9, 10)}.${int(rng, 0, 1000000)}e${int(rng, -320, 300)}`;
    case 3:
      return pick(rng, ['-0', '0', '-0.0', '0e5', '-0E-3']);
    case 4:
      return pick(rng, ['5e-324', '-5e-324', '1e-400', '2.2250738585072014e-308', '1e300', '-1e300', '1.7976931348623157e308', '-1.7976931348623157e308']);
    case 5:
      return `${rng() < 0.5 ? '-' : ''}${Array.from({ length: int(rng, 16, 30) }, () => int(rng, 0, 10)).join('').replace(/^0+(?=\d)/, '')}`;
    case 6:
      return `0.${Array.from({ length: int(rng, 1, 25) }, () => int(rng, 0, 10)).join('')}`;
    case 7:
      return `${int(rng, 1, 10)}E+${int(rng, 0, 20)}`;
    default:
      return ((rng() - 0.5) * 8).toPrecision(int(rng, 1, 18));
  }
}

/** Text decorations that ride along with a line or frame: a BOM, NUL bytes, CR, CRLF. */
export type Decoration = 'bom' | 'nul-inside' | 'nul-after' | 'cr-after' | 'crlf-after' | 'tab-before';

/** Applies a {@link Decoration} to a text. */
export function decorate(rng: Rng, text: string, decoration: Decoration): string {
  switch (decoration) {
    case 'bom':
      return `\ufeff${text}`;
    case 'nul-inside': {
      const at = int(rng, 0, text.length + 1);
      return `${text.slice(0, at)}\u0000${text.slice(at)}`;
    }
    case 'nul-after':
      return `${text}\u0000`;
    case 'cr-after':
      return `${text}\r`;
    case 'crlf-after':
      return `${text}\r\n`;
    case 'tab-before':
      return `\t ${text}`;
  }
}
