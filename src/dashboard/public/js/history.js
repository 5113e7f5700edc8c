// @ts-check
import { BoundedSeries } from './bounded-series.js';

/** @typedef {import('./messages.js').Step} Step */

/**
 * What the page remembers of the run, all bounded: the loss curve (n, loss,
 * rolling accuracy), the weights' path (w1, w2) and the latest step. A step
 * whose `n` goes backwards means the model was reset: the history starts over.
 *
 * @example
 * const h = new History();
 * h.addStep(readStep({ n: 1, loss: 0.69, weights: [0.1, 0.2] }));
 * h.loss.length; // → 1
 */
export class History {
  /**
   * @param {object} [o]
   * @param {number} [o.maxLossPoints] - default 3000
   * @param {number} [o.maxPathPoints] - default 2000
   */
  constructor(o = {}) {
    this.loss = new BoundedSeries(['n', 'loss', 'acc'], o.maxLossPoints ?? 3000);
    this.path = new BoundedSeries(['n', 'w1', 'w2'], o.maxPathPoints ?? 2000);
    /** @type {Step | null} */
    this.lastStep = null;
  }

  /** Forgets everything (a new snapshot, or a reset). */
  clear() {
    this.loss.clear();
    this.path.clear();
    this.lastStep = null;
  }

  /**
   * Takes in a snapshot's steps. When they continue the run already drawn
   * (a reconnection: no n or version went backwards), the older points the
   * snapshot no longer holds are kept; otherwise the history starts over.
   * @param {Step[]} steps - oldest first
   * @returns {'merged' | 'replaced'}
   */
  loadSnapshot(steps) {
    const first = steps[0];
    const last = steps[steps.length - 1];
    const ours = this.lastStep;
    const continues =
      first !== undefined && last !== undefined && ours !== null && last.n >= ours.n &&
      (last.version === null || ours.version === null || last.version >= ours.version);
    if (continues) {
      this.loss.keepBefore('n', first.n);
      this.path.keepBefore('n', first.n);
    } else {
      this.clear();
    }
    for (const step of steps) this.addStep(step);
    return continues ? 'merged' : 'replaced';
  }

  /**
   * Records one step.
   * @param {Step} step
   * @returns {'added' | 'replaced' | 'restarted'} what happened to the curve
   */
  addStep(step) {
    const lastN = this.loss.last('n');
    let outcome = /** @type {'added' | 'replaced' | 'restarted'} */ ('added');
    if (lastN !== null && step.n < lastN) {
      this.loss.clear();
      this.path.clear();
      outcome = 'restarted';
    }
    const lossRow = { n: step.n, loss: step.loss, acc: step.rollingAccuracy };
    const w1 = step.weights[0] ?? null;
    const w2 = step.weights[1] ?? null;
    if (outcome !== 'restarted' && lastN !== null && step.n === lastN) {
      this.loss.replaceLast(lossRow);
      if (this.path.length > 0) this.path.replaceLast({ n: step.n, w1, w2 });
      outcome = 'replaced';
    } else {
      this.loss.push(lossRow);
      if (step.weights.length >= 2) this.path.push({ n: step.n, w1, w2 });
    }
    this.lastStep = step;
    return outcome;
  }

  /**
   * The live boundary w₁·x₁ + w₂·x₂ + b = 0 from the latest step, or null without two finite weights.
   * @returns {{ w1: number, w2: number, b: number } | null}
   */
  boundary() {
    const s = this.lastStep;
    const w1 = s?.weights[0];
    const w2 = s?.weights[1];
    if (typeof w1 !== 'number' || typeof w2 !== 'number') return null;
    return { w1, w2, b: s?.bias ?? 0 };
  }
}
