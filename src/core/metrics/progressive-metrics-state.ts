/**
 * Everything `ProgressiveMetrics` needs to go on where it stopped:
 * what a checkpoint saves (plain numbers, JSON-safe).
 *
 * @example
 * ```ts
 * const saved: ProgressiveMetricsState = metrics.save();
 * new ProgressiveMetrics(500).load(saved).get(); // the same scores
 * ```
 */
export interface ProgressiveMetricsState {
  /** Samples scored. */
  n: number;
  /** Sum of their losses, divided by `lossScale` (see `LossSum`). */
  lossSum: number;
  /** 1, or a power of 2⁶⁴ once the plain sum would have overflowed. */
  lossScale: number;
  /** Samples whose class was predicted right. */
  correct: number;
  /** Losses of the last samples (at most the window), oldest first. */
  recentLosses: number[];
  /** For the same samples: 1 when predicted right, 0 when not. */
  recentHits: number[];
}

/**
 * Why a saved metrics state is not one that `ProgressiveMetrics.save`
 * could have written, or `null` when it is.
 *
 * @example
 * ```ts
 * metricsStateMismatch({ n: 1, lossSum: 0.7, lossScale: 1, correct: 2, recentLosses: [0.7], recentHits: [1] }); // "correct is 2, more than n (1)"
 * ```
 */
export function metricsStateMismatch(s: ProgressiveMetricsState): string | null {
  const count = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (!count(s.n)) return `n must be an integer ≥ 0, got ${String(s.n)}`;
  if (!count(s.correct)) return `correct must be an integer ≥ 0, got ${String(s.correct)}`;
  if (s.correct > s.n) return `correct is ${s.correct}, more than n (${s.n})`;
  if (!(Number.isFinite(s.lossSum) && s.lossSum >= 0)) return `lossSum must be a finite number ≥ 0, got ${String(s.lossSum)}`;
  if (s.n === 0 && s.lossSum !== 0) return `lossSum is ${s.lossSum} with no sample scored`;
  const { recentLosses: losses, recentHits: hits } = s;
  if (losses.length !== hits.length) return `recentLosses has ${losses.length} values, recentHits ${hits.length}`;
  if (losses.length > s.n) return `recentLosses has ${losses.length} values, more than n (${s.n})`;
  if (s.n > 0 && losses.length === 0) return 'recentLosses is empty although samples were scored';
  const badLoss = losses.findIndex((l) => !(Number.isFinite(l) && l >= 0));
  if (badLoss >= 0) return `recentLosses[${badLoss}] must be a finite number ≥ 0, got ${String(losses[badLoss])}`;
  const badHit = hits.findIndex((h) => h !== 0 && h !== 1);
  if (badHit >= 0) return `recentHits[${badHit}] must be 0 or 1, got ${String(hits[badHit])}`;
  return null;
}
