import seedrandom from 'seedrandom';
import { createModel, crossEntropyFromLogit, fitBatch, learnMany, learnOne, logit, LossSum } from '../core/index.js';
import type { Label, LogisticModel, Sample, UpdateOptions } from '../core/index.js';
import { columnsToSamples, readRow } from '../data/sample-columns.js';
import type { SampleColumns } from '../data/sample-columns.js';
import type { SampleParseError } from '../data/sample-validation.js';
import { UsageError } from './args.js';
import { TrainError } from './train-error.js';
import type { TrainConfig } from './train-loop.js';

/** How many invalid lines a report lists. */
const INVALID_LINES_KEPT = 5;

/**
 * The model and the per-epoch learning state of `rxlogit train`: learns from
 * blocks of typed-array columns through reusable sample views (no allocation
 * per sample), one `learnOne` per sample or one `learnMany` per mini-batch.
 * The model is made at the first sample, when the width is known.
 *
 * @example
 * ```ts
 * const trainer = new ColumnTrainer(config);
 * trainer.ensureModel(columns.width);
 * trainer.learnColumns(columns, undefined);
 * trainer.endEpoch();
 * trainer.meanLoss([columns]);
 * ```
 */
export class ColumnTrainer {
  samples = 0;
  invalidCount = 0;
  readonly invalidLines: SampleParseError[] = [];
  private live: LogisticModel | undefined;
  private readonly update: UpdateOptions;
  private view: { x: number[]; t: Label } = { x: [], t: 0 };
  private batch: { x: number[]; t: Label }[] = [];
  private pending = 0; // samples waiting in the current mini-batch

  constructor(private readonly config: TrainConfig) {
    this.live = config.model;
    this.update = { schedule: config.schedule, l2: config.l2, reduction: config.reduction };
  }

  model(): LogisticModel {
    if (this.live === undefined) throw new TrainError('no model: the input had no samples');
    return this.live;
  }

  widthOption(): { width?: number } {
    return this.live === undefined ? {} : { width: this.live.weights.length };
  }

  noteChunk(count: number, invalid: readonly SampleParseError[]): void {
    this.samples += count;
    this.invalidCount += invalid.length;
    for (const e of invalid) if (this.invalidLines.length < INVALID_LINES_KEPT) this.invalidLines.push(e);
  }

  /** Creates the model at the first sample, when its width is known. */
  ensureModel(width: number): void {
    if (this.live === undefined) this.live = newModel(this.config, width);
    if (this.view.x.length !== width) {
      this.view = { x: doubles(width), t: 0 };
      const size = this.config.mode === 'minibatch' ? this.config.batchSize : 0;
      this.batch = Array.from({ length: size }, () => ({ x: doubles(width), t: 0 as Label }));
    }
  }

  /** Learns from the rows of a block, in `order` when given, else in row order. */
  learnColumns(columns: SampleColumns, order: Uint32Array | undefined): void {
    const model = this.model();
    const { count } = columns;
    if (this.config.mode === 'sample') {
      const view = this.view;
      for (let k = 0; k < count; k++) learnOne(model, readRow(columns, order === undefined ? k : order[k]!, view), this.update);
      return;
    }
    const batch = this.batch;
    for (let k = 0; k < count; k++) {
      readRow(columns, order === undefined ? k : order[k]!, batch[this.pending]!);
      if (++this.pending === batch.length) {
        learnMany(model, batch, this.update);
        this.pending = 0;
      }
    }
  }

  /** Learns from the epoch's last, partial mini-batch. */
  endEpoch(): void {
    if (this.pending > 0) learnMany(this.model(), this.batch.slice(0, this.pending), this.update);
    this.pending = 0;
  }

  trainInMemory(data: SampleColumns): void {
    const { epochs, mode } = this.config;
    if (mode === 'batch') {
      const samples: Sample[] = columnsToSamples(data);
      fitBatch(this.model(), samples, { ...this.update, epochs });
      return;
    }
    const order = this.config.shuffle ? Uint32Array.from({ length: data.count }, (_, i) => i) : undefined;
    const random = seedrandom(this.config.seed);
    for (let epoch = 0; epoch < epochs; epoch++) {
      if (order !== undefined) shuffleInPlace(order, random);
      this.learnColumns(data, order);
      this.endEpoch();
    }
  }

  /**
   * The mean loss of the current model over the rows of some blocks: finite
   * even when every loss is near `MAX_VALUE` (a plain sum would overflow to
   * Infinity, printed as `mean loss: Infinity`).
   */
  meanLoss(blocks: readonly SampleColumns[]): number {
    const sum = new LossSum();
    let count = 0;
    for (const block of blocks) {
      this.addLosses(block, sum);
      count += block.count;
    }
    return sum.mean(count);
  }

  /** Adds the current model's loss on every row of `block` to `sum`. */
  addLosses(block: SampleColumns, sum: LossSum): void {
    const model = this.model();
    const view = this.view;
    for (let r = 0; r < block.count; r++) {
      readRow(block, r, view);
      sum.add(crossEntropyFromLogit(logit(model, view.x), view.t));
    }
  }
}

function newModel(config: TrainConfig, width: number): LogisticModel {
  const { init, bias } = config;
  if (init === undefined) return createModel({ inputs: width, bias });
  if (init.length === width) return createModel({ inputs: width, bias, init });
  if (bias && init.length === width + 1) {
    return createModel({ inputs: width, bias, init: init.slice(0, width), initBias: init[width]! });
  }
  const hint = bias ? `${width} weights, or ${width + 1} with the bias last` : `${width} weights (add --bias to give a bias last)`;
  // a usage error (exit 2), though it shows only once the first sample gives the width
  throw new UsageError(`--init has ${init.length} values but the samples have ${width} features: give ${hint}`);
}

/** A packed array of `width` zeros that V8 stores as raw doubles (fast to read in the learning loop). */
function doubles(width: number): number[] {
  const a: number[] = [];
  for (let i = 0; i < width; i++) a.push(0.5);
  return a.fill(0);
}

/** Fisher–Yates with a seeded generator. */
function shuffleInPlace(order: Uint32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const v = order[i]!;
    order[i] = order[j]!;
    order[j] = v;
  }
}
