import { logisticFromExp } from './logistic.js';
import { crossEntropyFromExp } from './loss.js';
import { logitAt } from './model.js';
import { classOfLogit } from './predicted-class.js';
import type { Metrics } from './metrics/progressive-metrics.js';
import type { Label } from './sample.js';
import type { SampleBlock } from './sample-block.js';
import type { ScoringStepper } from './scoring-stepper.js';
import type { Step } from './step.js';
import { rateAt } from './step-rule.js';
import type { Trainer } from './trainer.js';

/**
 * Where the steps of {@link learnRowsWithSteps} go: an RxJS `Subscriber<Step>` is one (the core
 * imports no RxJS). No step is built once `closed` is true.
 *
 * @example
 * ```ts
 * const sink: StepSink = { closed: false, next: (step) => console.log(step.n) };
 * ```
 */
export interface StepSink {
  readonly closed: boolean;
  next(step: Step): void;
}

/**
 * The clock that stamps each step's `time` (the stream layer's `StepClock` is one).
 *
 * @example
 * ```ts
 * const clock: StepTimer = { now: () => Date.now() };
 * ```
 */
export interface StepTimer {
  now(): number;
}

/**
 * Learns rows `start … end − 1` of a block one step per row, handing a
 * {@link Step} to `sink` after every row: the steps, weights, counts, loss
 * and scores are bit for bit those of `trainer.learnBlock(block, r, r + 1)`
 * then `trainer.step(clock.now())` for each row, but the row's step, its
 * scores and its `Step` are one body that V8 compiles as one: the scores'
 * common path is written out in the loop (reading and writing the
 * `ProgressiveMetrics` state directly; `record` and `get` take the rare
 * rows), so that every call left in the loop, the sink's `next` included,
 * fits V8's inlining budget. Two inputs get that body; other widths the
 * trainer's own calls.
 *
 * Each row reads the model, the schedule and the scores afresh and writes
 * them back before its step is emitted, so a subscriber may re-enter the
 * trainer (reset it, switch its schedule, learn, read the model). Stops
 * before a row when the sink is closed. The block's width is the caller's to
 * check (`Trainer.learnBlockWithSteps` does).
 *
 * @returns the rows learned
 * @example
 * ```ts
 * learnRowsWithSteps(trainer, stepper, block, 0, block.length, clock, subscriber);
 * ```
 */
export function learnRowsWithSteps(trainer: Trainer, stepper: ScoringStepper, block: SampleBlock, start: number, end: number, clock: StepTimer, sink: StepSink): number {
  let r = start;
  if (block.width !== 2) {
    for (; r < end && !sink.closed; r++) {
      trainer.learnBlock(block, r, r + 1);
      sink.next(trainer.step(clock.now()));
    }
    return r - start;
  }
  const x = block.x;
  const t = block.t;
  for (; r < end && !sink.closed; r++) {
    // The row of `perSampleRow` (the same operations in the same order), the model read afresh.
    const model = stepper.model;
    const rule = stepper.rule;
    const l2 = rule.l2;
    const w = model.weights;
    const o = 2 * r;
    const x0 = x[o]!;
    const x1 = x[o + 1]!;
    const label = t[r] as Label;
    const w0 = w[0]!;
    const w1 = w[1]!;
    const b = model.bias;
    let z = b + w0 * x0 + w1 * x1;
    if (z - z !== 0) z = logitAt(model, x, o);
    const e = Math.exp(z < 0 ? z : -z);
    const g = logisticFromExp(z, e) - label;
    const updates = model.updates;
    const mu = rateAt(rule, updates);
    const n0 = l2 === 0 ? w0 - mu * (g * x0) : w0 - mu * (g * x0 + l2 * w0);
    const n1 = l2 === 0 ? w1 - mu * (g * x1) : w1 - mu * (g * x1 + l2 * w1);
    const nb = model.useBias ? b - mu * g : b;
    // The weights and bias after the step, kept for the Step (no second read of the model).
    let v0 = w0;
    let v1 = w1;
    let vb = b;
    if (n0 * 0 + n1 * 0 + nb * 0 === 0) {
      w[0] = v0 = n0;
      w[1] = v1 = n1;
      model.bias = vb = nb;
      model.updates = updates + 1;
    } else model.refused++;
    const n = ++model.seen;
    const loss = crossEntropyFromExp(z, label, e);
    const hit = classOfLogit(z) === label;
    // The row's scores, bit for bit `scores.record(loss, hit)` then `scores.get()`: the common path
    // written out here, where it takes none of V8's budget for inlining calls into this loop (the
    // sink's `next` needs it), and where a score is never a call's boxed double. The row goes into
    // both rings at one slot, its loss into its lane of the rolling sum as `RollingMean`'s catch-up
    // adds it; the rings' cached reads are left stale (a `get` reads the same numbers afresh).
    const scores = stepper.metrics;
    const rolling = scores.rollingLoss;
    const total = rolling.total;
    const window = rolling.window;
    const sums = scores.lossSum;
    const sum = sums.sum + loss;
    let seen: number;
    let right: number;
    let logLoss: number;
    let rollingLogLoss: number;
    let rollingAccuracy: number;
    // Rare: the lanes behind the ring (rows learned another way), a fresh sum due (every `window`
    // changes), a scaled or overflowing loss sum. The `+` keeps each score an unboxed double.
    if (rolling.synced !== total || rolling.drift + 1 >= window || sums.scale !== 1 || sum === Infinity) {
      scores.record(loss, hit);
      seen = scores.count;
      right = scores.correct;
      logLoss = +sums.mean(seen);
      rollingLogLoss = +rolling.get();
      rollingAccuracy = +scores.rollingCorrect.get();
    } else {
      seen = ++scores.count;
      right = scores.correct += hit ? 1 : 0;
      sums.sum = sum;
      logLoss = sum / seen;
      const ring = rolling.ring;
      const pos = rolling.pos;
      // The slot of value number total − window, leaving the window, in both rings (2·window slots).
      const out = pos < window ? pos + window : pos - window;
      const lanes = rolling.lanes;
      const lane = total & 3;
      lanes[lane] = total < window ? lanes[lane]! + loss : lanes[lane]! + loss - ring[out]!;
      ring[pos] = loss;
      const counts = scores.rollingCorrect;
      const hits = counts.ring;
      hits[pos] = right;
      const next = total + 1;
      rolling.pos = rolling.enter = counts.pos = pos + 1 === ring.length ? 0 : pos + 1;
      rolling.leave = out + 1 === ring.length ? 0 : out + 1;
      rolling.total = rolling.synced = counts.total = next;
      rolling.drift++;
      const count = next < window ? next : window;
      const mean = (lanes[0]! + lanes[1]! + (lanes[2]! + lanes[3]!)) / count;
      rollingLogLoss = mean - mean === 0 ? mean : +rolling.overflowedMean(count);
      rollingAccuracy = (right - (total < window ? counts.base : hits[out]!)) / count;
    }
    const metrics: Metrics = { n: seen, logLoss, accuracy: right / seen, rollingLogLoss, rollingAccuracy };
    trainer.lastLoss = loss;
    const version = ++trainer.version;
    // What `Trainer.step` reports, from the state just written back.
    const lr = rule.kind === 0 ? rule.lr : trainer.learningRate;
    const step: Step = { n, loss: Number.isNaN(loss) ? null : loss, weights: [v0, v1], bias: model.useBias ? vb : null, version, lr, metrics, time: clock.now() };
    sink.next(step);
  }
  return r - start;
}
