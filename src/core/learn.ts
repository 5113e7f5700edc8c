import { applyDeltaRule } from './delta-rule.js';
import type { UpdateOptions } from './delta-rule.js';
import { logistic, logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import { logit } from './model.js';
import type { LogisticModel } from './model.js';
import type { Sample } from './sample.js';

/**
 * Learns from one sample: one delta-rule step with ∂ξ/∂w = x·(y − t). The
 * model-level function; a {@link Trainer} does the same and also keeps the
 * metrics, mini-batches and its own scratch.
 *
 * The sample's width is not checked here (this is the per-sample hot path):
 * validate untrusted samples first ({@link checkSample}).
 *
 * @returns the sample's loss before the step
 * @example
 * ```ts
 * const m = createModel({ inputs: 2, bias: false });
 * learnOne(m, { x: [1, 0], t: 1 }, { schedule: { kind: 'constant', lr: 1 } }); // Math.LN2
 * m.weights; // Float64Array [0.5, 0]
 * ```
 */
export function learnOne(model: LogisticModel, sample: Sample, options: UpdateOptions): number {
  const x = sample.x;
  const t = sample.t;
  const z = logit(model, x);
  // One e^(−|z|) serves the logistic and the loss (bit-identical to computing each alone).
  const e = Math.exp(z < 0 ? z : -z);
  const g = logisticFromExp(z, e) - t;
  applyDeltaRule(model, { gradient: x, offset: 0, scale: g, gradientBias: g, count: 1 }, options); // ∂ξ/∂w = g·x, never built
  return crossEntropyFromExp(z, t, e);
}

/**
 * Where {@link learnMany} writes each sample's score before the step: its
 * loss and its logit, at the sample's index in the batch. Both arrays must
 * hold at least the batch's length.
 *
 * @example
 * ```ts
 * const scores: BatchScores = { losses: new Float64Array(64), logits: new Float64Array(64) };
 * ```
 */
export interface BatchScores {
  /** The cross-entropy of each sample before the step. */
  readonly losses: Float64Array;
  /** The logit x·w + b of each sample before the step (class 1 predicted iff > 0). */
  readonly logits: Float64Array;
}

/**
 * Learns from a mini-batch: one delta-rule step with the batch's mean
 * gradient (or its sum, with `reduction: 'sum'`). A batch of one is exactly
 * {@link learnOne}. An empty batch takes no step.
 *
 * @param scores - optional: receives each sample's loss and logit before the
 *   step (progressive validation scores a batch without a second pass)
 * @returns the batch's mean loss before the step (NaN when empty)
 * @example
 * ```ts
 * learnMany(m, [{ x: [1, 0], t: 1 }, { x: [0, 1], t: 0 }], { schedule: { kind: 'constant', lr: 0.1 } });
 * ```
 */
export function learnMany(model: LogisticModel, batch: readonly Sample[], options: UpdateOptions, scores?: BatchScores): number {
  const n = batch.length;
  if (n === 0) return NaN;
  const d = model.weights.length;
  const gw = new Float64Array(d);
  let gb = 0;
  let loss = 0;
  for (let k = 0; k < n; k++) {
    const s = batch[k]!;
    const x = s.x;
    const t = s.t;
    const z = logit(model, x);
    const e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - t;
    for (let i = 0; i < d; i++) gw[i] = gw[i]! + g * x[i]!;
    gb += g;
    const l = crossEntropyFromExp(z, t, e);
    loss += l;
    if (scores !== undefined) {
      scores.losses[k] = l;
      scores.logits[k] = z;
    }
  }
  if ((options.reduction ?? 'mean') === 'mean' && n > 1) {
    for (let i = 0; i < d; i++) gw[i] = gw[i]! / n;
    gb /= n;
  }
  applyDeltaRule(model, { gradient: gw, offset: 0, scale: 1, gradientBias: gb, count: n }, options);
  // Each loss is finite, but their sum can pass Number.MAX_VALUE: report that as the largest finite loss.
  return Math.min(loss / n, Number.MAX_VALUE);
}

/**
 * Full-batch gradient descent: one step per pass over all the samples, as
 * the tutorial's 10 iterations (`reduction: 'sum'`, lr 0.05, from [−4, −2]).
 *
 * @returns the mean loss before each pass's step
 * @example
 * ```ts
 * const m = createModel({ inputs: 2, bias: false, init: [-4, -2] });
 * fitBatch(m, samples, { schedule: { kind: 'constant', lr: 0.05 }, reduction: 'sum', epochs: 10 });
 * ```
 */
export function fitBatch(
  model: LogisticModel,
  samples: readonly Sample[],
  options: UpdateOptions & { readonly epochs: number },
): number[] {
  const losses: number[] = [];
  for (let e = 0; e < options.epochs; e++) losses.push(learnMany(model, samples, options));
  return losses;
}

/**
 * The gradient ∂ξ/∂w of the batch's loss at the model's weights, reduced by mean or sum,
 * with the bias's gradient last when the model has a bias. For checks and plots; learning
 * does not allocate it.
 *
 * @example
 * ```ts
 * gradient(createModel({ inputs: 1 }), [{ x: [2], t: 1 }]); // [-1]
 * ```
 */
export function gradient(model: LogisticModel, batch: readonly Sample[], reduction: 'mean' | 'sum' = 'mean'): number[] {
  const d = model.weights.length;
  const out = new Array<number>(d + (model.useBias ? 1 : 0)).fill(0);
  for (const s of batch) {
    const g = logistic(logit(model, s.x)) - s.t;
    for (let i = 0; i < d; i++) out[i]! += g * s.x[i]!;
    if (model.useBias) out[d]! += g;
  }
  if (reduction === 'mean' && batch.length > 0) return out.map((v) => v / batch.length);
  return out;
}
