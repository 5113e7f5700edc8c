/**
 * Cutting a byte stream into runs of whole lines, the first stage of every
 * sample reader: a chunk is split on its last `\n` byte (which never occurs
 * inside a multi-byte UTF-8 character), and the line it leaves unfinished is
 * carried, alone, into the next chunk's first run.
 *
 * @module
 */

/** Whole lines: `bytes[start, end]`, where `bytes[end]` is the `\n` ending the last of them. */
export interface LineRun {
  readonly kind: 'lines';
  /** Valid only until the next run is asked for (a view of a reused buffer). */
  readonly bytes: Buffer;
  readonly start: number;
  readonly end: number;
  /** Bytes taken from the input so far. */
  readonly bytesRead: number;
  /** The size of the input chunk this run comes from (to size a block). */
  readonly chunkBytes: number;
  /** Whether this is the chunk's last run (a chunk gives one run, or two with a carried line). */
  readonly last: boolean;
}

/** A line longer than the limit: the one `linesAhead` lines after the runs before (0: the next line). */
export interface LongLine {
  readonly kind: 'too-long';
  readonly linesAhead: number;
}

/**
 * Cuts `input` into {@link LineRun}s; the input's last line gets a `\n` if it
 * has none. Stops with a {@link LongLine} at the first line longer than
 * `maxLine` bytes (without its line end), never holding more than that of one line.
 *
 * @example
 * ```ts
 * for await (const run of cutLineRuns(stream, 8 << 20)) if (run.kind === 'lines') parse(run.bytes, run.start, run.end);
 * ```
 */
export async function* cutLineRuns(input: AsyncIterable<Uint8Array | string>, maxLine: number): AsyncGenerator<LineRun | LongLine, void, undefined> {
  const carry = new CarriedLine(); // the bytes of a line not yet ended
  let bytesRead = 0;
  for await (const data of input) {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : toBuffer(data);
    bytesRead += bytes.length;
    const newline = bytes.lastIndexOf(0x0a);
    if (newline < 0) {
      if (carry.length + bytes.length > maxLine) return yield { kind: 'too-long', linesAhead: 0 };
      carry.append(bytes, 0, bytes.length); // copied: a stream may reuse its buffers
      continue;
    }
    if (carry.length + bytes.length > maxLine) {
      const long = firstLongLine(bytes, newline, carry.length, maxLine);
      if (long !== undefined) return yield { kind: 'too-long', linesAhead: long };
    }
    const chunkBytes = carry.length + newline + 1;
    let from = 0;
    if (carry.length > 0) {
      // Only the carried line is joined, in the carry's own buffer: the rest is read where it lies.
      from = bytes.indexOf(0x0a) + 1;
      carry.append(bytes, 0, from);
      yield { kind: 'lines', bytes: carry.bytes, start: 0, end: carry.length - 1, bytesRead, chunkBytes, last: from > newline };
      carry.length = 0;
    }
    if (from <= newline) yield { kind: 'lines', bytes, start: from, end: newline, bytesRead, chunkBytes, last: true };
    carry.append(bytes, newline + 1, bytes.length);
    if (carry.length > maxLine) return yield { kind: 'too-long', linesAhead: 0 };
  }
  if (carry.length === 0) return;
  carry.append(NEWLINE, 0, 1); // the last line, without its \n: the scanner stops at one
  yield { kind: 'lines', bytes: carry.bytes, start: 0, end: carry.length - 1, bytesRead, chunkBytes: carry.length, last: true };
}

const NEWLINE = Buffer.from('\n');

/** The bytes of a line that a chunk began and a later chunk ends, in one reused buffer. */
class CarriedLine {
  bytes = Buffer.allocUnsafe(1 << 12);
  length = 0;

  append(from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    if (this.length + n > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    this.bytes.set(from.subarray(start, end), this.length);
    this.length += n;
  }
}

/**
 * Which line of `bytes[0, lastNewline]` (0 = the one continuing `carried`
 * bytes of the previous chunks) is longer than `max` bytes, if any.
 */
function firstLongLine(bytes: Buffer, lastNewline: number, carried: number, max: number): number | undefined {
  let start = -carried;
  for (let k = 0; start <= lastNewline; k++) {
    const end = bytes.indexOf(0x0a, Math.max(start, 0));
    const stop = end < 0 || end > lastNewline ? lastNewline : end;
    let length = stop - start;
    if (length > 0 && bytes[stop - 1] === 0x0d) length--; // a \r\n line end
    if (length > max) return k;
    if (stop >= lastNewline) return undefined;
    start = stop + 1;
  }
  return undefined;
}

function toBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
