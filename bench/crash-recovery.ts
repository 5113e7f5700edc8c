/**
 * Crash recovery under SIGKILL, on loopback only:
 *
 *   npx tsx bench/crash-recovery.ts [--kills 20] [--seed 1] [--every-samples 500] [--batch 10] [--inflight 4] [--mode both|plain|durable]
 *
 * For each mode (plain acks, then durable acks), starts the crash server
 * (`test/hostile/crash-server.ts`: `startServer` + an `OnlineLearner`
 * checkpointing every `--every-samples` samples to a temporary file) as a
 * child process, feeds it seeded samples in acknowledged batches, SIGKILLs it
 * `--kills` times at seeded random moments (100–1200 ms after the first ack
 * of each run), restarts it on the same checkpoint, and finally stops it with
 * SIGTERM. After each kill: the checkpoint loads, its model is bit-identical
 * to the core's model of the first `seen` samples, and the acknowledged
 * samples it lacks are counted. Prints one JSON object (per mode: kills
 * survived, lost per kill max/median, every run's record, failures).
 * Exit code 1 when a check failed.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../src/cli/args.js';
import { checkpointIn, runCrashRecovery } from '../test/hostile/crash-harness.js';
import type { CrashReport } from '../test/hostile/crash-harness.js';

const OPTIONS = {
  kills: { kind: 'integer', range: 'positive', description: 'SIGKILLs per mode (default 20)' },
  seed: { kind: 'integer', range: 'non-negative', description: 'seeds the samples and the kill moments (default 1)' },
  'every-samples': { kind: 'integer', range: 'positive', description: 'samples between checkpoints (default 500)' },
  batch: { kind: 'integer', range: 'positive', description: 'samples per message (default 10)' },
  inflight: { kind: 'integer', range: 'positive', description: 'messages in flight (default 4)' },
  mode: { kind: 'choice', choices: ['both', 'plain', 'durable'], description: 'which acks (default both)' },
} as const;

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const modes = options.mode === 'plain' ? [false] : options.mode === 'durable' ? [true] : [false, true];
const results: Record<string, Omit<CrashReport, 'records'> & { records: unknown[] }> = {};
let failed = false;
for (const durable of modes) {
  const folder = mkdtempSync(join(tmpdir(), 'rxlogit-crash-'));
  try {
    const report = await runCrashRecovery({
      kills: options.kills ?? 20,
      seed: options.seed ?? 1,
      durable,
      checkpoint: checkpointIn(folder),
      ...(options['every-samples'] === undefined ? {} : { everySamples: options['every-samples'] }),
      ...(options.batch === undefined ? {} : { batch: options.batch }),
      ...(options.inflight === undefined ? {} : { inflight: options.inflight }),
    });
    failed ||= report.failures.length > 0;
    // One compact line per run: [run, signal, startedAt, acked, checkpointSeen, lost, savedUnacked, killAfterMs].
    results[durable ? 'durable' : 'plain'] = {
      ...report,
      records: report.records.map((r) => [r.run, r.signal, r.startedAt, r.acked, r.checkpointSeen, r.lost, r.savedUnacked, r.killAfterMs]),
    };
    process.stderr.write(`crash-recovery (${durable ? 'durable' : 'plain'} acks): ${report.survived}/${report.kills} kills survived, lost max ${report.lost.max} median ${report.lost.median}, ${report.failures.length} failures\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
process.stdout.write(`${JSON.stringify({ recordColumns: ['run', 'signal', 'startedAt', 'acked', 'checkpointSeen', 'lost', 'savedUnacked', 'killAfterMs'], ...results }, null, 1)}\n`);
process.exitCode = failed ? 1 : 0;
