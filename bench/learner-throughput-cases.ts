/**
 * The cases of `learner-throughput.ts`: each learns the same N in-memory
 * samples (two inputs, seeded Gaussian classes) once and returns the final
 * weights and bias. Every case names its baseline: a hand-written loop over
 * the same `Float64Array`s with one `Math.exp` and one `Math.log1p` per
 * sample, as the core does, per sample or per mini-batch of 64.
 */
import { from } from 'rxjs';
import type { Observable } from 'rxjs';
import { blockFromSamples } from '../src/core/index.js';
import type { Sample, SampleBlock } from '../src/core/index.js';
import { Trainer } from '../src/core/index.js';
import { gaussianClasses } from '../src/data/gaussian-classes.js';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { batchByCount } from '../src/stream/operators/batch-by-count.js';
import { learnBatches } from '../src/stream/operators/learn-batches.js';
import { learnEach } from '../src/stream/operators/learn-each.js';
import { handMiniBatch, handPerSample, handPerSampleWithSteps } from './hand-loops.js';

const LR = 0.05;
const SCHEDULE = { kind: 'constant', lr: LR } as const;
const BLOCK = 1024;
const BATCH = 64;

/** The data every case learns from, in each shape a source may emit. */
export interface Data {
  readonly n: number;
  readonly samples: Sample[];
  readonly blocks: SampleBlock[];
  /** The same samples as plain objects in arrays of 1,024, as untrusted JSON would give them. */
  readonly raw: unknown[][];
  readonly x: Float64Array;
  readonly t: Uint8Array;
}

/** A case: what it runs, its baseline, its target ratio (if the issue sets one), whether it must end on the baseline's weights. */
export interface BenchCase {
  readonly run: (data: Data) => number[];
  readonly baseline: 'hand per-sample loop' | 'hand mini-batch loop' | null;
  readonly target: number | null;
  readonly sameWeightsAs: string | null;
  /** The bare core doing the same work (no stream): the ratio to it is what the stream layer costs. */
  readonly core?: string;
  /** A hand loop doing this case's extra work with nothing else in the way (see `hand-loops.ts`): a reference for what that work costs. */
  readonly ceiling?: string;
}

export const CASES: Record<string, BenchCase> = {
  'hand per-sample loop': { baseline: null, target: null, sameWeightsAs: null, run: handPerSample },
  'hand mini-batch loop': { baseline: null, target: null, sameWeightsAs: null, run: handMiniBatch },
  'ceiling: hand per-sample loop + a Step for every sample': { baseline: 'hand per-sample loop', target: null, sameWeightsAs: 'hand per-sample loop', run: handPerSampleWithSteps },
  'core Trainer.learn(block), no stream': {
    baseline: 'hand per-sample loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ blocks }) => {
      const trainer = new Trainer({ inputs: 2, schedule: SCHEDULE });
      for (const block of blocks) trainer.learn(block);
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'core Trainer.learnOne per sample, no stream': {
    baseline: 'hand per-sample loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ samples }) => {
      const trainer = new Trainer({ inputs: 2, schedule: SCHEDULE });
      for (let i = 0; i < samples.length; i++) trainer.learnOne(samples[i]!);
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'core Trainer.learn(block) + step() per sample, no stream': {
    baseline: 'hand per-sample loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ blocks }) => {
      const trainer = new Trainer({ inputs: 2, schedule: SCHEDULE });
      let sink = 0;
      for (const block of blocks) {
        for (let r = 0; r < block.length; r++) {
          trainer.learnBlock(block, r, r + 1);
          sink += trainer.step(0).n;
        }
      }
      if (sink === 0) throw new Error('no steps');
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'core Trainer.learnBlockWithSteps (a step per row), no stream': {
    baseline: 'hand per-sample loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ blocks }) => {
      const trainer = new Trainer({ inputs: 2, schedule: SCHEDULE });
      // What learnEach does for a step per sample: a clock read per step, a subscriber that keeps nothing.
      const clock = { now: (): number => 0 };
      const sink = { closed: false, steps: 0, next(): void { this.steps++; } };
      for (const block of blocks) trainer.learnBlockWithSteps(block, clock, sink);
      if (sink.steps === 0) throw new Error('no steps');
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'core Trainer minibatch 64, learn(block), no stream': {
    baseline: 'hand mini-batch loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, mini-batches of 64, blocks of 1,024',
    run: ({ blocks }) => {
      const trainer = new Trainer({ inputs: 2, mode: 'minibatch', batchSize: BATCH, schedule: SCHEDULE });
      for (const block of blocks) trainer.learn(block);
      trainer.flush();
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'core Trainer minibatch 64, learn(block) + step() per batch, no stream': {
    baseline: 'hand mini-batch loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, mini-batches of 64, blocks of 1,024',
    run: ({ blocks }) => {
      const trainer = new Trainer({ inputs: 2, mode: 'minibatch', batchSize: BATCH, schedule: SCHEDULE });
      let sink = 0;
      for (const block of blocks) {
        for (let r = 0; r < block.length; r += BATCH) {
          trainer.batchBlock(block, r, Math.min(block.length, r + BATCH));
          if (trainer.pendingSamples === 0) sink += trainer.step(0).n;
        }
      }
      trainer.flush();
      if (sink === 0) throw new Error('no steps');
      return [...trainer.model.weights, trainer.model.bias];
    },
  },
  'OnlineLearner, blocks of 1,024, a step every 1,000': {
    core: 'core Trainer.learn(block), no stream',
    baseline: 'hand per-sample loop',
    target: 0.95,
    sameWeightsAs: null,
    run: ({ blocks, n }) => learner(from(blocks), { trusted: true }, 'sample', n),
  },
  'learnEach, one sample per next, a step every 1,000': {
    core: 'core Trainer.learnOne per sample, no stream',
    baseline: 'hand per-sample loop',
    target: 0.8,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ samples, n }) => operator(from(samples), (t) => learnEach(t, { emitEvery: { samples: 1000 } }), n),
  },
  'learnEach, blocks of 1,024, a step for every sample to one subscriber': {
    ceiling: 'ceiling: hand per-sample loop + a Step for every sample',
    core: 'core Trainer.learnBlockWithSteps (a step per row), no stream',
    baseline: 'hand per-sample loop',
    target: 0.5,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ blocks, n }) => operator(from(blocks), (t) => learnEach(t), n),
  },
  'mini-batches of 64 from blocks of 1,024 (batchByCount + learnBatches)': {
    core: 'core Trainer minibatch 64, learn(block) + step() per batch, no stream',
    baseline: 'hand mini-batch loop',
    target: 0.8,
    sameWeightsAs: 'OnlineLearner, mini-batches of 64, blocks of 1,024',
    run: ({ blocks, n }) => operator(from(blocks), (t) => (s) => s.pipe(batchByCount(BATCH), learnBatches(t)), n),
  },
  'OnlineLearner, mini-batches of 64, blocks of 1,024': {
    core: 'core Trainer minibatch 64, learn(block) + step() per batch, no stream',
    baseline: 'hand mini-batch loop',
    target: 0.8,
    sameWeightsAs: null,
    run: ({ blocks, n }) => learner(from(blocks), { trusted: true }, 'minibatch', n),
  },
  'OnlineLearner, untrusted blocks of 1,024 (every value checked)': {
    core: 'core Trainer.learn(block), no stream',
    baseline: 'hand per-sample loop',
    target: 0.7,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ blocks, n }) => learner(from(blocks), {}, 'sample', n),
  },
  'OnlineLearner, untrusted plain objects in arrays of 1,024': {
    baseline: 'hand per-sample loop',
    target: null,
    sameWeightsAs: 'OnlineLearner, blocks of 1,024, a step every 1,000',
    run: ({ raw, n }) => learner(from(raw), {}, 'sample', n),
  },
};

