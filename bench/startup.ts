/**
 * Benchmark: start-up of the command line and import cost of the entry
 * points, each in a fresh `node` process, against `node -e 0` measured in the
 * same run. The cases run interleaved (one of each per round) and the JSON
 * printed holds each case's median wall time in ms and its ratio to the
 * baseline. Runs the compiled `dist/`, as users do: `npm run build` first.
 *
 * Usage: npx tsx bench/startup.ts [--runs 7]
 * Target: `node bin/rxlogit.js --help` at most 2.5× `node -e 0`.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(values.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new RangeError(`--runs: expected a positive integer, got ${values.runs}`);
if (!existsSync(`${ROOT}dist/cli/entry.js`)) throw new Error('dist/ is missing: run `npm run build` first');

const importing = (entry: string): string[] => ['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`];
/** name → arguments of `node`, run in the package folder (so `rxlogit` resolves to this package). */
const CASES: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'rxlogit --help': ['bin/rxlogit.js', '--help'],
  'rxlogit train --help': ['bin/rxlogit.js', 'train', '--help'],
  "import('rxlogit/core')": importing('rxlogit/core'),
  "import('rxlogit')": importing('rxlogit'),
  "import('rxlogit/server')": importing('rxlogit/server'),
};

function timeOnce(args: readonly string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const times = new Map<string, number[]>(Object.keys(CASES).map((name) => [name, []]));
for (const args of Object.values(CASES)) timeOnce(args); // warm the file cache
for (let round = 0; round < RUNS; round++) {
  for (const [name, args] of Object.entries(CASES)) times.get(name)!.push(timeOnce(args));
}

const baseline = median(times.get('node -e 0')!);
const cases = Object.fromEntries(
  [...times].map(([name, ms]) => [name, { medianMs: Number(median(ms).toFixed(1)), ratio: Number((median(ms) / baseline).toFixed(2)) }]),
);
const help = cases['rxlogit --help']!;
console.log(
  JSON.stringify(
    {
      benchmark: 'startup',
      runs: RUNS,
      node: process.version,
      baselineMs: Number(baseline.toFixed(1)),
      cases,
      target: { case: 'rxlogit --help', maxRatio: 2.5, met: help.ratio <= 2.5 },
    },
    null,
    2,
  ),
);
