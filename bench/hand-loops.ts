/**
 * The hand-written loops of `learner-throughput.ts`: the two baselines (the
 * per-sample delta rule and the mini-batch loop, each over `Float64Array`s
 * with one `Math.exp` and one `Math.log1p` per sample, as the core does), and
 * two ceilings: the same loops doing the extra work a case asks for (a
 * `Step`-shaped object for every sample or batch, with progressive scores,
 * handed to a subscriber that keeps it) with nothing else in the way: no
 * call per sample, no stream, the scores kept as plain running sums. A case
 * cannot be expected to beat its ceiling, so a ceiling below a target shows
 * what the target asks of the `Step`'s shape rather than of rxlogit's code.
 */

/** What every loop reads: `n` samples of two features, row-major, and their labels. */
export interface HandData {
  readonly n: number;
  readonly x: Float64Array;
  readonly t: Uint8Array;
}

const LR = 0.05;
const BATCH = 64;
const WINDOW = 500;

/** Where the ceilings hand their steps: keeping the last one makes each step escape, as a real subscriber's would. */
let kept: unknown = null;
function subscriber(step: object): void {
  kept = step;
}

/** The hand-written per-sample delta rule with log loss over typed arrays: the baseline of the per-sample cases. */
export function handPerSample({ x, t, n }: HandData): number[] {
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  let loss = 0;
  for (let r = 0; r < n; r++) {
    const x0 = x[2 * r]!;
    const x1 = x[2 * r + 1]!;
    const label = t[r]!;
    const z = w0 * x0 + w1 * x1 + b;
    const e = Math.exp(z < 0 ? z : -z);
    const g = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
    const u = label === 1 ? -z : z;
    loss += (u > 0 ? u : 0) + Math.log1p(e);
    w0 -= LR * (g * x0);
    w1 -= LR * (g * x1);
    b -= LR * g;
  }
  if (Number.isNaN(loss)) throw new Error('NaN loss');
  return [w0, w1, b];
}

/** The hand-written mini-batch loop (batches of 64, mean gradient): the baseline of the mini-batch cases. */
export function handMiniBatch({ x, t, n }: HandData): number[] {
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  let loss = 0;
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(n, start + BATCH);
    let g0 = 0;
    let g1 = 0;
    let gb = 0;
    for (let r = start; r < end; r++) {
      const x0 = x[2 * r]!;
      const x1 = x[2 * r + 1]!;
      const label = t[r]!;
      const z = w0 * x0 + w1 * x1 + b;
      const e = Math.exp(z < 0 ? z : -z);
      const g = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
      const u = label === 1 ? -z : z;
      loss += (u > 0 ? u : 0) + Math.log1p(e);
      g0 += g * x0;
      g1 += g * x1;
      gb += g;
    }
    const k = end - start;
    w0 -= LR * (g0 / k);
    w1 -= LR * (g1 / k);
    b -= LR * (gb / k);
  }
  if (Number.isNaN(loss)) throw new Error('NaN loss');
  return [w0, w1, b];
}

/**
 * The ceiling of "a step for every sample": the hand per-sample loop that
 * also scores each sample (cumulative and rolling log loss and accuracy, as
 * plain running sums over rings of 500) and hands a plain object of a
 * `Step`'s fields (its weights copied, its metrics an object of their own)
 * to a subscriber after every sample.
 */
export function handPerSampleWithSteps({ x, t, n }: HandData): number[] {
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  const scores = new Scores();
  for (let r = 0; r < n; r++) {
    const x0 = x[2 * r]!;
    const x1 = x[2 * r + 1]!;
    const label = t[r]!;
    const z = w0 * x0 + w1 * x1 + b;
    const e = Math.exp(z < 0 ? z : -z);
    const g = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
    const u = label === 1 ? -z : z;
    const loss = (u > 0 ? u : 0) + Math.log1p(e);
    w0 -= LR * (g * x0);
    w1 -= LR * (g * x1);
    b -= LR * g;
    scores.add(loss, (z > 0 ? 1 : 0) === label ? 1 : 0);
    subscriber({ n: r + 1, loss, weights: [w0, w1], bias: b, version: r + 1, lr: LR, metrics: scores.metrics(), time: 1.7e12 + r });
  }
  if (kept === null) throw new Error('no step');
  return [w0, w1, b];
}

/** The ceiling of the mini-batch cases: the hand mini-batch loop that also scores every sample and hands a step to a subscriber after every batch. */
export function handMiniBatchWithSteps({ x, t, n }: HandData): number[] {
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  const scores = new Scores();
  for (let start = 0; start < n; start += BATCH) {
    const end = Math.min(n, start + BATCH);
    let g0 = 0;
    let g1 = 0;
    let gb = 0;
    let batchLoss = 0;
    for (let r = start; r < end; r++) {
      const x0 = x[2 * r]!;
      const x1 = x[2 * r + 1]!;
      const label = t[r]!;
      const z = w0 * x0 + w1 * x1 + b;
      const e = Math.exp(z < 0 ? z : -z);
      const g = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - label;
      const u = label === 1 ? -z : z;
      const loss = (u > 0 ? u : 0) + Math.log1p(e);
      batchLoss += loss;
      scores.add(loss, (z > 0 ? 1 : 0) === label ? 1 : 0);
      g0 += g * x0;
      g1 += g * x1;
      gb += g;
    }
    const k = end - start;
    w0 -= LR * (g0 / k);
    w1 -= LR * (g1 / k);
    b -= LR * (gb / k);
    subscriber({ n: end, loss: batchLoss / k, weights: [w0, w1], bias: b, version: end / BATCH, lr: LR, metrics: scores.metrics(), time: 1.7e12 + end });
  }
  if (kept === null) throw new Error('no step');
  return [w0, w1, b];
}

/** Progressive scores as plain running sums: the least a step's metrics can cost. */
class Scores {
  private n = 0;
  private lossSum = 0;
  private correct = 0;
  private rollingLoss = 0;
  private rollingCorrect = 0;
  private slot = 0;
  private readonly losses = new Float64Array(WINDOW);
  private readonly hits = new Uint8Array(WINDOW);

  add(loss: number, hit: number): void {
    const s = this.slot;
    this.n++;
    this.lossSum += loss;
    this.correct += hit;
    this.rollingLoss += loss - this.losses[s]!;
    this.rollingCorrect += hit - this.hits[s]!;
    this.losses[s] = loss;
    this.hits[s] = hit;
    this.slot = s + 1 === WINDOW ? 0 : s + 1;
  }

  metrics(): { n: number; logLoss: number; accuracy: number; rollingLogLoss: number; rollingAccuracy: number } {
    const n = this.n;
    const w = n < WINDOW ? n : WINDOW;
    return { n, logLoss: this.lossSum / n, accuracy: this.correct / n, rollingLogLoss: this.rollingLoss / w, rollingAccuracy: this.rollingCorrect / w };
  }
}
