/**
 * The quick benchmarks, one after another, each in a process of its own
 * (`npm run bench`): start-up, learner and sparse throughput, JSON Lines
 * training, the checkpoint's honesty, the fuzzers (small runs) and the
 * readers' load case. Each bench's own JSON is kept whole under `results`;
 * `summary` lifts its headline figures (ratios against the baseline measured
 * in the same run, and whether each met its target), so that one line tells
 * whether anything moved. The long runs (100,000-input fuzz, soak, NATS
 * faults, 100 M samples of memory) stay separate: see docs/benchmarks.md.
 *
 *   npx tsx bench/run-all.ts [--only startup,learner,…]
 *
 * Prints one JSON object; exits 1 when a bench failed to run (not when a
 * target was missed: that is a figure, reported in `summary`).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from '../src/cli/args.js';

interface Bench {
  readonly name: string;
  /** Arguments after `node`. */
  readonly args: readonly string[];
  /** The headline figures of its JSON output. */
  readonly summary: (json: Record<string, any>) => Record<string, unknown>;
}

const TSX = ['--import', 'tsx'];

const BENCHES: readonly Bench[] = [
  {
    name: 'startup',
    args: [...TSX, 'bench/startup.ts', '--runs', '5'],
    summary: (j) => pick(j, ['ratio', 'target', 'pass', 'cases']),
  },
  {
    name: 'learner',
    // A multiple of 1,024: the block and mini-batch cases learn whole blocks only.
    args: [...TSX, 'bench/learner-throughput.ts', '--samples', '102400', '--shared'],
    summary: (j) =>
      Object.fromEntries(
        ((j['results'] as Record<string, any>[] | undefined) ?? []).filter((r) => r['ratio'] !== null).map((r) => [r['case'], { ratio: r['ratio'], target: r['target'], met: r['met'] }]),
      ),
  },
  {
    name: 'sparse',
    args: [...TSX, 'bench/sparse-throughput.ts', '--samples', '100000', '--runs', '3'],
    summary: (j) => pick(j, ['ratio', 'target', 'pass', 'samplesPerSecond']),
  },
  {
    name: 'train-jsonl',
    args: [...TSX, 'bench/train-jsonl.ts', '--samples', '100000', '--repeats', '3'],
    summary: (j) => pick(j, ['ratio', 'target', 'pass']),
  },
  {
    name: 'checkpoint-honesty',
    args: [...TSX, 'bench/checkpoint-honesty.ts', '--samples', '1000', '--idle-ms', '1000'],
    summary: (j) => pick(j, ['failure', 'idle']),
  },
  {
    name: 'fuzz',
    args: [...TSX, 'bench/fuzz.ts', '--inputs', '2000'],
    summary: (j) => ({ crashes: j['crashes'], http: pick(j['http'] ?? {}, ['requests', 'unanswered', 'serverErrors', 'mismatchCount', 'aliveAfter']) }),
  },
  {
    name: 'readers',
    args: [...TSX, 'bench/server-load.ts', '--only', 'readers', '--rounds', '2', '--window-ms', '2000'],
    summary: (j) => ({
      serveDefault: pick(j['readers'] ?? {}, ['ratio', 'ratioTarget', 'eventLoopDelayP99msWithReaders', 'eventLoopDelayP99Target', 'pass']),
      saturated: pick(j['readersSaturatedLearner'] ?? {}, ['ratio', 'eventLoopDelayP99msWithReaders', 'pass']),
    }),
  },
];

/** The fields of `json` named in `keys` that it has (numbers, booleans, small objects: the headline). */
function pick(json: Record<string, any>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => json[k] !== undefined).map((k) => [k, json[k]]));
}

/** Runs one bench; resolves with its parsed JSON, or why it failed. */
function run(bench: Bench): Promise<{ json?: Record<string, any>; error?: string; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, bench.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      if (code !== 0) return resolve({ error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`, seconds });
      try {
        resolve({ json: JSON.parse(out.slice(out.indexOf('{'))) as Record<string, any>, seconds });
      } catch (e) {
        resolve({ error: `no JSON on stdout: ${(e as Error).message}`, seconds });
      }
    });
  });
}

const { options } = parseArgs(process.argv.slice(2), {
  only: { kind: 'string', valueName: 'LIST', description: 'the benches to run, comma-separated', defaultText: BENCHES.map((b) => b.name).join(',') },
} as const);
const only = new Set((options.only ?? BENCHES.map((b) => b.name).join(',')).split(','));
const unknown = [...only].filter((n) => !BENCHES.some((b) => b.name === n));
if (unknown.length > 0) throw new RangeError(`--only: unknown bench ${unknown.join(', ')}; expected some of ${BENCHES.map((b) => b.name).join(', ')}`);

const summary: Record<string, unknown> = {};
const results: Record<string, unknown> = {};
let failed = 0;
const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
for (const bench of BENCHES.filter((b) => only.has(b.name))) {
  process.stderr.write(`bench ${bench.name}: node ${bench.args.join(' ')}\n`);
  const r = await run(bench);
  if (r.json === undefined) {
    failed++;
    summary[bench.name] = { error: r.error, seconds: r.seconds };
  } else {
    summary[bench.name] = { ...bench.summary(r.json), seconds: r.seconds };
    results[bench.name] = r.json;
  }
}
const report = { benchmark: 'run-all', node: process.version, cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100), summary, results };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.exitCode = failed > 0 ? 1 : 0;
