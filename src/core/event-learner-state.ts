import { EventLearner } from './event-learner.js';
import type { EventLearnerOptions } from './event-learner-config.js';
import type { HashState } from './features/feature-space.js';
import type { EventMetricsState } from './metrics/event-metrics.js';
import { restoreEntries, sparseEntries } from './optim/optimizer.js';
import type { OptimizerState } from './optim/optimizer.js';

/** Non-zero entries of an array. */
export interface SparseEntries {
  readonly indices: readonly number[];
  readonly values: readonly number[];
}

/**
 * Everything an {@link EventLearner} needs to continue where it stopped, as
 * plain JSON: its options, the named numbers' slots, the weights (non-zero
 * entries), the optimizer's per-weight state, the scaler's statistics
 * and the progressive scores (AUC, confusion, calibration, log loss, cumulative
 * and rolling), so a resumed learner reports what it had. States saved
 * before the scores were part of it (no `metrics`) resume with the scores at zero.
 */
export interface EventLearnerState {
  readonly format: 'rxlogit-event-learner';
  readonly version: 1;
  readonly options: Required<EventLearnerOptions>;
  readonly numericNames: readonly string[];
  readonly weights: SparseEntries;
  readonly scale: number;
  readonly bias: number;
  readonly seen: number;
  readonly updates: number;
  readonly refused: number;
  readonly optimizer: OptimizerState;
  readonly scaler: { readonly counts: SparseEntries; readonly means: SparseEntries; readonly variances: SparseEntries };
  readonly hash: HashState;
  readonly metrics?: EventMetricsState;
}

/**
 * The learner's state now, sharing no memory with it.
 *
 * @example
 * ```ts
 * const saved = JSON.stringify(saveEventLearner(learner));
 * ```
 */
export function saveEventLearner(learner: EventLearner): EventLearnerState {
  const { model, scaler } = learner;
  return {
    format: 'rxlogit-event-learner',
    version: 1,
    options: JSON.parse(JSON.stringify(learner.options)) as Required<EventLearnerOptions>,
    numericNames: [...learner.space.numericNames()],
    weights: sparseEntries(model.weights),
    scale: model.scale,
    bias: model.bias,
    seen: model.seen,
    updates: model.updates,
    refused: model.refused,
    optimizer: learner.optimizer.state(),
    scaler: { counts: sparseEntries(scaler.counts), means: sparseEntries(scaler.means), variances: sparseEntries(scaler.variances) },
    hash: learner.space.saveHashState(),
    metrics: learner.saveScores(),
  };
}

/**
 * A learner that continues from a saved state: the same next predictions and
 * steps and collision counts as the learner that was saved.
 *
 * @throws RangeError naming the field that does not fit the options
 * @example
 * ```ts
 * const learner = restoreEventLearner(JSON.parse(text));
 * ```
 */
export function restoreEventLearner(state: EventLearnerState): EventLearner {
  if (state.format !== 'rxlogit-event-learner' || state.version !== 1) {
    throw new RangeError(`not an rxlogit event-learner state of version 1 (format ${String(state.format)}, version ${String(state.version)})`);
  }
  const learner = new EventLearner(state.options);
  learner.space.restoreNumericNames(state.numericNames);
  const m = learner.model;
  restoreEntries(m.weights, state.weights, 'weights');
  for (const [name, v] of [['scale', state.scale], ['bias', state.bias]] as const) {
    if (!Number.isFinite(v) || (name === 'scale' && v === 0)) throw new RangeError(`event-learner state: ${name} must be a finite${name === 'scale' ? ', non-zero' : ''} number`);
  }
  for (const [name, v] of [['seen', state.seen], ['updates', state.updates], ['refused', state.refused]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`event-learner state: ${name} must be an integer ≥ 0`);
  }
  m.scale = state.scale;
  m.bias = state.bias;
  m.seen = state.seen;
  m.updates = state.updates;
  m.refused = state.refused;
  learner.optimizer.restore(state.optimizer);
  restoreEntries(learner.scaler.counts, state.scaler.counts, 'scaler.counts');
  restoreEntries(learner.scaler.means, state.scaler.means, 'scaler.means');
  restoreEntries(learner.scaler.variances, state.scaler.variances, 'scaler.variances');
  learner.space.restoreHashState(state.hash);
  if (state.metrics !== undefined) learner.loadScores(state.metrics);
  return learner;
}
