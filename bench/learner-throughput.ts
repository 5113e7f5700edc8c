/**
 * Throughput of the learning paths against hand-written loops, measured in
 * the same run: the same N in-memory samples (two inputs, seeded Gaussian
 * classes), each case a ratio to its own baseline (the hand per-sample
 * delta-rule loop with log loss, or the hand mini-batch loop), medians of
 * interleaved rounds.
 *
 *   npx tsx bench/learner-throughput.ts [--samples 1000000] [--runs 7] [--shared] [--case NAME]…
 *
 * Each round runs every case once, in turn, each in a fresh child process
 * (five untimed warm-up passes, then the fastest of five timed passes), so
 * that no case's JIT feedback slows another's. `--shared` runs them all in
 * this process instead. Prints JSON: samples/s per case, its ratio to its
 * baseline in each round (the ratio of the medians, and the spread of the
 * per-round ratios), the target, and whether the weights equal those of the
 * case it must agree with. A stream case also names the bare core doing the
 * same work (`core`): `ratioToCore` is what the stream layer costs over it.
 * A case may name its ceiling (`ceiling`, see `hand-loops.ts`): a loop doing
 * the case's extra work with nothing else in the way; `ceilingRatio` is
 * what that reached in the same run.
 * The `cpu…` figures are the same ratios on CPU time (`process.cpuUsage()`),
 * which other work on a busy machine disturbs less than the wall clock.
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
const child = args.indexOf('--child');

if (child >= 0) {
  console.log(JSON.stringify(timeCase(args[child + 1]!, N, 5, 5)));
} else {
  const shared = args.includes('--shared');
  const picked = args.flatMap((a, i) => (a === '--case' ? [args[i + 1]!] : []));
  const wanted = new Set(picked.flatMap((n) => [n, CASES[n]?.core ?? n, CASES[n]?.ceiling ?? n]));
  const names = caseNames().filter((n) => picked.length === 0 || wanted.has(n) || CASES[n]!.baseline === null);
  const ms: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const finals: Record<string, number[]> = {};
  const load = [loadavg()[0]!];
  for (let round = 0; round < RUNS; round++) {
    for (const name of names) {
      const r = shared
        ? timeCase(name, N, round === 0 ? 1 : 0, 1)
        : (JSON.parse(
            execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', name, '--samples', String(N)], { encoding: 'utf8' }),
          ) as { ms: number; cpuMs: number; final: number[] });
      (ms[name] ??= []).push(r.ms);
      (cpu[name] ??= []).push(r.cpuMs);
      finals[name] = r.final;
    }
    load.push(loadavg()[0]!);
  }
  const median = (v: readonly number[]): number => {
    const s = [...v].sort((a, b) => a - b);
    return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  const rate = (name: string): number => N / (median(ms[name]!) / 1000);
  const round3 = (v: number): number => Number(v.toFixed(3));
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
        results: names.map((name) => {
          const c = CASES[name]!;
          const base = c.baseline;
          // Each round's ratio uses that round's baseline: the spread shows the machine's noise.
          const perRound = base === null ? [] : ms[name]!.map((t, i) => ms[base]![i]! / t);
          const ratio = base === null ? null : rate(name) / rate(base);
          const other = c.sameWeightsAs === null ? null : finals[c.sameWeightsAs];
          return {
            case: name,
            samplesPerSecond: Math.round(rate(name)),
            baseline: base,
            ratio: ratio === null ? null : round3(ratio),
            // What the stream layer costs over the bare core doing the same work (1 = nothing).
            core: c.core ?? null,
            ratioToCore: c.core === undefined || ms[c.core] === undefined ? null : round3(rate(name) / rate(c.core)),
            ratioToCoreSpread:
              c.core === undefined || ms[c.core] === undefined
                ? null
                : ((r) => [round3(Math.min(...r)), round3(Math.max(...r))])(ms[name]!.map((t, i) => ms[c.core!]![i]! / t)),
            // The ratio its ceiling reached in this run: the most this case can be expected to reach.
            ceiling: c.ceiling ?? null,
            ceilingRatio: c.ceiling === undefined || ms[c.ceiling] === undefined ? null : round3(rate(c.ceiling) / rate(base!)),
            ratioSpread: perRound.length === 0 ? null : [round3(Math.min(...perRound)), round3(Math.max(...perRound))],
            target: c.target,
            met: c.target === null || ratio === null ? null : ratio >= c.target,
            withinNoise: c.target === null || ratio === null ? null : Math.abs(ratio - c.target) <= 0.02,
            cpuRatio: base === null ? null : round3(median(cpu[base]!) / median(cpu[name]!)),
            cpuRatioToCore: c.core === undefined || cpu[c.core] === undefined ? null : round3(median(cpu[c.core]!) / median(cpu[name]!)),
            medianMs: Number(median(ms[name]!).toFixed(2)),
            medianCpuMs: Number(median(cpu[name]!).toFixed(2)),
            runsMs: ms[name]!.map((t) => Number(t.toFixed(1))),
            sameWeightsAs: c.sameWeightsAs,
            sameWeights: other === undefined || other === null ? null : finals[name]!.every((w, i) => Object.is(w, other[i])),
          };
        }),
      },
      null,
      2,
    ),
  );
}
