import type { Label, Sample, SampleBlockBuilder } from '../core/index.js';
import { csvFieldCount, isCsvHeader, parseCsvSample } from './csv-sample-parser.js';
import { JsonlByteScanner } from './jsonl-byte-scanner.js';
import { parseJsonlSampleReference, scanJsonlInto } from './jsonl-sample-parser.js';
import type { SampleFormat } from './sample-format.js';
import { isSampleParseError, widthMismatchReason } from './sample-validation.js';
import type { SampleParseError, SampleParseResult } from './sample-validation.js';

/** Options of {@link SampleTextParser}. */
export interface SampleTextParserOptions {
  /** `'jsonl'` (default) or `'csv'`. */
  readonly format?: SampleFormat;
  /** Collect invalid lines and go on (default false: stop at the first). */
  readonly skipInvalid?: boolean;
  /** The number of features every sample must have (default: as many as the first valid sample). */
  readonly width?: number;
}

/** Where {@link SampleTextParser.parseLines} puts what it finds. */
export interface SampleSink {
  /** The valid samples with their line numbers. */
  readonly columns: SampleBlockBuilder;
  /** Invalid lines, when they are skipped. */
  readonly invalid: SampleParseError[];
}

/**
 * Turns lines of text into samples, keeping what spans lines: the line count,
 * the expected width (from the first valid sample, the CSV header or the
 * caller) and whether the CSV header has been looked for.
 *
 * Blank (empty or whitespace-only) lines are skipped but counted. A trailing
 * `\r` is dropped, so CRLF files work.
 *
 * @example
 * ```ts
 * const p = new SampleTextParser({ format: 'csv' });
 * const sink = { columns: new SampleBlockBuilder(), invalid: [] };
 * p.parseLines('x1,x2,t\n1,2,0\n3,4,1', 0, 19, sink); // undefined; 2 samples, on lines 2 and 3
 * ```
 */
export class SampleTextParser {
  /** Lines consumed so far (the number of the last line parsed). */
  line = 0;
  /** The expected number of features, -1 until known. */
  width: number;
  /** The line the width came from; undefined when given by the caller or not yet known. */
  widthLine: number | undefined = undefined;
  /** The CSV header's fields, when the file has one. */
  header: string | undefined = undefined;
  /** Whether the lines are CSV (else JSON Lines). */
  readonly csv: boolean;
  private readonly skipInvalid: boolean;
  private started = false;

  constructor(options: SampleTextParserOptions = {}) {
    this.csv = options.format === 'csv';
    this.skipInvalid = options.skipInvalid ?? false;
    this.width = options.width ?? -1;
  }

  /**
   * Parses the lines of `text[start, end)`: each ends at a `\n` or at `end`
   * (so pass `end` = the index of the last `\n` for a block of complete lines,
   * or the text's length for the last line of the input).
   *
   * @returns the first invalid line when invalid lines are not skipped (the
   *   samples before it are in the sink), else undefined
   */
  parseLines(text: string, start: number, end: number, sink: SampleSink): SampleParseError | undefined {
    const columns = sink.columns;
    let s = start;
    for (;;) {
      let e = text.indexOf('\n', s);
      if (e < 0 || e > end) e = end;
      const line = ++this.line;
      const le = e > s && text.charCodeAt(e - 1) === 0x0d ? e - 1 : e;
      const error = this.textLine(text, s, le, line, columns);
      if (error !== undefined) {
        if (!this.skipInvalid) return error;
        sink.invalid.push(error);
      }
      if (e >= end) return undefined;
      s = e + 1;
    }
  }

