import type { Sample } from '../core/index.js';

/**
 * Why one line of a sample file was rejected: its 1-based line number and a
 * reason a person can act on.
 *
 * Parsers return it instead of throwing, so that a bad line costs no
 * exception on the hot path and `--skip-invalid` can count it and go on.
 *
 * @example
 * ```ts
 * const e: SampleParseError = { line: 3, reason: '"t" must be 0 or 1, got 2' };
 * ```
 */
export interface SampleParseError {
  readonly line: number;
  readonly reason: string;
}

/** What a line parser returns: a sample, or why the line is not one. */
export type SampleParseResult = Sample | SampleParseError;

/**
 * Tells a parse error from a sample.
 *
 * @example
 * ```ts
 * isSampleParseError(parseJsonlSample('{"x":[1],"t":2}', 1)); // true
 * ```
 */
export function isSampleParseError(result: SampleParseResult): result is SampleParseError {
  return (result as { reason?: unknown }).reason !== undefined;
}

/**
 * Thrown by the sample readers when a line is invalid and invalid lines are
 * not skipped. Its message is `line N: <reason>`.
 *
 * @example
 * ```ts
 * new SampleLineError({ line: 4, reason: 'missing "t"' }).message; // 'line 4: missing "t"'
 * ```
 */
export class SampleLineError extends Error {
  /** The 1-based line number of the bad line. */
  readonly line: number;
  /** Why the line was rejected. */
  readonly reason: string;

  constructor(error: SampleParseError) {
    super(`line ${error.line}: ${error.reason}`);
    this.name = 'SampleLineError';
    this.line = error.line;
    this.reason = error.reason;
  }
}

/**
 * A short, quoted description of an untrusted value for error messages; long
 * strings are cut at 40 characters.
 *
 * @example
 * ```ts
 * describeValue('abc'); // '"abc"'
 * describeValue([1, 2]); // 'an array'
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/**
 * The reason for a sample whose width differs from the expected one.
 *
 * @param got - the line's count (of `x` values, or of CSV columns)
 * @param expected - the expected count
 * @param origin - the line that set the expected count, or `undefined` when the caller set it (from a model)
 * @param unit - what is counted, such as `'x values'` or `'columns'`
 * @example
 * ```ts
 * widthMismatchReason(3, 2, 1, 'x values'); // 'has 3 x values, expected 2 (as on line 1)'
 * ```
 */
export function widthMismatchReason(got: number, expected: number, origin: number | undefined, unit: string): string {
  const from = origin === undefined ? 'as the model expects' : `as on line ${origin}`;
  return `has ${got} ${unit}, expected ${expected} (${from})`;
}
