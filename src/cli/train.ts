import type { LogisticModel } from '../core/index.js';
import { SampleLineError } from '../data/sample-validation.js';
import type { ModelConfig } from '../io/model-file.js';
import { formatHelp, parseArgs, UsageError } from './args.js';
import type { CliCommand, CliIo } from './command.js';
import { createProgressBar } from './progress-bar.js';
import { TrainError } from './train-error.js';
import { trainFromInput } from './train-loop.js';
import type { TrainReport } from './train-loop.js';
import { resolveTrainOptions, TRAIN_OPTIONS } from './train-options.js';
import type { TrainPlan } from './train-options.js';

const USAGE = 'rxlogit train --input FILE|- [options]';
const SUMMARY = `Learns a logistic model y = σ(x·w + b) from labelled samples with the delta rule,
then prints the weights, the bias, the samples seen (n) and the final model's
mean cross-entropy over the input.

Samples are used in file order unless --shuffle. Sample and minibatch modes
stream the file once per epoch and hold one chunk at a time; batch mode,
--shuffle and stdin (-) hold the samples in memory. An invalid line stops the
run (exit 1) unless --skip-invalid. Exit codes: 0 done, 1 failed, 2 bad usage.`;

/**
 * `rxlogit train`: parses the options, trains, prints the model (or one JSON
 * object with `--json`), saves it with `--save`.
 *
 * @param argv - the arguments after `train`
 * @param io - where to read stdin and write output
 * @returns the exit code: 0 on success
 * @throws UsageError (exit 2) and the input's, model file's or training's errors (exit 1)
 * @example
 * ```ts
 * await runTrain(['--input', 'train.jsonl', '--json'], { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runTrain(argv: readonly string[], io: CliIo): Promise<number> {
  const { options, positionals } = parseArgs(argv, TRAIN_OPTIONS);
  if (options.help === true) {
    io.stdout.write(formatHelp(USAGE, SUMMARY, TRAIN_OPTIONS));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (use --input FILE)`);
  const plan = resolveTrainOptions(options);
  let model: LogisticModel | undefined;
  // The model files (and zod, which checks them) are loaded only for --load and --save.
  const files = plan.load === undefined && plan.save === undefined ? undefined : await import('../io/model-file.js');
  if (plan.load !== undefined && files !== undefined) {
    model = (await files.loadModel(plan.load)).model;
    // The loaded model decides whether it has a bias; a flag that says otherwise is a mistake.
    if (options.bias === true && !model.useBias) throw new TrainError(`--bias: the model in "${plan.load}" has no bias term`);
    if (options['no-bias'] === true && model.useBias) throw new TrainError(`--no-bias: the model in "${plan.load}" has a bias term`);
  }
  if (plan.save !== undefined && files !== undefined) {
    // fail before a long run, not after it: the trained model would be lost
    await files.checkModelDestination(plan.save).catch((e: unknown) => {
      throw e instanceof files.ModelFileError ? new UsageError(`--save: ${e.message}`) : e;
    });
  }
  let report: TrainReport;
  try {
    const config = model === undefined ? plan.config : { ...plan.config, model };
    report = await trainFromInput(config, { stdin: io.stdin, progress: createProgressBar(io.stderr) });
  } catch (e) {
    if (e instanceof SampleLineError) throw new TrainError(`${plan.config.input === '-' ? 'stdin' : plan.config.input}: ${e.message}`);
    throw e;
  }
  if (plan.save !== undefined && files !== undefined) await files.saveModel(plan.save, report.model, trainedWith(plan));
  io.stdout.write(plan.json ? `${JSON.stringify(resultJson(report))}\n` : resultText(report));
  for (const line of warnings(report)) io.stderr.write(`rxlogit train: ${line}\n`);
  return 0;
}

/** The `train` subcommand for {@link CliCommand} tables. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'learn a logistic model from a JSON Lines or CSV sample file',
  run: runTrain,
};

/**
 * The `--json` result: exactly the weights, the bias (`null` without one),
 * the samples learned from in total (n) and the final model's mean loss.
 *
 * @example
 * ```ts
 * resultJson(report); // { weights: [1.2, 0.4], bias: null, n: 400, loss: 0.297 }
 * ```
 */
export function resultJson(report: TrainReport): { weights: number[]; bias: number | null; n: number; loss: number } {
  const { model, loss } = report;
  return { weights: Array.from(model.weights), bias: model.useBias ? model.bias : null, n: model.seen, loss };
}

function resultText(report: TrainReport): string {
  const { weights, bias, n, loss } = resultJson(report);
  return [
    `weights: [${weights.join(', ')}]`,
    `bias: ${bias === null ? 'none' : bias}`,
    `samples seen: ${n}`,
    `steps: ${report.model.updates}`,
    `mean loss: ${loss} (final model, over ${report.samples} samples)`,
    '',
  ].join('\n');
}

function warnings(report: TrainReport): string[] {
  const out: string[] = [];
  if (report.invalidCount > 0) {
    const s = report.invalidCount === 1 ? '' : 's';
    out.push(`skipped ${report.invalidCount} invalid line${s}:`);
    for (const e of report.invalidLines) out.push(`  line ${e.line}: ${e.reason}`);
    if (report.invalidCount > report.invalidLines.length) out.push(`  … and ${report.invalidCount - report.invalidLines.length} more`);
  }
  if (report.model.refused > 0) {
    out.push(`${report.model.refused} steps were refused: they would have made a weight infinite or NaN (is --lr too large?)`);
  }
  return out;
}

function trainedWith(plan: TrainPlan): ModelConfig {
  const c = plan.config;
  return {
    input: c.input,
    format: c.format,
    mode: c.mode,
    ...(c.mode === 'minibatch' ? { batchSize: c.batchSize } : {}),
    schedule: { ...c.schedule },
    epochs: c.epochs,
    l2: c.l2,
    reduction: c.reduction,
    shuffle: c.shuffle,
    ...(c.shuffle ? { seed: c.seed } : {}),
    ...(plan.load === undefined ? {} : { load: plan.load }),
  };
}