  /**
   * Parses the JSON Lines of `bytes[start, end]`, where `bytes[end]` is the
   * `\n` that ends the last of them: the same lines, values, line numbers and
   * errors as {@link parseLines} on the decoded text, without decoding the
   * common line (a line in the scanner's shape is read from its bytes; any
   * other is decoded as UTF-8 and parsed as text). A UTF-8 byte-order mark
   * before the first line is skipped.
   *
   * @returns the first invalid line when invalid lines are not skipped (the
   *   samples before it are in the sink), else undefined
   * @throws RangeError for the CSV format or a range not ending with `\n`
   */
  parseBytes(bytes: Buffer, start: number, end: number, sink: SampleSink): SampleParseError | undefined {
    if (this.csv) throw new RangeError('parseBytes reads JSON Lines only');
    if (bytes[end] !== 0x0a) throw new RangeError('parseBytes: the range must end with a newline byte');
    const columns = sink.columns;
    const scanner = this.scanner;
    let s = start;
    if (this.line === 0 && bytes[s] === 0xef && bytes[s + 1] === 0xbb && bytes[s + 2] === 0xbf) s += 3;
    while (s <= end) {
      const line = ++this.line;
      const fast = scanner.scan(bytes, s, this.values);
      let error: SampleParseError | undefined;
      let e: number;
      if (fast >= 0) {
        e = scanner.end;
        const n = fast >> 1;
        if (n === this.width) columns.addFrom(this.values, n, (fast & 1) as Label, line);
        else if ((error = this.checkWidth(n, line)) === undefined) columns.addFrom(this.values, n, (fast & 1) as Label, line);
      } else {
        e = bytes.indexOf(0x0a, s);
        const le = e > s && bytes[e - 1] === 0x0d ? e - 1 : e;
        if (!isBlankBytes(bytes, s, le)) {
          const text = bytes.toString('utf8', s, le);
          error = this.textLine(text, 0, text.length, line, columns);
        }
      }
      if (error !== undefined) {
        if (!this.skipInvalid) return error;
        sink.invalid.push(error);
      }
      s = e + 1;
    }
    return undefined;
  }

  /** One line of text, `text[s, le)` without its line end: its sample goes to `columns`; returns its error. */
  private textLine(text: string, s: number, le: number, line: number, columns: SampleBlockBuilder): SampleParseError | undefined {
    let error: SampleParseError | undefined;
    const fast = this.csv ? -1 : scanJsonlInto(text, s, le, this.values);
    if (fast >= 0) {
      const n = fast >> 1;
      if (n === this.width) columns.addFrom(this.values, n, (fast & 1) as Label, line);
      else if ((error = this.checkWidth(n, line)) === undefined) columns.addFrom(this.values, n, (fast & 1) as Label, line);
    } else if (!isBlankRange(text, s, le)) {
      const r = this.csv ? this.csvLine(text, s, le) : parseJsonlSampleReference(text.slice(s, le), line);
      if (r !== undefined) {
        if (isSampleParseError(r)) error = r;
        else if ((error = this.checkWidth(r.x.length, line)) === undefined) this.addSample(columns, r, line);
      }
    }
    return error;
  }

  private readonly scanner = new JsonlByteScanner();

  /** The scanner's output; grows to the widest sample seen so that later lines take the fast path. */
  private values = new Float64Array(4096);

  private addSample(columns: SampleBlockBuilder, sample: Sample, line: number): void {
    if (sample.x.length > this.values.length) this.values = new Float64Array(sample.x.length);
    columns.add(sample.x, sample.t, line);
  }

  private checkWidth(n: number, line: number): SampleParseError | undefined {
    if (n === this.width) return undefined;
    if (this.width < 0) {
      this.width = n;
      this.widthLine = line;
      return undefined;
    }
    const reason = this.csv
      ? widthMismatchReason(n + 1, this.width + 1, this.widthLine, 'columns')
      : widthMismatchReason(n, this.width, this.widthLine, 'x values');
    return { line, reason };
  }

  private csvLine(text: string, s: number, e: number): SampleParseResult | undefined {
    if (!this.started) {
      this.started = true;
      const first = text.slice(s, e);
      if (isCsvHeader(first)) {
        this.header = first;
        const features = csvFieldCount(first) - 1;
        if (this.width >= 0 && features !== this.width) {
          return { line: this.line, reason: `header ${widthMismatchReason(features + 1, this.width + 1, undefined, 'columns')}` };
        }
        this.width = features;
        this.widthLine = this.line;
        return undefined;
      }
    }
    return parseCsvSample(text, this.line, s, e);
  }
}

function isBlankBytes(bytes: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

function isBlankRange(text: string, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
