/**
 * JSON Lines samples: one `{"x":[x1,x2,…],"t":0|1}` object per line.
 *
 * A line is valid when it is a JSON object with an own key `x` holding a
 * non-empty array of finite numbers and an own key `t` holding a number equal
 * to 0 or 1 (so `1`, `1.0` and `1e0` are all label 1; `true` and `"1"` are
 * not). Other keys are allowed and ignored. Numbers that overflow a double
 * (`1e309`) are rejected as not finite. The width check (every sample as wide
 * as the first) belongs to the reader, which knows the previous lines.
 *
 * Two tiers: an allocation-free scanner for the common shape, and the
 * `JSON.parse`-based reference for everything else, which also words the
 * errors. A property test holds them equal on generated lines.
 *
 * @module
 */
import type { Label, Sample } from '../core/index.js';
import { decimalToDouble, SIGNIFICAND_HIGH_LIMIT, SIGNIFICAND_LOW_DIGITS } from './decimal-to-double.js';
import { describeValue } from './sample-validation.js';
import type { SampleParseResult } from './sample-validation.js';

/**
 * The fast path, allocation-free: scans the common shape `{"x":[n,…],"t":0}`
 * (JSON whitespace anywhere, the two keys in either order) between `start`
 * and `end` of `text`, writing the numbers of `x` into `out`.
 *
 * Each number is checked against the JSON number grammar and converted
 * exactly ({@link decimalToDouble}, else `Number()` on its text), so every
 * value is bit-identical to what `JSON.parse` gives.
 *
 * @param text - a line, or a larger text holding the line
 * @param start - index of the line's first character
 * @param end - index just past its last character, without the newline
 * @param out - receives the values of `x`; a line with more values than it holds is not handled
 * @returns `2·n + t` for a line with n values and label t, or -1 for any line
 *   it does not handle (other keys, escapes, a bad value, invalid JSON): parse
 *   those with {@link parseJsonlSampleReference}, which decides and explains.
 *   It never accepts a line the reference rejects.
 * @example
 * ```ts
 * const out = new Float64Array(8);
 * scanJsonlInto('{"x":[1.5,-2],"t":1}', 0, 20, out); // 5 (2 values, t = 1); out starts with 1.5, -2
 * ```
 */
export function scanJsonlInto(text: string, start: number, end: number, out: Float64Array): number {
  let i = start;
  let c = i < end ? text.charCodeAt(i) : -1;
  while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
  if (c !== 0x7b) return -1; // {
  let n = -1; // values in x; -1 until x is read
  let t = -1;
  for (;;) {
    c = ++i < end ? text.charCodeAt(i) : -1;
    while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
    // A key: exactly "x" or "t", no escapes.
    if (c !== 0x22 || i + 2 >= end || text.charCodeAt(i + 2) !== 0x22) return -1;
    const key = text.charCodeAt(i + 1);
    i += 3;
    c = i < end ? text.charCodeAt(i) : -1;
    while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
    if (c !== 0x3a) return -1; // :
    c = ++i < end ? text.charCodeAt(i) : -1;
    while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
    if (key === 0x78 && n < 0) {
      if (c !== 0x5b) return -1; // [
      n = 0;
      for (;;) {
        c = ++i < end ? text.charCodeAt(i) : -1;
        while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
        // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        const a = i;
        const negative = c === 0x2d;
        if (negative) c = ++i < end ? text.charCodeAt(i) : -1;
        let high = 0;
        let low = 0;
        let lowDigits = 0;
        let exponent = 0;
        if (c === 0x30) {
          c = ++i < end ? text.charCodeAt(i) : -1;
        } else if (c >= 0x31 && c <= 0x39) {
          do {
            if (high < SIGNIFICAND_HIGH_LIMIT) high = high * 10 + (c - 0x30);
            else if (lowDigits < SIGNIFICAND_LOW_DIGITS) (low = low * 10 + (c - 0x30)), lowDigits++;
            else lowDigits = 99; // too many digits: Number() decides
            c = ++i < end ? text.charCodeAt(i) : -1;
          } while (c >= 0x30 && c <= 0x39);
        } else {
          return -1;
        }
        if (c === 0x2e) {
          // .
          c = ++i < end ? text.charCodeAt(i) : -1;
          if (!(c >= 0x30 && c <= 0x39)) return -1;
          do {
            if (high < SIGNIFICAND_HIGH_LIMIT) (high = high * 10 + (c - 0x30)), exponent--;
            else if (lowDigits < SIGNIFICAND_LOW_DIGITS) (low = low * 10 + (c - 0x30)), lowDigits++, exponent--;
            else lowDigits = 99;
            c = ++i < end ? text.charCodeAt(i) : -1;
          } while (c >= 0x30 && c <= 0x39);
        }
        if (c === 0x65 || c === 0x45) {
          // e E
          c = ++i < end ? text.charCodeAt(i) : -1;
          const negativeExponent = c === 0x2d;
          if (negativeExponent || c === 0x2b) c = ++i < end ? text.charCodeAt(i) : -1;
          if (!(c >= 0x30 && c <= 0x39)) return -1;
          let e = 0;
          do {
            if (e < 100000) e = e * 10 + (c - 0x30);
            c = ++i < end ? text.charCodeAt(i) : -1;
          } while (c >= 0x30 && c <= 0x39);
          exponent += negativeExponent ? -e : e;
        }
        let v = decimalToDouble(high, low, lowDigits, exponent);
        if (v === v) {
          if (negative) v = -v;
        } else {
          v = Number(text.slice(a, i));
          if (v - v !== 0) return -1; // overflowed to ±Infinity
        }
        if (n >= out.length) return -1;
        out[n++] = v;
        while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
        if (c === 0x5d) break; // ]
        if (c !== 0x2c) return -1; // ,
      }
      c = ++i < end ? text.charCodeAt(i) : -1;
    } else if (key === 0x74 && t < 0) {
      if (c !== 0x30 && c !== 0x31) return -1; // only a bare 0 or 1
      t = c - 0x30;
      c = ++i < end ? text.charCodeAt(i) : -1;
    } else {
      return -1;
    }
    while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
    if (c === 0x7d) break; // }
    if (c !== 0x2c) return -1;
  }
  c = ++i < end ? text.charCodeAt(i) : -1;
  while (isSpace(c)) c = ++i < end ? text.charCodeAt(i) : -1;
  if (i < end || n < 1 || t < 0) return -1;
  return 2 * n + t;
}

