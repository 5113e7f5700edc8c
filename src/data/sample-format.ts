/** The sample file formats: JSON Lines (`{"x":[…],"t":0}` per line) or CSV (features, then the label). */
export type SampleFormat = 'jsonl' | 'csv';

/** Every {@link SampleFormat}, for option parsing and help. */
export const SAMPLE_FORMATS: readonly SampleFormat[] = ['jsonl', 'csv'];

/**
 * The format a file name suggests: `csv` for a `.csv` name (any case), else
 * `jsonl` (also for stdin, `-`).
 *
 * @example
 * ```ts
 * formatFromPath('data/train.CSV'); // 'csv'
 * formatFromPath('train.ndjson');   // 'jsonl'
 * ```
 */
export function formatFromPath(path: string): SampleFormat {
  return /\.csv$/i.test(path) ? 'csv' : 'jsonl';
}
