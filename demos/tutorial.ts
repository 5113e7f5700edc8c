/**
 * `npm run tutorial`: the logistic-classification tutorial, step by step in
 * the terminal, with its four figures written as SVG files.
 *
 * Usage: `tsx demos/tutorial.ts [--out DIR] [--json] [--help]`
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  classificationPlane,
  cloneModel,
  createModel,
  learnMany,
  lossSurface,
  meanLoss,
  predictClass,
  type Label,
} from '../src/core/index.js';
import { tutorialDataset } from '../src/data/tutorial-dataset.js';
import { classesFigure, decisionBoundaryFigure, descentFigure, lossSurfaceFigure } from '../src/plot/tutorial-figures.js';

/** Where the demo writes its text. */
export interface TutorialIo {
  /** Standard output. */
  readonly out: (text: string) => void;
  /** Standard error. */
  readonly err: (text: string) => void;
}

/** The numbers the tutorial computes, as `--json` prints them. */
export interface TutorialResult {
  readonly X: number[][];
  readonly t: Label[];
  /** w(0) … w(10). */
  readonly weights: [number, number][];
  /** Mean cross-entropy at each of w(0) … w(10). */
  readonly loss: number[];
  readonly misclassified: { readonly blueAsRed: number; readonly redAsBlue: number };
}

/** The tutorial's settings. */
export const TUTORIAL_SETTINGS = { init: [-4, -2], learningRate: 0.05, iterations: 10 } as const;

const USAGE = `Usage: npm run tutorial -- [--out DIR] [--json] [--help]

Walks through the logistic-classification tutorial: its data set, the model
and loss, 10 full-batch gradient-descent steps from w = [-4, -2] with learning
rate 0.05, the misclassified samples, and its four figures as SVG files.

Options:
  --out DIR   folder for the figures (default out/tutorial/; created if missing)
  --json      print only a JSON object {X, t, weights, loss, misclassified};
              writes no figures unless --out is given too
  --help, -h  print this help
`;

/**
 * Runs the tutorial's computation: data set, 10 gradient-descent steps with
 * the summed gradient, losses, and who is misclassified by w(10).
 *
 * @example
 * ```ts
 * computeTutorial().misclassified; // { blueAsRed: 2, redAsBlue: 4 }
 * ```
 */
export function computeTutorial(): TutorialResult & { readonly samples: ReturnType<typeof tutorialDataset>['samples'] } {
  const { X, t, samples } = tutorialDataset();
  const model = createModel({ inputs: 2, bias: false, init: [...TUTORIAL_SETTINGS.init] });
  const options = { schedule: { kind: 'constant', lr: TUTORIAL_SETTINGS.learningRate }, reduction: 'sum' } as const;
  const snapshots = [cloneModel(model)];
  for (let k = 0; k < TUTORIAL_SETTINGS.iterations; k++) {
    learnMany(model, samples, options);
    snapshots.push(cloneModel(model));
  }
  const weights = snapshots.map((m): [number, number] => [m.weights[0]!, m.weights[1]!]);
  const loss = snapshots.map((m) => meanLoss(m, samples));
  let blueAsRed = 0;
  let redAsBlue = 0;
  for (const s of samples) {
    const predicted = predictClass(model, s.x);
    if (s.t === 1 && predicted === 0) blueAsRed++;
    if (s.t === 0 && predicted === 1) redAsBlue++;
  }
  return { X, t, samples, weights, loss, misclassified: { blueAsRed, redAsBlue } };
}

const f = (v: number, d = 4): string => (v < 0 ? '' : ' ') + v.toFixed(d);
const pair = (p: readonly number[], d = 2): string => `(${p.map((v) => f(v, d)).join(', ')})`;

