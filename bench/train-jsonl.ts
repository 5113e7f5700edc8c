/**
 * Benchmark: `rxlogit train --mode sample` on a JSON Lines file against the
 * loop a user writes by hand (`node:readline` + `JSON.parse` per line, doing
 * nothing else).
 *
 * Writes a file of N samples with full-precision doubles (seeded, printed by
 * `JSON.stringify`: about 17 digits each) to a temporary folder, then runs
 * the baseline and the train command alternately, `repeats` times each, and
 * prints one JSON object: the medians in samples per second and their ratio.
 * The train figure covers the whole command: reading, parsing, learning and
 * the final model's loss over the input.
 *
 * Usage: npx tsx bench/train-jsonl.ts [--samples N] [--repeats R] [--features D]
 * Defaults: 2 000 000 samples, 3 repeats, 2 features.
 *
 * @module
 */
import { createWriteStream, createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import seedrandom from 'seedrandom';
import { parseArgs } from '../src/cli/args.js';
import { runCli } from '../src/cli/main.js';
import { readSampleBlocks } from '../src/data/sample-lines.js';

const OPTIONS = {
  samples: { kind: 'integer', range: 'positive', description: 'samples in the file (default 2000000)' },
  repeats: { kind: 'integer', range: 'positive', description: 'runs of each contender (default 3)' },
  features: { kind: 'integer', range: 'positive', description: 'features per sample (default 2)' },
} as const;

async function writeSamples(path: string, n: number, features: number): Promise<void> {
  const random = seedrandom('bench/train-jsonl');
  const out = createWriteStream(path);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = random() < 0.5 ? 0 : 1;
    const x = Array.from({ length: features }, (_, j) => (j === 0 ? (t === 1 ? 1 : -1) : 0) + (random() * 4 - 2));
    lines.push(JSON.stringify({ x, t }));
    if (lines.length === 10_000 || i === n - 1) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines.length = 0;
    }
  }
  out.end();
  await finished(out);
}

/** What a user writes by hand: readline over a read stream, JSON.parse per line. */
async function baseline(path: string): Promise<number> {
  let n = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    JSON.parse(line);
    n++;
  }
  return n;
}

/** `rxlogit train --mode sample --json`, in-process, stdout captured. */
async function train(path: string): Promise<number> {
  let stdout = '';
  let stderr = '';
  const io = {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const code = await runCli(['train', '--input', path, '--mode', 'sample', '--json'], io);
  if (code !== 0) throw new Error(`train failed (${code}): ${stderr}`);
  return (JSON.parse(stdout) as { n: number }).n;
}

/** Our reader alone, for reference: parse to typed-array columns, learn nothing. */
async function parseOnly(path: string): Promise<number> {
  let n = 0;
  for await (const { block } of readSampleBlocks(createReadStream(path, { highWaterMark: 1 << 20 }))) n += block.length;
  return n;
}

async function rate(run: (path: string) => Promise<number>, path: string, expected: number): Promise<number> {
  const start = performance.now();
  const n = await run(path);
  const seconds = (performance.now() - start) / 1000;
  if (n !== expected) throw new Error(`${run.name} handled ${n} samples, expected ${expected}`);
  return n / seconds;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const samples = options.samples ?? 2_000_000;
const repeats = options.repeats ?? 3;
const features = options.features ?? 2;
const dir = await mkdtemp(join(tmpdir(), 'rxlogit-bench-'));
try {
  const path = join(dir, 'samples.jsonl');
  await writeSamples(path, samples, features);
  const bytes = (await stat(path)).size;
  await rate(train, path, samples); // warm-up: compile the hot paths once
  await rate(baseline, path, samples);
  const runs = { baseline: [] as number[], train: [] as number[], parseOnly: [] as number[] };
  for (let r = 0; r < repeats; r++) {
    runs.baseline.push(await rate(baseline, path, samples));
    runs.train.push(await rate(train, path, samples));
    runs.parseOnly.push(await rate(parseOnly, path, samples));
  }
  const baselineRate = median(runs.baseline);
  const trainRate = median(runs.train);
  const result = {
    benchmark: 'train-jsonl',
    samples,
    features,
    bytes,
    repeats,
    node: process.version,
    baselineSamplesPerSecond: Math.round(baselineRate),
    trainSamplesPerSecond: Math.round(trainRate),
    ratio: Number((trainRate / baselineRate).toFixed(3)),
    parseOnlySamplesPerSecond: Math.round(median(runs.parseOnly)),
    runs: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map(Math.round)])),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
