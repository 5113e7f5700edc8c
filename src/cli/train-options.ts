import { validateSchedule } from '../core/learning-rate-schedule.js';
import type { LearningRateSchedule } from '../core/learning-rate-schedule.js';
import { TRAINER_DEFAULTS } from '../core/trainer-config.js';
import { formatFromPath, SAMPLE_FORMATS } from '../data/sample-format.js';
import { DEFAULT_MAX_LINE_BYTES } from '../data/sample-lines.js';
import type { SampleFormat } from '../data/sample-format.js';
import { UsageError } from './args.js';
import type { OptionSpecs, ParsedOptions } from './args.js';
import type { TrainConfig } from './train-config.js';

/** The largest `--batch-size`: a mini-batch is held in memory, and a million samples is past any use. */
export const MAX_BATCH_SIZE = 1_000_000;
/** The largest `--epochs`: more passes than this is a typo (`1e12` would run for ever). */
export const MAX_EPOCHS = 1_000_000;
/** The largest `--max-line-bytes`: 1 GiB (a string that long is near V8's limit). */
export const MAX_LINE_BYTES_LIMIT = 1024 * 1024 * 1024;

/** The options of `rxlogit train`. */
export const TRAIN_OPTIONS = {
  input: { kind: 'string', valueName: 'FILE|-', description: 'samples to learn from, a file or - for stdin (required)' },
  format: {
    kind: 'choice',
    choices: SAMPLE_FORMATS,
    description: 'jsonl: {"x":[…],"t":0|1} per line; csv: features then label',
    defaultText: 'csv for a .csv file, else jsonl',
  },
  mode: {
    kind: 'choice',
    choices: ['sample', 'minibatch', 'batch'],
    description: 'a step per sample, per --batch-size samples, or per epoch (batch holds the data in memory)',
    defaultText: TRAINER_DEFAULTS.mode,
  },
  'batch-size': { kind: 'integer', range: 'positive', max: MAX_BATCH_SIZE, description: 'samples per step in minibatch mode', defaultText: String(TRAINER_DEFAULTS.batchSize) },
  lr: { kind: 'number', range: 'positive', description: 'learning rate μ', defaultText: String(TRAINER_DEFAULTS.lr) },
  schedule: {
    kind: 'choice',
    choices: ['constant', 'inverse-scaling', 'inverse-power'],
    description: 'μ at step k: lr, lr/(1+decay·k) or lr/(k+1)^power',
    defaultText: 'constant',
  },
  decay: { kind: 'number', range: 'non-negative', description: 'decay of the inverse-scaling schedule (required by it)' },
  power: { kind: 'number', range: 'non-negative', description: 'power of the inverse-power schedule (required by it)' },
  epochs: { kind: 'integer', range: 'positive', max: MAX_EPOCHS, description: 'passes over the data', defaultText: '1' },
  bias: { kind: 'flag', description: 'learn a bias term (the default)' },
  'no-bias': { kind: 'flag', description: 'no bias: the boundary passes through the origin, as in the tutorial' },
  l2: { kind: 'number', range: 'non-negative', description: 'L2 regularisation strength λ', defaultText: String(TRAINER_DEFAULTS.l2) },
  init: { kind: 'numbers', valueName: 'W1,W2[,B]', description: 'initial weights, then the bias (unless --no-bias)', defaultText: 'zeros' },
  shuffle: { kind: 'flag', description: 'new seeded random order each epoch (holds the data in memory)' },
  seed: { kind: 'string', valueName: 'S', description: 'seed of --shuffle', defaultText: '1' },
  reduction: {
    kind: 'choice',
    choices: ['mean', 'sum'],
    description: "how a batch's gradients combine (sum = the tutorial's code)",
    defaultText: TRAINER_DEFAULTS.reduction,
  },
  'max-line-bytes': {
    kind: 'integer',
    range: 'positive',
    max: MAX_LINE_BYTES_LIMIT,
    valueName: 'BYTES',
    description: 'longest input line accepted; a longer one stops the run, naming the line',
    defaultText: '8,388,608: 8 MiB',
  },
  threads: {
    kind: 'choice',
    choices: ['auto', '1', '2'],
    description: '2: parse a file on two threads while learning; 1: one thread; auto: 2 with 4+ cores, 2 idle',
    defaultText: 'auto',
  },
  json: { kind: 'flag', description: 'print one JSON object {"weights","bias","n","loss"} and nothing else' },
  'skip-invalid': { kind: 'flag', description: 'skip invalid lines (counted, first ones reported) instead of stopping' },
  save: { kind: 'string', valueName: 'FILE', description: 'save the trained model (atomically; never over a non-model file)' },
  load: { kind: 'string', valueName: 'FILE', description: 'start from a saved model instead of zeros' },
  help: { kind: 'flag', description: 'show this help' },
} as const satisfies OptionSpecs;

