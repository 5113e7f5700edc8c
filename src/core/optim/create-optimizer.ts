import { validateSchedule } from '../learning-rate-schedule.js';
import { AdaGradOptimizer } from './adagrad.js';
import { FtrlProximalOptimizer } from './ftrl-proximal.js';
import type { Optimizer, OptimizerConfig, OptimizerOptions } from './optimizer.js';
import { SgdOptimizer } from './sgd.js';

/**
 * The optimizer a configuration names, sized for a model of `dimension` weights.
 *
 * @throws RangeError naming the bad option (a negative L2, a non-constant schedule for FTRL, an unknown kind)
 * @example
 * ```ts
 * const opt = createOptimizer({ kind: 'ftrl', l1: 1 }, { schedule: { kind: 'constant', lr: 0.1 } }, 1 << 18);
 * ```
 */
export function createOptimizer(config: OptimizerConfig, options: OptimizerOptions, dimension: number): Optimizer {
  validateSchedule(options.schedule);
  const l2 = options.l2 ?? 0;
  if (!Number.isFinite(l2) || l2 < 0) throw new RangeError(`l2 must be a finite number ≥ 0, got ${String(l2)}`);
  switch (config.kind) {
    case 'sgd':
      return new SgdOptimizer(options);
    case 'adagrad':
      return new AdaGradOptimizer(options, dimension, config.epsilon);
    case 'ftrl':
      return new FtrlProximalOptimizer(options, dimension, { ...(config.beta !== undefined && { beta: config.beta }), ...(config.l1 !== undefined && { l1: config.l1 }) });
    default:
      throw new RangeError(`unknown optimizer kind: ${String((config as { kind: unknown }).kind)}`);
  }
}
