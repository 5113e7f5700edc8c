import { logistic } from '../logistic.js';
import type { Label } from '../sample.js';
import { CalibrationTable } from './calibration-table.js';
import type { CalibrationBin } from './calibration-table.js';
import { Confusion } from './confusion.js';
import type { ConfusionScores } from './confusion.js';
import { ProgressiveMetrics } from './progressive-metrics.js';
import type { Metrics, ProgressiveMetricsState } from './progressive-metrics.js';
import { RocAuc } from './roc-auc.js';
import type { RocAucState } from './roc-auc.js';
import { RollingRocAuc } from './rolling-roc-auc.js';

/** Scores of a stream of events, cumulative and over the last `window` predictions. */
export interface EventScores extends Metrics {
  /** ROC AUC over every prediction scored (exact). */
  auc: number;
  /** ROC AUC over the last `window` predictions. */
  rollingAuc: number;
  /** Precision, recall and F1 at p > 0.5 over every prediction. */
  confusion: ConfusionScores;
  /** The same over the last `window` predictions. */
  rollingConfusion: ConfusionScores;
  /** Predicted vs observed rate per probability bin, over every prediction. */
  calibration: CalibrationBin[];
  /** The same over the last `window` predictions. */
  rollingCalibration: CalibrationBin[];
}

/**
 * An {@link EventMetrics}' state as plain data, for checkpoints: the
 * cumulative scores' sums, and the last `window` predictions (label and
 * logit), from which every rolling score is rebuilt exactly.
 */
export interface EventMetricsState {
  progressive: ProgressiveMetricsState;
  auc: RocAucState;
  confusion: { counts: number[]; total: number };
  calibration: { counts: number[]; sumP: number[]; sumT: number[] };
  /** The last `window` predictions, oldest first. */
  recent: { t: Label[]; z: number[] };
}

/**
 * Everything worth reading about predictions of imbalanced events: log loss
 * and accuracy ({@link ProgressiveMetrics}), ROC AUC, precision/recall/F1 at
 * 0.5 and a calibration table, each cumulative and rolling.
 *
 * @example
 * ```ts
 * const m = new EventMetrics({ window: 500 });
 * m.update(1, 2.3); // the label and the logit of the prediction that was served
 * m.get().auc;      // NaN until both classes are seen
 * ```
 */
export class EventMetrics {
  private readonly progressive: ProgressiveMetrics;
  private readonly auc = new RocAuc();
  private readonly rollingAuc: RollingRocAuc;
  private readonly confusion = new Confusion();
  private readonly rollingConfusion: Confusion;
  private readonly calibration: CalibrationTable;
  private readonly rollingCalibration: CalibrationTable;

  /**
   * @param options.window - predictions in the rolling scores (default 500)
   * @param options.bins - calibration bins (default 10)
   */
  constructor(options: { window?: number; bins?: number } = {}) {
    const { window = 500, bins = 10 } = options;
    this.progressive = new ProgressiveMetrics(window);
    this.rollingAuc = new RollingRocAuc(window);
    this.rollingConfusion = new Confusion(window);
    this.calibration = new CalibrationTable(bins);
    this.rollingCalibration = new CalibrationTable(bins, window);
  }

  /** Predictions scored. */
  get n(): number {
    return this.progressive.n;
  }

  /** Scores a prediction, given as its logit z (p = σ(z)), against the true label. */
  update(t: Label, z: number): this {
    const p = logistic(z);
    this.progressive.update(t, z);
    // The logit orders predictions exactly where p rounds to 0 or 1.
    this.auc.update(t, z);
    this.rollingAuc.update(t, z);
    this.confusion.update(t, p);
    this.rollingConfusion.update(t, p);
    this.calibration.update(t, p);
    this.rollingCalibration.update(t, p);
    return this;
  }

  /** The scores now, as a new object. */
  get(): EventScores {
    return {
      ...this.progressive.get(),
      auc: this.auc.get(),
      rollingAuc: this.rollingAuc.get(),
      confusion: this.confusion.get(),
      rollingConfusion: this.rollingConfusion.get(),
      calibration: this.calibration.get(),
      rollingCalibration: this.rollingCalibration.get(),
    };
  }

  /** The state to continue from later, as plain copies. */
  save(): EventMetricsState {
    const { t, scores } = this.rollingAuc.recent();
    return {
      progressive: this.progressive.save(),
      auc: this.auc.save(),
      confusion: this.confusion.save(),
      calibration: this.calibration.save(),
      recent: { t, z: scores },
    };
  }

  /**
   * Continues from a saved state, replacing the scores: the same scores now
   * and after any further predictions as the instance saved (with the same
   * window and bins; a smaller window keeps the latest predictions).
   *
   * @throws RangeError naming the bad part (the scores are then left reset)
   */
  load(state: EventMetricsState): this {
    const { t, z } = state.recent;
    if (t.length !== z.length || !t.every((v) => v === 0 || v === 1) || !z.every((v) => !Number.isNaN(v) && typeof v === 'number')) {
      throw new RangeError('event metrics state: recent must hold as many labels (0 or 1) as logits (numbers)');
    }
    this.reset();
    try {
      this.progressive.load(state.progressive);
      this.auc.load(state.auc);
      this.confusion.load(state.confusion);
      this.calibration.load(state.calibration);
    } catch (error) {
      this.reset();
      throw error;
    }
    for (let i = Math.max(0, t.length - this.rollingAuc.window); i < t.length; i++) {
      const p = logistic(z[i]!);
      this.rollingAuc.update(t[i]!, z[i]!);
      this.rollingConfusion.update(t[i]!, p);
      this.rollingCalibration.update(t[i]!, p);
    }
    return this;
  }

  /** Forgets every prediction. */
  reset(): this {
    this.progressive.reset();
    this.auc.reset();
    this.rollingAuc.reset();
    this.confusion.reset();
    this.rollingConfusion.reset();
    this.calibration.reset();
    this.rollingCalibration.reset();
    return this;
  }
}
