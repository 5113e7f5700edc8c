/**
 * The cases of `learner-throughput.ts`: each learns the same N in-memory
 * samples once and returns the final weights and bias.
 */
import { from } from 'rxjs';
import type { Observable } from 'rxjs';
import { createModel, learnOne } from '../src/core/index.js';
import type { Sample } from '../src/core/index.js';
import { gaussianClasses } from '../src/data/gaussian-classes.js';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { batchByCount } from '../src/stream/operators/batch-by-count.js';
import { learnBatches } from '../src/stream/operators/learn-batches.js';
import { learnEach } from '../src/stream/operators/learn-each.js';
import { Trainer } from '../src/core/index.js';

const LR = 0.05;
// The same shape as the Trainer's update options, so learnOne's property lookups see one shape.
const options = { schedule: { kind: 'constant', lr: LR } as const, l2: 0, reduction: 'mean' as const };
const CHUNK = 1024;

interface Data {
  samples: Sample[];
  chunks: Sample[][];
}

/** A case: what it runs, its target ratio to the baseline (if any), whether it learns per sample (so its weights must equal the baseline's). */
export interface BenchCase {
  run: (data: Data) => number[];
  target: number | null;
  perSample: boolean;
}

export const CASES: Record<string, BenchCase> = {
  'baseline: core learnOne loop': {
    target: null,
    perSample: true,
    run: ({ samples }) => {
      const m = createModel({ inputs: 2, bias: true });
      // The losses are summed as the hand loop sums them: left unused, V8 would drop their Math.log1p.
      let loss = 0;
      for (let i = 0; i < samples.length; i++) loss += learnOne(m, samples[i]!, options);
      if (Number.isNaN(loss)) throw new Error('NaN loss');
      return [...m.weights, m.bias];
    },
  },
  'reference: hand-inlined loop': {
    target: null,
    perSample: true,
    run: ({ samples }) => {
      const w = new Float64Array(2);
      let b = 0;
      let loss = 0;
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i]!;
        const x = s.x;
        const z = w[0]! * x[0]! + w[1]! * x[1]! + b;
        const y = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        const g = y - s.t;
        const u = s.t === 1 ? -z : z;
        loss += (u > 0 ? u : 0) + Math.log1p(Math.exp(-(u < 0 ? -u : u)));
        w[0] = w[0]! - LR * (g * x[0]!);
        w[1] = w[1]! - LR * (g * x[1]!);
        b -= LR * g;
      }
      if (Number.isNaN(loss)) throw new Error('NaN loss');
      return [w[0]!, w[1]!, b];
    },
  },
  'reference: hand-inlined loop, one Math.exp': {
    // What the core computes since it shares one e^(−|z|) between the logistic and the loss:
    // shows how much of the ratios below comes from that (the baseline above keeps the plain formulas).
    target: null,
    perSample: true,
    run: ({ samples }) => {
      const w = new Float64Array(2);
      let b = 0;
      let loss = 0;
      for (let i = 0; i < samples.length; i++) {
        const s = samples[i]!;
        const x = s.x;
        const t = s.t;
        const z = w[0]! * x[0]! + w[1]! * x[1]! + b;
        const e = Math.exp(z < 0 ? z : -z);
        const g = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
        const u = t === 1 ? -z : z;
        loss += (u > 0 ? u : 0) + Math.log1p(e);
        w[0] = w[0]! - LR * (g * x[0]!);
        w[1] = w[1]! - LR * (g * x[1]!);
        b -= LR * g;
      }
      if (Number.isNaN(loss)) throw new Error('NaN loss');
      return [w[0]!, w[1]!, b];
    },
  },
  'learnEach, step every 1000': { target: 0.9, perSample: true, run: ({ samples }) => operator(from(samples), (t) => learnEach(t, { emitEvery: { samples: 1000 } }), samples.length) },
  'learnEach, step every 1000, chunks of 1024': { target: 0.9, perSample: true, run: ({ chunks, samples: all }) => operator(from(chunks), (t) => learnEach(t, { emitEvery: { samples: 1000 } }), all.length) },
  'learnEach, step every sample': { target: 0.5, perSample: true, run: ({ samples }) => operator(from(samples), (t) => learnEach(t), samples.length) },
  'learnEach, step every sample, chunks of 1024': { target: 0.5, perSample: true, run: ({ chunks, samples: all }) => operator(from(chunks), (t) => learnEach(t), all.length) },
  'mini-batches of 64': { target: 0.9, perSample: false, run: ({ samples }) => operator(from(samples), (t) => (s) => s.pipe(batchByCount(64), learnBatches(t)), samples.length) },
  'mini-batches of 64, chunks of 1024': { target: 0.9, perSample: false, run: ({ chunks, samples: all }) => operator(from(chunks), (t) => (s) => s.pipe(batchByCount(64), learnBatches(t)), all.length) },
  'OnlineLearner, trusted chunks, step every 1000': { target: null, perSample: true, run: ({ chunks, samples: all }) => learner(from(chunks), true, 'sample', all.length) },
  'OnlineLearner, untrusted samples, step every 1000': { target: null, perSample: true, run: ({ samples }) => learner(from(samples), false, 'sample', samples.length) },
  'OnlineLearner, mini-batches of 64, trusted chunks': { target: null, perSample: false, run: ({ chunks, samples: all }) => learner(from(chunks), true, 'minibatch', all.length) },
};