/** Parsed `rxlogit train` options. */
export type TrainOptions = ParsedOptions<typeof TRAIN_OPTIONS>;

/** The resolved command: training config plus what to do with the result. */
export interface TrainPlan {
  readonly config: Omit<TrainConfig, 'model'>;
  readonly json: boolean;
  readonly save: string | undefined;
  readonly load: string | undefined;
}

/**
 * Checks option combinations and fills in defaults.
 *
 * @throws UsageError for a missing `--input`, an option that does not apply (`--decay` without
 *   `--schedule inverse-scaling`, `--batch-size` outside minibatch mode, `--seed` without `--shuffle`, …)
 * @example
 * ```ts
 * resolveTrainOptions({ input: 'a.csv' }).config.format; // 'csv'
 * ```
 */
export function resolveTrainOptions(o: TrainOptions): TrainPlan {
  if (o.input === undefined) throw new UsageError('--input FILE is required (use - for stdin)');
  if (o.bias === true && o['no-bias'] === true) throw new UsageError('--bias and --no-bias contradict each other');
  const mode = (o.mode ?? TRAINER_DEFAULTS.mode) as TrainConfig['mode'];
  const needs = (given: unknown, name: string, condition: boolean, what: string): void => {
    if (given !== undefined && !condition) throw new UsageError(`--${name} only applies ${what}`);
  };
  needs(o['batch-size'], 'batch-size', mode === 'minibatch', 'with --mode minibatch');
  needs(o.decay, 'decay', o.schedule === 'inverse-scaling', 'with --schedule inverse-scaling');
  needs(o.power, 'power', o.schedule === 'inverse-power', 'with --schedule inverse-power');
  needs(o.seed, 'seed', o.shuffle === true, 'with --shuffle');
  needs(o.shuffle, 'shuffle', mode !== 'batch', 'in sample and minibatch modes (a full batch has no order)');
  needs(o.init, 'init', o.load === undefined, 'without --load (the loaded model has its weights)');
  const lr = o.lr ?? TRAINER_DEFAULTS.lr;
  let schedule: LearningRateSchedule;
  if (o.schedule === 'inverse-scaling') {
    if (o.decay === undefined) throw new UsageError('--schedule inverse-scaling needs --decay X (μ = lr / (1 + decay·k))');
    schedule = { kind: 'inverse-scaling', lr, decay: o.decay };
  } else if (o.schedule === 'inverse-power') {
    if (o.power === undefined) throw new UsageError('--schedule inverse-power needs --power X (μ = lr / (k + 1)^power)');
    schedule = { kind: 'inverse-power', lr, power: o.power };
  } else {
    schedule = { kind: 'constant', lr };
  }
  validateSchedule(schedule);
  const format: SampleFormat = (o.format as SampleFormat | undefined) ?? formatFromPath(o.input);
  const threads: TrainConfig['threads'] = o.threads === '1' ? 1 : o.threads === '2' ? 2 : 'auto';
  const config = {
    input: o.input,
    format,
    mode,
    batchSize: o['batch-size'] ?? TRAINER_DEFAULTS.batchSize,
    schedule,
    epochs: o.epochs ?? 1,
    bias: o['no-bias'] === true ? false : TRAINER_DEFAULTS.bias,
    l2: o.l2 ?? TRAINER_DEFAULTS.l2,
    ...(o.init === undefined ? {} : { init: o.init }),
    shuffle: o.shuffle ?? false,
    seed: o.seed ?? '1',
    reduction: (o.reduction ?? TRAINER_DEFAULTS.reduction) as TrainConfig['reduction'],
    skipInvalid: o['skip-invalid'] ?? false,
    maxLineBytes: o['max-line-bytes'] ?? DEFAULT_MAX_LINE_BYTES,
    threads,
  };
  return { config, json: o.json ?? false, save: o.save, load: o.load };
}
