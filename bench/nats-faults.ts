/**
 * Benchmark (long fault runs): `rxlogit learn` processes killed with SIGKILL
 * at random moments while samples are published to a real nats-server,
 * compared with one uninterrupted learner over the same stream. The short
 * versions run in `npm test` (test/broker/learner-faults.test.ts).
 *
 * Prints one JSON object: for the kill run and the failover run (a standby
 * beside the leader), whether the final model is bit-identical, and the
 * takeover times (median, max) from each kill to the standby's `leader` event.
 *
 * Usage: npx tsx bench/nats-faults.ts [--kills K] [--samples N] [--lease-ms L]
 * Defaults: 20 kills, 1,000,000 samples (1,000 messages of 1,000), lease 1,000 ms.
 *
 * @module
 */
import { parseArgs } from '../src/cli/args.js';
import { runFaultScenario } from '../test/broker/fault-scenario.js';
import type { FaultScenarioResult } from '../test/broker/fault-scenario.js';
import { startNatsServer } from '../test/broker/nats-server.js';

const OPTIONS = {
  kills: { kind: 'integer', range: 'positive', description: 'kill -9s per run (default 20)' },
  samples: { kind: 'integer', range: 'positive', description: 'samples per run, 1,000 a message (default 1000000)' },
  'lease-ms': { kind: 'integer', range: 'positive', description: 'leader lease (default 1000)' },
  only: { kind: 'choice', choices: ['kills', 'failover'], description: 'run one of the two' },
} as const;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const summary = (r: FaultScenarioResult, seconds: number) => ({
  kills: r.kills,
  samples: r.samples,
  learned: r.stored.seen,
  bitIdentical: r.stored.seen === r.reference.seen && r.stored.bias === r.reference.bias && r.stored.weights.every((w, i) => Object.is(w, r.reference.weights[i])),
  seconds: Number(seconds.toFixed(1)),
  ...(r.takeoverMs.length > 0 ? { takeoverMs: { median: median(r.takeoverMs), max: Math.max(...r.takeoverMs), all: r.takeoverMs } } : {}),
});

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const kills = options.kills ?? 20;
const messages = Math.ceil((options.samples ?? 1_000_000) / 1000);
const leaseMs = options['lease-ms'] ?? 1000;
const nats = await startNatsServer();
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
try {
  const out: Record<string, unknown> = { bench: 'nats-faults', leaseMs };
  for (const standby of [false, true]) {
    if (options.only !== undefined && (options.only === 'failover') !== standby) continue;
    const started = performance.now();
    const name = standby ? 'FAILOVER' : 'KILLS';
    const r = await runFaultScenario({ url: nats.url, name, messages, samplesPerMessage: 1000, kills, standby, leaseMs, log });
    out[standby ? 'failover' : 'kills'] = summary(r, (performance.now() - started) / 1000);
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} finally {
  await nats.stop();
}
