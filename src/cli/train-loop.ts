/**
 * The loop behind `rxlogit train`: reads a sample file block by block and
 * hands each block to the core's {@link Trainer}, epoch after epoch, then
 * measures the final model's mean loss over the input.
 *
 * @module
 */
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type { Readable } from 'node:stream';
// Core files, not the core's index: the command loads only what it uses (start-up is part of its run time).
import { LossSum } from '../core/metrics/loss-sum.js';
import type { LogisticModel } from '../core/model.js';
import type { SampleBlock } from '../core/sample-block.js';
import { SampleBlockBuilder } from '../core/sample-block-builder.js';
import { Trainer } from '../core/trainer.js';
import { openSampleBytes, openSampleFile } from '../data/sample-file.js';
import { canReadInParallel, readBlocksInParallel } from '../data/read-blocks-in-parallel.js';
import { readSampleBlocks } from '../data/sample-lines.js';
import type { ReadSamplesOptions, SampleBlockChunk } from '../data/sample-lines.js';
import type { SampleParseError } from '../data/sample-validation.js';
import { UsageError } from './args.js';
import type { ProgressBar } from './progress-bar.js';
import type { TrainConfig } from './train-config.js';
import { TrainError } from './train-error.js';

export type { TrainConfig } from './train-config.js';

/** What {@link trainFromInput} returns. */
export interface TrainReport {
  /** The trained model. */
  readonly model: LogisticModel;
  /** The final model's mean cross-entropy over the input's valid samples. */
  readonly loss: number;
  /** Valid samples in the input. */
  readonly samples: number;
  /** Invalid lines skipped (with `skipInvalid`). */
  readonly invalidCount: number;
  /** The first few invalid lines. */
  readonly invalidLines: readonly SampleParseError[];
}

/** Where {@link trainFromInput} reads and reports. */
export interface TrainEnv {
  /** Read for input `-` (default `process.stdin`). */
  readonly stdin?: Readable;
  /** Shows reading progress (default none). */
  readonly progress?: ProgressBar;
  /** Memory for keeping the last epoch's blocks for the final loss (default {@link LOSS_CACHE_BYTES}). */
  readonly lossCacheBytes?: number;
}

/**
 * Memory the last epoch's blocks may take so that the final loss needs no
 * second read of the file: a quarter of the machine's memory, at most 2 GiB
 * (10 M samples of two features take 170 MB). Above it the file is read again.
 */
export const LOSS_CACHE_BYTES = Math.min(2 ** 31, Math.floor(totalmem() / 4));

/** How many invalid lines a report lists. */
const INVALID_LINES_KEPT = 5;

/**
 * Trains a model on a sample file or stdin.
 *
 * `sample` and `minibatch` modes stream the file once per epoch in file
 * order, handing each block to the trainer. The final loss is computed from
 * the last epoch's blocks when they fit in `lossCacheBytes`, else by reading
 * the file once more. `batch` mode, `shuffle` and stdin keep the samples in
 * memory (stdin cannot be read twice). A mini-batch never spans two epochs:
 * an epoch's last batch may be smaller.
 *
 * @throws SampleLineError at an invalid line (unless `skipInvalid`), SampleSourceError when the input cannot be read,
 *   TrainError for an input without samples or an `init` that does not fit
 * @example
 * ```ts
 * const { model, loss } = await trainFromInput({ input: 'train.jsonl', format: 'jsonl', mode: 'sample', batchSize: 32,
 *   schedule: { kind: 'constant', lr: 0.05 }, epochs: 1, bias: false, l2: 0, shuffle: false, seed: '1',
 *   reduction: 'mean', skipInvalid: false });
 * ```
 */
export async function trainFromInput(config: TrainConfig, env: TrainEnv = {}): Promise<TrainReport> {
  const run = new TrainRun(config, env);
  let loss: number;
  if (config.mode === 'batch' || config.shuffle || config.input === '-') {
    const all = new SampleBlockBuilder(1 << 16);
    await run.readPass('reading', true, (block) => all.append(block));
    const data = all.build();
    const trainer = run.trainer();
    // seedrandom is loaded only for --shuffle
    const shuffler = config.shuffle ? new (await import('./block-shuffler.js')).BlockShuffler(data, config.seed) : undefined;
    for (let epoch = 0; epoch < config.epochs; epoch++) {
      trainer.learn(shuffler?.next() ?? data);
      trainer.flush();
    }
    const sum = new LossSum();
    trainer.addLosses(data, sum);
    loss = sum.mean(data.length);
  } else {
    let cache: SampleBlock[] | undefined;
    const limit = env.lossCacheBytes ?? LOSS_CACHE_BYTES;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      let cached = 0;
      if (epoch === config.epochs) cache = [];
      await run.readPass(`epoch ${epoch}/${config.epochs}`, epoch === 1, (block) => {
        run.trainer().learn(block);
        if (cache === undefined) return;
        // The reader makes fresh arrays for every block: keeping them costs no copy.
        cached += block.x.buffer.byteLength + block.t.buffer.byteLength;
        if (cached > limit) cache = undefined;
        else cache.push(block);
      });
      run.trainer().flush();
    }
    // LossSum keeps the mean finite even when every loss is near MAX_VALUE (a plain sum would overflow).
    const sum = new LossSum();
    if (cache !== undefined) for (const block of cache) run.trainer().addLosses(block, sum);
    else await run.readPass('final loss', false, (block) => run.trainer().addLosses(block, sum));
    loss = sum.mean(run.samples);
  }
  return { model: run.trainer().model, loss, samples: run.samples, invalidCount: run.invalidCount, invalidLines: run.invalidLines };
}

