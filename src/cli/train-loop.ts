/**
 * The engine behind `rxlogit train`: streams a sample file through the
 * core's `learnOne` / `learnMany` / `fitBatch`, epoch after epoch, and
 * measures the final model's mean loss over the input.
 *
 * @module
 */
import type { Readable } from 'node:stream';
import { LossSum } from '../core/index.js';
import type { LearningRateSchedule, LogisticModel } from '../core/index.js';
import { SampleColumnsBuilder } from '../data/sample-columns.js';
import type { SampleColumns } from '../data/sample-columns.js';
import { openSampleFile } from '../data/sample-file.js';
import type { SampleFormat } from '../data/sample-format.js';
import { readSampleColumns } from '../data/sample-lines.js';
import type { SampleParseError } from '../data/sample-validation.js';
import { ColumnTrainer } from './column-trainer.js';
import type { ProgressBar } from './progress-bar.js';
import { TrainError } from './train-error.js';

/** How to train: the resolved options of `rxlogit train`. */
export interface TrainConfig {
  /** A file path, or `-` for stdin. */
  readonly input: string;
  readonly format: SampleFormat;
  /** `sample`: a step per sample; `minibatch`: a step per `batchSize` samples; `batch`: a step per epoch over all. */
  readonly mode: 'sample' | 'minibatch' | 'batch';
  readonly batchSize: number;
  readonly schedule: LearningRateSchedule;
  readonly epochs: number;
  /** Learn a bias (ignored when `model` is given: the model decides). */
  readonly bias: boolean;
  readonly l2: number;
  /** Initial weights, then the bias when `bias` (default zeros). */
  readonly init?: readonly number[];
  /** Visit the samples in a new seeded random order each epoch (they are kept in memory). */
  readonly shuffle: boolean;
  readonly seed: string;
  readonly reduction: 'mean' | 'sum';
  readonly skipInvalid: boolean;
  /** The longest input line accepted, in bytes (default the reader's, 8 MiB). */
  readonly maxLineBytes?: number;
  /** A model to go on training (from `--load`). */
  readonly model?: LogisticModel;
}

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
  /** Memory for keeping the last epoch's samples for the final loss (default {@link LOSS_CACHE_BYTES}). */
  readonly lossCacheBytes?: number;
}

/**
 * Samples kept (as typed arrays) during the last epoch so that the final loss
 * needs no second read of the file; above this the file is read again.
 */
export const LOSS_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Trains a model on a sample file or stdin.
 *
 * `sample` and `minibatch` modes stream the file once per epoch in file
 * order, holding one chunk at a time. The final loss is computed from the
 * last epoch's samples kept as typed arrays (about 8 bytes per feature) when
 * they fit in `lossCacheBytes`, else by reading the file once more. `batch`
 * mode, `shuffle` and stdin keep the samples in memory (stdin cannot be read
 * twice). A mini-batch never spans two epochs: an epoch's last batch may be
 * smaller.
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
  const trainer = new ColumnTrainer(config);
  const inMemory = config.mode === 'batch' || config.shuffle || config.input === '-';
  let loss: number;
  if (inMemory) {
    const data = await readAll(config, env, trainer);
    trainer.trainInMemory(data);
    loss = trainer.meanLoss([data]);
  } else {
    let cache: SampleColumns[] | undefined;
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const last = epoch === config.epochs;
      let cached = 0;
      if (last) cache = [];
      await readPass(config, env, trainer, `epoch ${epoch}/${config.epochs}`, epoch === 1, (columns) => {
        trainer.learnColumns(columns, undefined);
        if (cache === undefined) return;
        cached += columns.x.byteLength + columns.t.byteLength;
        if (cached > (env.lossCacheBytes ?? LOSS_CACHE_BYTES)) cache = undefined;
        else cache.push({ ...columns, x: columns.x.slice(), t: columns.t.slice() });
      });
      trainer.endEpoch();
    }
    if (cache !== undefined) {
      loss = trainer.meanLoss(cache);
    } else {
      const sum = new LossSum();
      let count = 0;
      await readPass(config, env, trainer, 'final loss', false, (columns) => {
        trainer.addLosses(columns, sum);
        count += columns.count;
      });
      loss = sum.mean(count);
    }
  }
  return {
    model: trainer.model(),
    loss,
    samples: trainer.samples,
    invalidCount: trainer.invalidCount,
    invalidLines: trainer.invalidLines,
  };
}

/** Reads the input once, handing each non-empty chunk to `visit`. */
async function readPass(
  config: TrainConfig,
  env: TrainEnv,
  trainer: ColumnTrainer,
  label: string,
  first: boolean,
  visit: (columns: SampleColumns) => void,
): Promise<void> {
  const source = await openSampleFile(config.input, env.stdin === undefined ? {} : { stdin: env.stdin });
  const options = {
    format: config.format,
    skipInvalid: config.skipInvalid,
    ...(config.maxLineBytes === undefined ? {} : { maxLineBytes: config.maxLineBytes }),
    ...trainer.widthOption(),
  };
  for await (const chunk of readSampleColumns(source.readable, options)) {
    if (first) trainer.noteChunk(chunk.columns.count, chunk.invalid);
    if (source.size !== undefined) env.progress?.update(chunk.bytesRead, source.size, label);
    if (chunk.columns.count > 0) {
      trainer.ensureModel(chunk.columns.width);
      visit(chunk.columns);
    }
  }
  env.progress?.clear();
  if (first && trainer.samples === 0) throw new TrainError(`${describeInput(config.input)} has no valid samples`);
}

/** Reads the whole input into one block of columns. */
async function readAll(config: TrainConfig, env: TrainEnv, trainer: ColumnTrainer): Promise<SampleColumns> {
  const all = new SampleColumnsBuilder(1 << 16);
  await readPass(config, env, trainer, 'reading', true, (columns) => all.append(columns));
  return all.build();
}

function describeInput(input: string): string {
  return input === '-' ? 'standard input' : `"${input}"`;
}