/** The case names, baselines first. */
export function caseNames(): string[] {
  return Object.keys(CASES);
}

const cache = new Map<number, Data>();
function data(n: number): Data {
  let d = cache.get(n);
  if (d === undefined) {
    const samples = gaussianClasses({ seed: 'bench', count: n });
    const all = blockFromSamples(samples);
    const blocks: SampleBlock[] = [];
    for (let i = 0; i < n; i += BLOCK) blocks.push(blockFromSamples(samples.slice(i, i + BLOCK)));
    let raw: unknown[][] | undefined;
    d = {
      n,
      samples,
      blocks,
      // Built on first use: a million objects take a while, and only one case reads them.
      get raw(): unknown[][] {
        if (raw === undefined) {
          raw = [];
          for (let i = 0; i < n; i += BLOCK) raw.push(samples.slice(i, i + BLOCK).map((s) => ({ x: [...s.x], t: s.t })));
        }
        return raw;
      },
      x: all.x,
      t: all.t,
    };
    cache.set(n, d);
  }
  return d;
}

/**
 * Runs a case `warm` times untimed, then `timed` times; returns the fastest timed pass (wall clock), the
 * least CPU time of a timed pass (this process's user + system time: less sensitive to other work
 * on a busy machine, though it includes the GC's helper threads) and the final weights.
 *
 * @example
 * ```ts
 * timeCase('hand per-sample loop', 1_000_000, 2, 3); // { ms: 52.1, cpuMs: 52.3, final: [...] }
 * ```
 */
export function timeCase(name: string, n: number, warm: number, timed: number): { ms: number; cpuMs: number; final: number[] } {
  const c = CASES[name];
  if (c === undefined) throw new Error(`unknown case "${name}"; cases: ${caseNames().join(' | ')}`);
  const d = data(n);
  let final: number[] = [];
  for (let i = 0; i < warm; i++) c.run(d);
  let best = Infinity;
  let bestCpu = Infinity;
  for (let i = 0; i < timed; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    final = c.run(d);
    best = Math.min(best, performance.now() - t0);
    const cpu = process.cpuUsage(c0);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
    if (final.some((w) => !Number.isFinite(w))) throw new Error(`${name}: non-finite weights`);
  }
  return { ms: best, cpuMs: bestCpu, final };
}

function operator<In>(source: Observable<In>, op: (t: Trainer) => (s: Observable<In>) => Observable<unknown>, n: number): number[] {
  const trainer = new Trainer({ inputs: 2, schedule: SCHEDULE });
  let steps = 0;
  source.pipe(op(trainer)).subscribe(() => steps++);
  if (steps === 0 || trainer.model.seen !== n) throw new Error(`the case learned ${trainer.model.seen} of ${n} samples`);
  return [...trainer.model.weights, trainer.model.bias];
}

function learner(source: Observable<unknown>, options: { trusted?: boolean }, mode: 'sample' | 'minibatch', n: number): number[] {
  const l = new OnlineLearner({ inputs: 2, mode, batchSize: BATCH, schedule: SCHEDULE, emitEvery: mode === 'sample' ? { samples: 1000 } : { samples: BATCH } });
  let steps = 0;
  l.steps$.subscribe(() => steps++);
  l.learnFrom(source, options);
  const step = l.currentStep();
  if (steps < 2 || step.n !== n) throw new Error(`the learner learned ${step.n} of ${n} samples`);
  return [...step.weights, step.bias ?? 0];
}
