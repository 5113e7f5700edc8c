/**
 * A source of {@link OnlineLearner.learnFrom} failed: what `errors$` reports.
 * The learner goes on with its other sources (unless the source was given
 * `endWithSource: true`).
 *
 * @example
 * ```ts
 * learner.errors$.subscribe(({ source, error }) => log.warn(`${source} failed: ${String(error)}`));
 * ```
 */
export interface SourceError {
  /** The source's `name` from `learnFrom`, else `source 1`, `source 2`, … in the order given. */
  readonly source: string;
  /** What the source failed with. */
  readonly error: unknown;
}