function summary(result: ReturnType<typeof computeTutorial>): string {
  const { X, t, weights, loss, misclassified } = result;
  const classes = [
    { name: 'red stars    (r*)', label: 0, mean: [-1, 0] },
    { name: 'blue circles (bo)', label: 1, mean: [1, 0] },
  ];
  const rows = classes.map((c) => {
    const xs = X.filter((_, i) => t[i] === c.label);
    const drawn = [0, 1].map((d) => xs.reduce((s, x) => s + x[d]!, 0) / xs.length);
    return `  ${c.name}  t=${c.label}  ${String(xs.length).padStart(3)}      ${pair(c.mean)}  ${pair(drawn, 3)}`;
  });
  const steps = weights.map((w, k) => `  ${String(k).padStart(2)}  ${f(w[0], 6).padStart(11)}  ${f(w[1], 6).padStart(11)}  ${loss[k]!.toFixed(6).padStart(10)}`);
  const w = weights[weights.length - 1]!;
  return [
    'Logistic classification, the tutorial step by step',
    '',
    '1. Data: two Gaussian classes, NumPy seed 1 (np.random.seed(1), randn(20, 2) + mean)',
    '  class              label  samples  mean (set)       mean (drawn)',
    ...rows,
    '',
    '2. Model and loss',
    '  y = σ(x·wᵀ) with σ(z) = 1 / (1 + e^(−z)), no bias: the boundary passes through (0, 0)',
    '  ξ(t, y) = −t·log(y) − (1 − t)·log(1 − y), averaged over the N = 40 samples',
    '  ∂ξᵢ/∂w = xᵢ·(yᵢ − tᵢ);  delta rule w(k+1) = w(k) − μ·∂ξ/∂w',
    '',
    `3. Gradient descent: w(0) = [${TUTORIAL_SETTINGS.init.join(', ')}], μ = ${TUTORIAL_SETTINGS.learningRate}, ${TUTORIAL_SETTINGS.iterations} full-batch steps`,
    "  The gradient is SUMMED over the 40 samples (reduction: 'sum'), as the tutorial's",
    '  code `(nn(x, w) - t).T * x` does; its text averages (1/N)·Σ, which would take',
    '  40× smaller steps. Loss is the mean cross-entropy at w(k).',
    '   k           w1           w2        loss',
    ...steps,
    '',
    `4. Trained classifier w(10) = [${w[0].toFixed(6)}, ${w[1].toFixed(6)}]`,
    `  blue circles classified as red stars: ${misclassified.blueAsRed}  (tutorial: two)`,
    `  red stars classified as blue circles: ${misclassified.redAsBlue}  (tutorial: four)`,
    '',
    '',
  ].join('\n');
}

/**
 * The four tutorial figures as SVG documents, keyed by file name.
 *
 * @example
 * ```ts
 * Object.keys(tutorialFigures(computeTutorial())); // ['1-classes.svg', …]
 * ```
 */
export function tutorialFigures(result: ReturnType<typeof computeTutorial>): Record<string, string> {
  const surface = lossSurface(result.samples, { w1: [-5, 5, 100], w2: [-5, 5, 100] });
  const final = createModel({ inputs: 2, bias: false, init: result.weights[result.weights.length - 1]! });
  const plane = classificationPlane(final, { x1: [-4, 4, 200], x2: [-4, 4, 200] });
  return {
    '1-classes.svg': classesFigure(result),
    '2-loss-surface.svg': lossSurfaceFigure(surface),
    '3-descent-steps.svg': descentFigure(surface, result.weights, 3),
    '4-decision-boundary.svg': decisionBoundaryFigure(plane, result),
  };
}

/**
 * Runs the demo with the given arguments (without `node` and the script).
 *
 * @param argv - command-line arguments, e.g. `['--json']`
 * @param io - where text goes (default: process stdout and stderr)
 * @returns the exit code: 0 on success, 1 when a figure cannot be written, 2 on a usage error
 * @example
 * ```ts
 * let json = '';
 * await runTutorial(['--json'], { out: (s) => (json += s), err: () => {} }); // 0
 * ```
 */
export async function runTutorial(argv: readonly string[], io: TutorialIo = processIo): Promise<number> {
  let values: { out?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(`tutorial: ${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.out === '') {
    io.err('tutorial: --out needs a folder name, got an empty string\n');
    return 2;
  }
  const result = computeTutorial();
  const json = values.json ?? false;
  if (json) {
    const { X, t, weights, loss, misclassified } = result;
    io.out(`${JSON.stringify({ X, t, weights, loss, misclassified })}\n`);
  } else {
    io.out(summary(result));
  }
  const dir = values.out ?? (json ? undefined : join('out', 'tutorial'));
  if (dir === undefined) return 0;
  const written: string[] = [];
  try {
    await mkdir(dir, { recursive: true });
    for (const [name, svg] of Object.entries(tutorialFigures(result))) {
      const path = join(dir, name);
      await writeFile(path, svg, 'utf8');
      written.push(path);
    }
  } catch (error) {
    io.err(`tutorial: cannot write the figures into ${resolve(dir)}: ${(error as Error).message}\n`);
    return 1;
  }
  if (!json) io.out(`5. Figures written:\n${written.map((p) => `  ${p}`).join('\n')}\n`);
  return 0;
}

const processIo: TutorialIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  // `.then` rather than top-level await, so the module also loads where that is unavailable.
  void runTutorial(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