/** The case names, the baseline first and the hand-inlined reference second. */
export function caseNames(): string[] {
  return Object.keys(CASES);
}

const cache = new Map<number, Data>();
function data(n: number): Data {
  let d = cache.get(n);
  if (d === undefined) {
    const samples = gaussianClasses({ seed: 'bench', count: n });
    const chunks: Sample[][] = [];
    for (let i = 0; i < n; i += CHUNK) chunks.push(samples.slice(i, i + CHUNK));
    d = { samples, chunks };
    cache.set(n, d);
  }
  return d;
}

/**
 * Runs a case `warm` times untimed, then `timed` times; returns the fastest timed pass and the final weights.
 *
 * @example
 * ```ts
 * timeCase('learnEach, step every 1000', 1_000_000, 2, 3); // { ms: 81.2, final: [...] }
 * ```
 */
export function timeCase(name: string, n: number, warm: number, timed: number): { ms: number; final: number[] } {
  const c = CASES[name];
  if (c === undefined) throw new Error(`unknown case "${name}"; cases: ${caseNames().join(' | ')}`);
  const d = data(n);
  let final: number[] = [];
  for (let i = 0; i < warm; i++) c.run(d);
  let best = Infinity;
  for (let i = 0; i < timed; i++) {
    const t0 = performance.now();
    final = c.run(d);
    best = Math.min(best, performance.now() - t0);
    if (c.perSample && final.some((w) => !Number.isFinite(w))) throw new Error(`${name}: non-finite weights`);
  }
  return { ms: best, final };
}

function operator<In>(source: Observable<In>, op: (t: Trainer) => (s: Observable<In>) => Observable<unknown>, n: number): number[] {
  const trainer = new Trainer({ inputs: 2, schedule: options.schedule });
  let steps = 0;
  source.pipe(op(trainer)).subscribe(() => steps++);
  if (steps === 0 || trainer.model.seen !== n) throw new Error(`the case learned ${trainer.model.seen} of ${n} samples`);
  return [...trainer.model.weights, trainer.model.bias];
}

function learner(source: Observable<unknown>, trusted: boolean, mode: 'sample' | 'minibatch', n: number): number[] {
  const l = new OnlineLearner({ inputs: 2, mode, batchSize: 64, schedule: options.schedule, emitEvery: mode === 'sample' ? { samples: 1000 } : { samples: 64 } });
  let steps = 0;
  l.steps$.subscribe(() => steps++);
  l.learnFrom(source, { trusted, endWithSource: true });
  const step = l.currentStep();
  if (steps < 2 || step.n !== n) throw new Error(`the learner learned ${step.n} of ${n} samples`);
  return [...step.weights, step.bias ?? 0];
}
