import { applyDeltaRule } from './delta-rule.js';
import type { UpdateOptions } from './delta-rule.js';
import { logistic } from './logistic.js';
import { crossEntropyFromLogit } from './loss.js';
import { logit } from './model.js';
import type { LogisticModel } from './model.js';
import type { Sample } from './sample.js';

let grad = new Float64Array(16);

function scratch(d: number): Float64Array {
  if (grad.length < d) grad = new Float64Array(d);
  return grad;
}

/**
 * Learns from one sample: one delta-rule step with ∂ξ/∂w = x·(y − t).
 *
 * The sample's width is not checked here (this is the per-sample hot path):
 * validate untrusted samples first ({@link checkSample}).
 *
 * @returns the sample's loss before the step
 * @example
 * ```ts
 * const m = createModel({ inputs: 2 });
 * learnOne(m, { x: [1, 0], t: 1 }, { schedule: { kind: 'constant', lr: 1 } }); // Math.LN2
 * m.weights; // Float64Array [0.5, 0]
 * ```
 */
export function learnOne(model: LogisticModel, sample: Sample, options: UpdateOptions): number {
  const x = sample.x;
  const d = model.weights.length;
  const z = logit(model, x);
  const g = logistic(z) - sample.t;
  const gw = scratch(d);
  for (let i = 0; i < d; i++) gw[i] = g * x[i]!;
  applyDeltaRule(model, gw, g, 1, options);
  return crossEntropyFromLogit(z, sample.t);
}

/**
 * Learns from a mini-batch: one delta-rule step with the batch's mean
 * gradient (or its sum, with `reduction: 'sum'`). A batch of one is exactly
 * {@link learnOne}. An empty batch takes no step.
 *
 * @returns the batch's mean loss before the step (NaN when empty)
 * @example
 * ```ts
 * learnMany(m, [{ x: [1, 0], t: 1 }, { x: [0, 1], t: 0 }], { schedule: { kind: 'constant', lr: 0.1 } });
 * ```
 */
export function learnMany(model: LogisticModel, batch: readonly Sample[], options: UpdateOptions): number {
  const n = batch.length;
  if (n === 0) return NaN;
  const d = model.weights.length;
  const gw = scratch(d);
  gw.fill(0, 0, d);
  let gb = 0;
  let loss = 0;
  for (let k = 0; k < n; k++) {
    const s = batch[k]!;
    const x = s.x;
    const z = logit(model, x);
    const g = logistic(z) - s.t;
    for (let i = 0; i < d; i++) gw[i] = gw[i]! + g * x[i]!;
    gb += g;
    loss += crossEntropyFromLogit(z, s.t);
  }
  if ((options.reduction ?? 'mean') === 'mean' && n > 1) {
    for (let i = 0; i < d; i++) gw[i] = gw[i]! / n;
    gb /= n;
  }
  applyDeltaRule(model, gw, gb, n, options);
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
 * const m = createModel({ inputs: 2, init: [-4, -2] });
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