let scratch = new Float64Array(64);

/**
 * The fast path as a {@link Sample}: {@link scanJsonlInto} with a fresh `x`.
 *
 * @param text - a line, or a larger text holding the line
 * @param start - index of the line's first character (default 0)
 * @param end - index just past its last character (default `text.length`)
 * @returns the sample, or `undefined` for a line the scanner does not handle
 * @example
 * ```ts
 * scanJsonlSample('{"x":[1.5,-2],"t":1}');   // { x: [1.5, -2], t: 1 }
 * scanJsonlSample('{"x":[1],"t":1,"id":7}'); // undefined: extra key, use the reference parser
 * ```
 */
export function scanJsonlSample(text: string, start = 0, end = text.length): Sample | undefined {
  if (scratch.length < end - start) scratch = new Float64Array(end - start);
  const r = scanJsonlInto(text, start, end, scratch);
  if (r < 0) return undefined;
  return { x: Array.from(scratch.subarray(0, r >> 1)), t: (r & 1) as Label };
}

/**
 * The reference parser: `JSON.parse` and then validation with a precise
 * reason. Slower than {@link scanJsonlSample}; it handles every line the scanner
 * does not, and defines what is valid.
 *
 * @param line - one line without its newline
 * @param lineNumber - its 1-based number, put into the error
 * @example
 * ```ts
 * parseJsonlSampleReference('{"x":[1,2],"t":2}', 7); // { line: 7, reason: '"t" must be 0 or 1, got 2' }
 * ```
 */
export function parseJsonlSampleReference(line: string, lineNumber: number): SampleParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (e) {
    return { line: lineNumber, reason: `not valid JSON (${shortMessage(e)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line: lineNumber, reason: `expected a JSON object {"x":[…],"t":0|1}, got ${describeValue(value)}` };
  }
  if (!Object.hasOwn(value, 'x')) return { line: lineNumber, reason: 'missing "x"' };
  const x: unknown = (value as { x: unknown }).x;
  if (!Array.isArray(x)) return { line: lineNumber, reason: `"x" must be an array of numbers, got ${describeValue(x)}` };
  if (x.length === 0) return { line: lineNumber, reason: '"x" is empty: a sample needs at least one feature' };
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'number' || v - v !== 0) {
      const why = v === Infinity || v === -Infinity ? ' (beyond the range of a double)' : '';
      return { line: lineNumber, reason: `x[${i}] must be a finite number, got ${describeValue(v)}${why}` };
    }
  }
  if (!Object.hasOwn(value, 't')) return { line: lineNumber, reason: 'missing "t"' };
  const t: unknown = (value as { t: unknown }).t;
  if (t !== 0 && t !== 1) return { line: lineNumber, reason: `"t" must be 0 or 1, got ${describeValue(t)}` };
  return { x: x as number[], t: t === 1 ? 1 : 0 };
}

/**
 * Parses one JSON Lines sample: the fast scanner first, the reference parser
 * for everything else. Never throws.
 *
 * @param line - one line without its newline
 * @param lineNumber - its 1-based number, put into the error
 * @example
 * ```ts
 * parseJsonlSample('{"t":0, "x":[0.25, 4]}', 1); // { x: [0.25, 4], t: 0 }
 * parseJsonlSample('{"x":[1,"a"],"t":0}', 2);    // { line: 2, reason: 'x[1] must be a finite number, got "a"' }
 * ```
 */
export function parseJsonlSample(line: string, lineNumber: number): SampleParseResult {
  return scanJsonlSample(line, 0, line.length) ?? parseJsonlSampleReference(line, lineNumber);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

function shortMessage(e: unknown): string {
  // V8 quotes the start of the line: escape its control characters, which a terminal would otherwise obey.
  const message = (e instanceof Error ? e.message : String(e)).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return message.length > 120 ? `${message.slice(0, 120)}…` : message;
}
