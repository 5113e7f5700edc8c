import type { UpdateOptions } from './delta-rule.js';

/**
 * {@link UpdateOptions} flattened into plain numbers for the trainer's block
 * kernels, which read them into locals once per block: the schedule as a
 * code (0 constant, 1 inverse-scaling, 2 inverse-power) with its rate and
 * parameter, the L2 strength and whether a batch's gradient is averaged.
 *
 * @example
 * ```ts
 * stepRule({ schedule: { kind: 'inverse-scaling', lr: 0.5, decay: 0.01 } }); // { kind: 1, lr: 0.5, param: 0.01, l2: 0, mean: true }
 * ```
 */
export interface StepRule {
  /** 0 constant, 1 inverse-scaling, 2 inverse-power. */
  readonly kind: 0 | 1 | 2;
  /** The schedule's base rate. */
  readonly lr: number;
  /** The schedule's decay (inverse-scaling) or power (inverse-power); 0 for a constant rate. */
  readonly param: number;
  /** L2 strength λ (0: none). */
  readonly l2: number;
  /** Whether a batch's summed gradient is divided by its size (reduction `'mean'`). */
  readonly mean: boolean;
}

/**
 * The {@link StepRule} of some update options (done once per schedule, not per step).
 *
 * @example
 * ```ts
 * stepRule({ schedule: { kind: 'constant', lr: 0.1 }, l2: 0.01 }).l2; // 0.01
 * ```
 */
export function stepRule(update: UpdateOptions): StepRule {
  const s = update.schedule;
  const l2 = update.l2 ?? 0;
  const mean = (update.reduction ?? 'mean') === 'mean';
  if (s.kind === 'constant') return { kind: 0, lr: s.lr, param: 0, l2, mean };
  if (s.kind === 'inverse-scaling') return { kind: 1, lr: s.lr, param: s.decay, l2, mean };
  return { kind: 2, lr: s.lr, param: s.power, l2, mean };
}

/**
 * μ at step k: the same operations, in the same order, as `learningRateAt`
 * (so the same bits), small enough for V8 to inline into a kernel's loop.
 *
 * @example
 * ```ts
 * rateAt(stepRule({ schedule: { kind: 'inverse-scaling', lr: 0.1, decay: 1 } }), 1); // 0.05
 * ```
 */
export function rateAt(rule: StepRule, k: number): number {
  const kind = rule.kind;
  return kind === 0 ? rule.lr : kind === 1 ? rule.lr / (1 + rule.param * k) : rule.lr / Math.pow(k + 1, rule.param);
}