/** The state of one `train` run: its trainer (made at the first sample, when the width is known) and its counts. */
class TrainRun {
  samples = 0;
  invalidCount = 0;
  readonly invalidLines: SampleParseError[] = [];
  private live: Trainer | undefined;

  constructor(
    private readonly config: TrainConfig,
    private readonly env: TrainEnv,
  ) {}

  trainer(): Trainer {
    if (this.live === undefined) throw new TrainError('no model: the input had no samples');
    return this.live;
  }

  /** Reads the input once, handing each non-empty block to `visit`. */
  async readPass(label: string, first: boolean, visit: (block: SampleBlock) => void): Promise<void> {
    const { config, env } = this;
    const inputs = this.live?.config.inputs ?? config.model?.weights.length; // the loaded model's width binds the input
    const width = inputs === undefined ? {} : { width: inputs };
    const maxLine = config.maxLineBytes === undefined ? {} : { maxLineBytes: config.maxLineBytes };
    const options = { format: config.format, skipInvalid: config.skipInvalid, ...maxLine, ...width };
    for await (const chunk of this.read(options)) {
      if (first) this.note(chunk.block.length, chunk.invalid);
      if (chunk.size !== undefined) env.progress?.update(chunk.bytesRead, chunk.size, label);
      if (chunk.block.length === 0) continue;
      this.live ??= newTrainer(config, chunk.block.width);
      visit(chunk.block);
    }
    env.progress?.clear();
    if (first && this.samples === 0) throw new TrainError(`${config.input === '-' ? 'standard input' : `"${config.input}"`} has no valid samples`);
  }

  /** The input's blocks: a file parsed on two threads (same blocks, errors and order as on one) when `threads` says so. */
  private async *read(options: ReadSamplesOptions): AsyncGenerator<SampleBlockChunk & { readonly size: number | undefined }> {
    const { config, env } = this;
    if (config.input !== '-') {
      const { chunks, size } = await openSampleBytes(config.input);
      const parallel = (config.threads === 'auto' || config.threads === undefined ? autoThreads() : config.threads) > 1 && canReadInParallel();
      for await (const chunk of parallel ? readBlocksInParallel(chunks, options) : readSampleBlocks(chunks, options)) yield { ...chunk, size };
      return;
    }
    const source = await openSampleFile(config.input, env.stdin === undefined ? {} : { stdin: env.stdin });
    for await (const chunk of readSampleBlocks(source.readable, options)) yield { ...chunk, size: source.size };
  }

  private note(count: number, invalid: readonly SampleParseError[]): void {
    this.samples += count;
    this.invalidCount += invalid.length;
    for (const e of invalid) if (this.invalidLines.length < INVALID_LINES_KEPT) this.invalidLines.push(e);
  }
}

/**
 * The threads `--threads auto` takes: 2 on a machine of 4 cores or more with
 * at least 2 idle (the cores Node may use, less the 1-minute load average),
 * else 1. A second thread costs about a third more CPU time in all (its
 * start, its own warm-up, the runs handed over) and competes with V8's own
 * compiler and GC threads: on 2 cores it lost in every run measured (loads
 * 3 to 13), so it is kept for machines with cores to spare.
 *
 * @example
 * ```ts
 * autoThreads(); // 2 on an idle 8-core machine, 1 on any 2-core machine
 * ```
 */
export function autoThreads(): 1 | 2 {
  const cores = availableParallelism();
  return cores >= 4 && cores - loadavg()[0]! >= 2 ? 2 : 1;
}

/** The trainer for samples of `width` features: from the loaded model, `--init`, or zeros. */
function newTrainer(config: TrainConfig, width: number): Trainer {
  const { mode, batchSize, schedule, l2, reduction, init, model } = config;
  const bias = model?.useBias ?? config.bias;
  const common = { inputs: width, bias, mode, batchSize, schedule, l2, reduction };
  if (model !== undefined) {
    if (model.weights.length !== width) throw new TrainError(`the loaded model has ${model.weights.length} inputs but the samples have ${width} features`);
    const trainer = new Trainer({ ...common, init: Array.from(model.weights), initBias: model.bias });
    trainer.restore({ weights: Array.from(model.weights), bias: bias ? model.bias : null, seen: model.seen, updates: model.updates, refused: model.refused, modelVersion: 0 });
    return trainer;
  }
  if (init === undefined) return new Trainer(common);
  if (init.length === width) return new Trainer({ ...common, init });
  if (bias && init.length === width + 1) return new Trainer({ ...common, init: init.slice(0, width), initBias: init[width]! });
  const hint = bias ? `${width} weights, or ${width + 1} with the bias last` : `${width} weights (drop --no-bias to give a bias last)`;
  // a usage error (exit 2), though it shows only once the first sample gives the width
  throw new UsageError(`--init has ${init.length} values but the samples have ${width} features: give ${hint}`);
}
