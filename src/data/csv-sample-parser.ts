/**
 * CSV samples: feature columns, then the label in the last column, separated
 * by `,`.
 *
 * - A field is a decimal number, optionally signed, with an optional fraction
 *   and exponent (`1`, `-0.5`, `+2`, `.5`, `5.`, `1e-3`), spaces or tabs around
 *   it allowed. Quotes, `NaN`, `Infinity`, hex and empty fields are rejected, as
 *   are numbers beyond the range of a double (`1e309`).
 * - The label must equal 0 or 1, so `0`, `1`, `0.0` and `1.0` are accepted.
 * - A header is recognised by the reader: the first non-blank line, when none
 *   of its fields is a number ({@link isCsvHeader}). A first line with a number
 *   and a bad field (`1,NaN,1`) is data, and gets the usual error.
 *
 * @module
 */
import type { Label } from '../core/index.js';
import type { SampleParseResult } from './sample-validation.js';

const scratch: number[] = [0.5];

/**
 * Parses one CSV data row between `start` and `end` of `text` (the whole
 * string by default). Never throws.
 *
 * @param text - a line, or a larger text holding the line
 * @param lineNumber - the line's 1-based number, put into the error
 * @param start - index of the line's first character (default 0)
 * @param end - index just past its last character, without the newline (default `text.length`)
 * @example
 * ```ts
 * parseCsvSample('0.5,-1.25,1', 1); // { x: [0.5, -1.25], t: 1 }
 * parseCsvSample('0.5,abc,1', 2);   // { line: 2, reason: 'column 2: expected a number, got "abc"' }
 * ```
 */
export function parseCsvSample(text: string, lineNumber: number, start = 0, end = text.length): SampleParseResult {
  let n = 0;
  let a = start;
  for (;;) {
    let b = text.indexOf(',', a);
    const last = b < 0 || b >= end;
    if (last) b = end;
    const v = fieldValue(text, a, b);
    if (typeof v === 'string') return { line: lineNumber, reason: `column ${n + 1}: ${v}` };
    if (last) {
      if (n === 0) return { line: lineNumber, reason: 'expected feature columns and a label, got 1 column' };
      if (v !== 0 && v !== 1) return { line: lineNumber, reason: `column ${n + 1} (the label): must be 0 or 1, got ${v}` };
      return { x: scratch.slice(0, n), t: (v === 1 ? 1 : 0) as Label };
    }
    scratch[n++] = v;
    a = b + 1;
  }
}

/**
 * Whether a CSV line is a header: true when none of its fields is a number.
 * A row with a number and a bad field is a row of data with an error in it,
 * never a header to drop silently.
 *
 * @example
 * ```ts
 * isCsvHeader('x1,x2,t');  // true
 * isCsvHeader('1,2.5,0');  // false
 * isCsvHeader('1,NaN,1');  // false: data, rejected for its second column
 * ```
 */
export function isCsvHeader(line: string): boolean {
  let a = 0;
  for (;;) {
    let b = line.indexOf(',', a);
    const last = b < 0;
    if (last) b = line.length;
    if (typeof fieldValue(line, a, b) === 'number') return false;
    if (last) return true;
    a = b + 1;
  }
}

/**
 * Number of fields of a CSV line.
 *
 * @example
 * ```ts
 * csvFieldCount('x1,x2,t'); // 3
 * ```
 */
export function csvFieldCount(line: string): number {
  let count = 1;
  for (let i = line.indexOf(','); i >= 0; i = line.indexOf(',', i + 1)) count++;
  return count;
}

/** The field's value, or why it is not a number. */
function fieldValue(text: string, a: number, b: number): number | string {
  while (a < b && isBlank(text.charCodeAt(a))) a++;
  while (b > a && isBlank(text.charCodeAt(b - 1))) b--;
  if (a === b) return 'empty field, expected a number';
  if (!isDecimal(text, a, b)) return `expected a number, got ${quote(text.slice(a, b))}`;
  const v = Number(text.slice(a, b));
  if (v - v !== 0) return `${text.slice(a, b)} is beyond the range of a double`;
  return v;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, exactly filling [a, b). */
function isDecimal(text: string, a: number, b: number): boolean {
  let i = a;
  let c = text.charCodeAt(i);
  if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++i);
  let digits = 0;
  while (i < b && isDigit(c)) (c = text.charCodeAt(++i)), digits++;
  if (i < b && c === 0x2e) {
    c = text.charCodeAt(++i);
    while (i < b && isDigit(c)) (c = text.charCodeAt(++i)), digits++;
  }
  if (digits === 0) return false;
  if (i < b && (c === 0x65 || c === 0x45)) {
    c = text.charCodeAt(++i);
    if (i < b && (c === 0x2b || c === 0x2d)) c = text.charCodeAt(++i);
    if (!(i < b && isDigit(c))) return false;
    while (i < b && isDigit(c)) c = text.charCodeAt(++i);
  }
  return i === b;
}

function quote(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
