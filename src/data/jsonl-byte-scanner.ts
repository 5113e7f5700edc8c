/**
 * The JSON Lines fast path over raw bytes: the same grammar as
 * {@link scanJsonlInto}, read straight from the file's bytes, so that the
 * reader decodes no text for the common line.
 *
 * @module
 */
import { decimalToDouble, SIGNIFICAND_HIGH_LIMIT, SIGNIFICAND_LOW_DIGITS } from './decimal-to-double.js';
import type { scanJsonlInto } from './jsonl-sample-parser.js';

const NEWLINE = 0x0a;

/**
 * Scans one line of bytes in the common shape `{"x":[n,…],"t":0}`, allocation
 * free, and says where the line ends.
 *
 * The line must end with a `\n` byte inside `bytes` (the reader guarantees
 * it: it hands over whole lines, and gives the input's last line a `\n`), so
 * the scanner needs no bounds check per byte: it stops at that byte.
 *
 * Accepts exactly the lines {@link scanJsonlInto} accepts (ASCII, JSON
 * whitespace anywhere, the keys in either order) with the same values, bit
 * for bit: every number goes through the same exact conversion. A test holds
 * the two scanners equal on generated lines.
 *
 * @example
 * ```ts
 * const scanner = new JsonlByteScanner();
 * const out = new Float64Array(8);
 * scanner.scan(Buffer.from('{"x":[1.5,-2],"t":1}\n'), 0, out); // 5 (2 values, t = 1); scanner.end === 20
 * ```
 */
export class JsonlByteScanner {
  /** After a successful {@link scan}: the index of the `\n` that ends the line. */
  end = 0;

  /**
   * @param bytes - the input, holding a `\n` at or after `start`
   * @param start - index of the line's first byte
   * @param out - receives the values of `x`; a line with more values than it holds is not handled
   * @returns `2·n + t` for a line with n values and label t, or -1 for a line
   *   it does not handle (then find its end with `indexOf` and decode it)
   */
  scan(bytes: Uint8Array, start: number, out: Float64Array): number {
    let i = start;
    let c = bytes[i]!;
    while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
    if (c !== 0x7b) return -1; // {
    let n = -1; // values in x; -1 until x is read
    let t = -1;
    for (;;) {
      c = bytes[++i]!;
      while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
      // A key: exactly "x" or "t", no escapes.
      if (c !== 0x22) return -1;
      const key = bytes[i + 1]!;
      if (key === NEWLINE || bytes[i + 2] !== 0x22) return -1;
      i += 3;
      c = bytes[i]!;
      while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
      if (c !== 0x3a) return -1; // :
      c = bytes[++i]!;
      while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
      if (key === 0x78 && n < 0) {
        if (c !== 0x5b) return -1; // [
        n = 0;
        for (;;) {
          c = bytes[++i]!;
          while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
          // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
          const a = i;
          const negative = c === 0x2d;
          if (negative) c = bytes[++i]!;
          let high = 0;
          let low = 0;
          let lowDigits = 0;
          let exponent = 0;
          if (c === 0x30) {
            c = bytes[++i]!;
          } else if (c >= 0x31 && c <= 0x39) {
            do {
              if (high < SIGNIFICAND_HIGH_LIMIT) high = high * 10 + (c - 0x30);
              else if (lowDigits < SIGNIFICAND_LOW_DIGITS) (low = low * 10 + (c - 0x30)), lowDigits++;
              else lowDigits = 99; // too many digits: Number() decides
              c = bytes[++i]!;
            } while (c >= 0x30 && c <= 0x39);
          } else {
            return -1;
          }
          if (c === 0x2e) {
            // .
            c = bytes[++i]!;
            if (!(c >= 0x30 && c <= 0x39)) return -1;
            do {
              if (high < SIGNIFICAND_HIGH_LIMIT) (high = high * 10 + (c - 0x30)), exponent--;
              else if (lowDigits < SIGNIFICAND_LOW_DIGITS) (low = low * 10 + (c - 0x30)), lowDigits++, exponent--;
              else lowDigits = 99;
              c = bytes[++i]!;
            } while (c >= 0x30 && c <= 0x39);
          }
          if (c === 0x65 || c === 0x45) {
            // e E
            c = bytes[++i]!;
            const negativeExponent = c === 0x2d;
            if (negativeExponent || c === 0x2b) c = bytes[++i]!;
            if (!(c >= 0x30 && c <= 0x39)) return -1;
            let e = 0;
            do {
              if (e < 100000) e = e * 10 + (c - 0x30);
              c = bytes[++i]!;
            } while (c >= 0x30 && c <= 0x39);
            exponent += negativeExponent ? -e : e;
          }
          let v = decimalToDouble(high, low, lowDigits, exponent);
          if (v === v) {
            if (negative) v = -v;
          } else {
            v = Number(asciiText(bytes, a, i));
            if (v - v !== 0) return -1; // overflowed to ±Infinity
          }
          if (n >= out.length) return -1;
          out[n++] = v;
          while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
          if (c === 0x5d) break; // ]
          if (c !== 0x2c) return -1; // ,
        }
        c = bytes[++i]!;
      } else if (key === 0x74 && t < 0) {
        if (c !== 0x30 && c !== 0x31) return -1; // only a bare 0 or 1
        t = c - 0x30;
        c = bytes[++i]!;
      } else {
        return -1;
      }
      while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
      if (c === 0x7d) break; // }
      if (c !== 0x2c) return -1;
    }
    c = bytes[++i]!;
    while (c === 0x20 || c === 0x09 || c === 0x0d) c = bytes[++i]!;
    if (c !== NEWLINE || n < 1 || t < 0) return -1;
    this.end = i;
    return 2 * n + t;
  }
}

/** The text of an ASCII range (a number the fast conversion left to `Number()`: rare). */
function asciiText(bytes: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let k = from; k < to; k++) s += String.fromCharCode(bytes[k]!);
  return s;
}
