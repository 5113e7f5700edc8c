/**
 * The hand-written loops of `learner-throughput.ts`: the two baselines (the
 * per-sample delta rule and the mini-batch loop, each over `Float64Array`s
 * with one `Math.exp` and one `Math.log1p` per sample, as the core does), and
 * the ceiling of a step for every sample: the per-sample loop doing the extra
 * work that case asks for (a `Step`-shaped object with progressive scores
 * after every sample, handed to a subscriber that keeps it) with nothing else
 * in the way: no call per sample, no stream, the scores kept as running sums
 * in locals. It was meant as a bound; since the product scores each row in
 * its loop body too, it runs above it (docs/benchmarks.md, run I: 0.62
 * against 0.56), so read it as a reference for what building the `Step`
 * costs, not as a limit. (A mini-batch ceiling built the same way ran
 * slower than rxlogit's mini-batch kernel, which defers the rolling sums to the
 * read: there the kernel is the tighter loop, so there is no ceiling to show.)
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

/** Where the ceiling hands its steps: keeping the last one makes each step escape, as a real subscriber's would. */
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
 * running sums in locals over rings of 500) and hands a plain object of a
 * `Step`'s fields (its weights copied, its metrics an object of their own)
 * to a subscriber after every sample.
 */
export function handPerSampleWithSteps({ x, t, n }: HandData): number[] {
  let w0 = 0;
  let w1 = 0;
  let b = 0;
  const losses = new Float64Array(WINDOW);
  const hits = new Uint8Array(WINDOW);
  let lossSum = 0;
  let correct = 0;
  let rollingLoss = 0;
  let rollingCorrect = 0;
  let slot = 0;
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
    const hit = (z > 0 ? 1 : 0) === label ? 1 : 0;
    lossSum += loss;
    correct += hit;
    rollingLoss += loss - losses[slot]!;
    rollingCorrect += hit - hits[slot]!;
    losses[slot] = loss;
    hits[slot] = hit;
    slot = slot + 1 === WINDOW ? 0 : slot + 1;
    const k = r + 1;
    const w = k < WINDOW ? k : WINDOW;
    const metrics = { n: k, logLoss: lossSum / k, accuracy: correct / k, rollingLogLoss: rollingLoss / w, rollingAccuracy: rollingCorrect / w };
    subscriber({ n: k, loss, weights: [w0, w1], bias: b, version: k, lr: LR, metrics, time: 1.7e12 + r });
  }
  if (kept === null) throw new Error('no step');
  return [w0, w1, b];
}
