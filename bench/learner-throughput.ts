/**
 * Throughput of the stream layer against loops with no RxJS: the same
 * in-memory samples (two inputs, seeded Gaussian classes), ratios to a
 * baseline measured in the same run, medians of interleaved rounds.
 *
 *   npx tsx bench/learner-throughput.ts [--samples 1000000] [--runs 7] [--shared]
 *
 * Each round runs every case once, in turn. By default each case runs in a
 * fresh child process (warmed up with five untimed passes, then the fastest
 * of five timed passes), so that no case's JIT feedback slows another's:
 * `learnOne` called from several places with several shapes is slower
 * everywhere. `--shared` runs every case in this one process instead (what
 * an application that mixes all the paths would see).
 *
 * Prints JSON: samples/s per case, and its ratio to the baseline (the core's
 * `learnOne` in a plain loop) and to a hand-inlined loop of the same delta
 * rule (no calls, no checks): issue 3's targets are ratios to the latter
 * (`met`). A third reference, the hand loop with one `Math.exp` per sample,
 * shows what the core's shared e^(−|z|) is worth.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { CASES, caseNames, timeCase } from './learner-throughput-cases.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`--${name} must be an integer ≥ 1, got ${args[i + 1]}`);
  return v;
};
const N = flag('samples', 1_000_000);
const RUNS = Math.max(5, flag('runs', 7));
const caseArg = args.indexOf('--case');

if (caseArg >= 0) {
  // Child mode: one case, printed as the fastest of five passes after five warm-up passes.
  const name = args[caseArg + 1]!;
  console.log(JSON.stringify(timeCase(name, N, 5, 5)));
} else {
  const shared = args.includes('--shared');
  const names = caseNames();
  const ms: Record<string, number[]> = {};
  const finals: Record<string, number[]> = {};
  const load = [loadavg()[0]!];
  for (let round = 0; round < RUNS; round++) {
    for (const name of names) {
      const r = shared
        ? timeCase(name, N, round === 0 ? 1 : 0, 1)
        : (JSON.parse(
            execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--case', name, '--samples', String(N)], { encoding: 'utf8' }),
          ) as { ms: number; final: number[] });
      (ms[name] ??= []).push(r.ms);
      finals[name] = r.final;
    }
    load.push(loadavg()[0]!);
  }
  const median = (v: number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const rate = (name: string): number => N / (median(ms[name]!) / 1000);
  const base = rate(names[0]!);
  const hand = rate(names[1]!);
  const reference = finals[names[0]!]!;
  console.log(
    JSON.stringify(
      {
        bench: 'learner-throughput',
        mode: shared ? 'shared process' : 'one process per case and round',
        samples: N,
        inputs: 2,
        runs: RUNS,
        node: process.version,
        loadAverage1m: load.map((l) => Number(l.toFixed(2))),
        results: names.map((name) => ({
          case: name,
          samplesPerSecond: Math.round(rate(name)),
          ratioToBaseline: Number((rate(name) / base).toFixed(3)),
          ratioToHandInlined: Number((rate(name) / hand).toFixed(3)),
          target: CASES[name]!.target,
          met: CASES[name]!.target === null ? null : rate(name) / hand >= CASES[name]!.target!,
          medianMs: Number(median(ms[name]!).toFixed(2)),
          runsMs: ms[name]!.map((t) => Number(t.toFixed(1))),
          sameWeightsAsBaseline: CASES[name]!.perSample ? finals[name]!.every((w, i) => Object.is(w, reference[i])) : null,
        })),
      },
      null,
      2,
    ),
  );
}
