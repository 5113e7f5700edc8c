import type { LogisticModel, TrainerConfig } from '../core/index.js';
import type { SampleFormat } from '../data/sample-format.js';

/**
 * How `rxlogit train` trains: the core's {@link TrainerConfig} (all but the
 * width, which the input decides, and the initial weights, given here with
 * the bias last) plus where to read and how to pass over the data.
 *
 * @example
 * ```ts
 * const config: TrainConfig = { input: 'train.jsonl', format: 'jsonl', mode: 'sample', batchSize: 32,
 *   schedule: { kind: 'constant', lr: 0.05 }, epochs: 1, bias: true, l2: 0, shuffle: false, seed: '1',
 *   reduction: 'mean', skipInvalid: false };
 * ```
 */
export interface TrainConfig extends Readonly<Required<Pick<TrainerConfig, 'mode' | 'batchSize' | 'schedule' | 'bias' | 'l2' | 'reduction'>>> {
  /** A file path, or `-` for stdin. */
  readonly input: string;
  readonly format: SampleFormat;
  readonly epochs: number;
  /** Initial weights, then the bias when `bias` (default zeros). */
  readonly init?: readonly number[];
  /** Visit the samples in a new seeded random order each epoch (they are kept in memory). */
  readonly shuffle: boolean;
  readonly seed: string;
  readonly skipInvalid: boolean;
  /** The longest input line accepted, in bytes (default the reader's, 8 MiB). */
  readonly maxLineBytes?: number;
  /**
   * Threads: 2 parses a file on two threads (a worker and the learner's);
   * 1 reads on the learner's thread only; `'auto'` (default) takes 2 when
   * the machine has a core to spare (see {@link autoThreads}). Stdin is
   * always read on one.
   */
  readonly threads?: 1 | 2 | 'auto';
  /** A model to go on training (from `--load`); its bias setting wins. */
  readonly model?: LogisticModel;
}
