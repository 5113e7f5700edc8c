import type { ProgressiveMetricsState } from './metrics/progressive-metrics.js';
import type { LogisticModel } from './model.js';

/**
 * The part of a trainer's state that a checkpoint saves.
 *
 * @example
 * ```ts
 * const state: TrainerState = trainer.state(); // { weights: [...], bias: 0.1, seen: 500, updates: 500, refused: 0, modelVersion: 500 }
 * ```
 */
export interface TrainerState {
  weights: readonly number[];
  bias: number | null;
  /** Samples learned from. */
  seen: number;
  /** Delta-rule steps taken (the schedule's position). */
  updates: number;
  /** Steps refused as non-finite (default 0). */
  refused?: number;
  /** The model version. */
  modelVersion: number;
  /** Loss of the last sample or batch before its step; null before the first (absent: null). */
  loss?: number | null;
  /** The progressive metrics (absent in files written before they were saved: they start afresh). */
  metrics?: ProgressiveMetricsState;
}

/**
 * Why a saved state cannot be loaded into a model, or `null` when it can.
 *
 * @example
 * ```ts
 * stateMismatch(model, { weights: [1], bias: null, seen: 0, updates: 0, modelVersion: 0 }); // "the state has 1 weights, the model has 2 inputs"
 * ```
 */
export function stateMismatch(model: LogisticModel, state: TrainerState): string | null {
  if (state.weights.length !== model.weights.length) return `the state has ${state.weights.length} weights, the model has ${model.weights.length} inputs`;
  if ((state.bias !== null) !== model.useBias) return model.useBias ? 'the state has no bias, the model learns one' : 'the state has a bias, the model has none';
  const bad = state.weights.findIndex((w) => !Number.isFinite(w));
  if (bad >= 0) return `weights[${bad}] is not a finite number: ${String(state.weights[bad])}`;
  if (state.bias !== null && !Number.isFinite(state.bias)) return `bias is not a finite number: ${String(state.bias)}`;
  const loss = state.loss ?? null;
  if (loss !== null && !(Number.isFinite(loss) && loss >= 0)) return `loss is not a finite number ≥ 0: ${String(loss)}`;
  return null;
}

/**
 * Writes a state into a model (checked first with {@link stateMismatch}).
 *
 * @throws RangeError when the state does not fit the model
 * @example
 * ```ts
 * loadState(model, saved);
 * ```
 */
export function loadState(model: LogisticModel, state: TrainerState): void {
  const reason = stateMismatch(model, state);
  if (reason !== null) throw new RangeError(reason);
  model.weights.set(state.weights);
  model.bias = state.bias ?? 0;
  model.seen = state.seen;
  model.updates = state.updates;
  model.refused = state.refused ?? 0;
}

/**
 * A model's state as plain copies, with its version, last loss and saved scores: what `Trainer.state` returns.
 *
 * @example
 * ```ts
 * stateOf(model, 12, 0.31, metrics.save()).weights; // a copy of model.weights, as an array
 * ```
 */
export function stateOf(model: LogisticModel, version: number, loss: number | null, metrics: ProgressiveMetricsState): TrainerState {
  return {
    weights: Array.from(model.weights),
    bias: model.useBias ? model.bias : null,
    seen: model.seen,
    updates: model.updates,
    refused: model.refused,
    modelVersion: version,
    loss,
    metrics,
  };
}
