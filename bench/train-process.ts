/**
 * Benchmark: `rxlogit train --mode sample` as a whole process (start-up,
 * reading, parsing, learning, the final loss, exit) on JSON Lines files of
 * 2 M and 10 M lines, against a whole `node` process running the loop a user
 * writes by hand (`node:readline` + `JSON.parse` per line, nothing else).
 *
 * Writes each file (seeded, full-precision doubles) to a temporary folder,
 * runs the contenders in turn `runs` times each (interleaved, so the
 * machine's load falls on all alike): the baseline, `train --threads 1` (one
 * thread) and `train --threads 2` (parsing on two threads); `train` as users
 * run it (`--threads auto`) takes 2 only on 4+ cores with 2 idle, so
 * its series is, round by round, the contender `auto` would have taken then
 * (`autoThreads`, recorded). Prints one JSON object with the medians, the ratios of the
 * medians and the spread of the per-round ratios, plus each process's CPU
 * time (user + system, from the kernel's children accounting: less
 * sensitive to a busy machine than wall time), and deletes the folder. Runs
 * the compiled `dist/`, as users do: run `npm run build` first.
 *
 * Usage: npx tsx bench/train-process.ts [--lines 2000000,10000000] [--runs 5]
 * Target (issue 8): ratio ≥ 1.8 at both sizes, start-up included.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { autoThreads } from '../src/cli/train-loop.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { lines: { type: 'string', default: '2000000,10000000' }, runs: { type: 'string', default: '5' } } });
const SIZES = values.lines.split(',').map(Number);
const RUNS = Number(values.runs);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`--lines: expected positive integers, got ${values.lines}`);
if (!Number.isInteger(RUNS) || RUNS < 5) throw new RangeError(`--runs: expected an integer ≥ 5, got ${values.runs}`);
if (!existsSync(`${ROOT}dist/cli/entry.js`)) throw new Error('dist/ is missing: run `npm run build` first');

/** The hand-written baseline, as a user's whole script: readline over the file, JSON.parse per line. */
const BASELINE = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) {
    JSON.parse(line);
    n++;
  }
  process.stdout.write(JSON.stringify({ n }));
})();
`;

async function writeSamples(path: string, n: number): Promise<void> {
  const random = seedrandom('bench/train-process');
  const out = createWriteStream(path);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = random() < 0.5 ? 0 : 1;
    lines.push(JSON.stringify({ x: [(t === 1 ? 1 : -1) + (random() * 4 - 2), random() * 4 - 2], t }));
    if (lines.length === 10_000 || i === n - 1) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines.length = 0;
    }
  }
  out.end();
  await finished(out);
}

/** CPU time (user + system, ms) of this process's finished children, from /proc (Linux), or NaN elsewhere. */
function childrenCpuMs(): number {
  try {
    // Fields after the command's ")": state is field 3; cutime and cstime are fields 16 and 17, in clock ticks (100 a second).
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** Runs a whole process and returns its wall and CPU time in ms, checking that it handled every line. */
function timed(args: string[], lines: number, count: (stdout: string) => number): { wall: number; cpu: number } {
  const cpu0 = childrenCpuMs();
  const start = performance.now();
  const stdout = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  const wall = performance.now() - start;
  const cpu = childrenCpuMs() - cpu0;
  const n = count(stdout);
  if (n !== lines) throw new Error(`${args.join(' ')} handled ${n} lines, expected ${lines}`);
  return { wall, cpu };
}

const median = (v: readonly number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round3 = (v: number): number => Number(v.toFixed(3));

const dir = await mkdtemp(join(tmpdir(), 'rxlogit-train-process-'));
const results = [];
const load = [loadavg()[0]!];
try {
  for (const lines of SIZES) {
    const path = join(dir, `samples-${lines}.jsonl`);
    await writeSamples(path, lines);
    const bytes = (await stat(path)).size;
    const n = (s: string): number => (JSON.parse(s) as { n: number }).n;
    const trainArgs = ['bin/rxlogit.js', 'train', '--input', path, '--mode', 'sample', '--json'];
    const contenders = {
      baseline: () => timed(['-e', BASELINE, path], lines, n),
      trainOneThread: () => timed([...trainArgs, '--threads', '1'], lines, n),
      trainTwoThreads: () => timed([...trainArgs, '--threads', '2'], lines, n),
    };
    const names = Object.keys(contenders) as (keyof typeof contenders)[];
    const ms = { baseline: [] as number[], train: [] as number[], trainOneThread: [] as number[], trainTwoThreads: [] as number[] };
    const cpu = { baseline: [] as number[], train: [] as number[], trainOneThread: [] as number[], trainTwoThreads: [] as number[] };
    const autoChoice: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const auto = autoThreads();
      autoChoice.push(auto);
      // Rotate which goes first, so a slow spell of the machine does not always fall on one.
      for (let k = 0; k < names.length; k++) {
        const name = names[(r + k) % names.length]!;
        const t = contenders[name]();
        ms[name].push(t.wall);
        cpu[name].push(t.cpu);
      }
      const taken = auto === 2 ? 'trainTwoThreads' : 'trainOneThread';
      ms.train.push(ms[taken].at(-1)!);
      cpu.train.push(cpu[taken].at(-1)!);
      load.push(loadavg()[0]!);
    }
    const versus = (name: 'train' | 'trainOneThread' | 'trainTwoThreads') => {
      const perRound = ms[name].map((t, i) => ms.baseline[i]! / t);
      const ratio = median(ms.baseline) / median(ms[name]);
      return {
        medianMs: Math.round(median(ms[name])),
        linesPerSecond: Math.round(lines / (median(ms[name]) / 1000)),
        ratio: round3(ratio),
        ratioSpread: [round3(Math.min(...perRound)), round3(Math.max(...perRound))],
        met: ratio >= 1.8,
        cpuMedianMs: Math.round(median(cpu[name])),
        cpuRatio: round3(median(cpu.baseline) / median(cpu[name])),
      };
    };
    results.push({
      lines,
      bytes,
      target: 1.8,
      baseline: { medianMs: Math.round(median(ms.baseline)), linesPerSecond: Math.round(lines / (median(ms.baseline) / 1000)), cpuMedianMs: Math.round(median(cpu.baseline)) },
      train: { ...versus('train'), autoThreads: autoChoice },
      trainOneThread: versus('trainOneThread'),
      trainTwoThreads: versus('trainTwoThreads'),
      runsMs: {
        baseline: ms.baseline.map(Math.round),
        trainOneThread: ms.trainOneThread.map(Math.round),
        trainTwoThreads: ms.trainTwoThreads.map(Math.round),
      },
      cpuMs: cpu,
    });
    await rm(path, { force: true });
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.stdout.write(
  `${JSON.stringify({ benchmark: 'train-process', runs: RUNS, node: process.version, loadAverage1m: load.map((l) => Number(l.toFixed(2))), results }, null, 2)}\n`,
);
