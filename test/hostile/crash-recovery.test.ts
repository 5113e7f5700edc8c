// The short version of bench/crash-recovery.ts: three SIGKILLs of a real
// server child process per mode, then a graceful stop. The long run (20 kills
// or more) is `npx tsx bench/crash-recovery.ts --kills 20 --seed 1`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkpointIn, runCrashRecovery } from './crash-harness.js';

const KILLS = 3;
const EVERY = 500;
let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('crash recovery under SIGKILL', () => {
  it('with plain acks: the checkpoint always loads, holds a prefix of the samples bit for bit, and lacks at most one interval of acknowledged samples', { timeout: 90_000 }, async () => {
    folder = mkdtempSync(join(tmpdir(), 'rxlogit-crash-'));
    const report = await runCrashRecovery({ kills: KILLS, seed: 7, checkpoint: checkpointIn(folder), everySamples: EVERY, killAfterMs: [100, 600] });
    console.info(`hostile: crash (plain acks): ${report.survived}/${KILLS} survived, lost per kill max ${report.lost.max} median ${report.lost.median}, ${report.totalAcked} acked in ${report.ms} ms`);
    expect(report.failures).toEqual([]);
    expect(report.survived).toBe(KILLS);
    expect(report.records.every((r) => r.prefixMatch)).toBe(true);
    expect(report.lost.max).toBeLessThanOrEqual(EVERY);
    // The run made progress across the restarts, and the graceful stop lost nothing.
    expect(report.records.at(-1)!.checkpointSeen).toBeGreaterThan(0);
    expect(report.records.at(-1)!.lost).toBe(0);
  });

  it('with durable acks: no acknowledged sample is ever lost', { timeout: 90_000 }, async () => {
    folder = mkdtempSync(join(tmpdir(), 'rxlogit-crash-'));
    const report = await runCrashRecovery({ kills: KILLS, seed: 8, durable: true, checkpoint: checkpointIn(folder), everySamples: EVERY, killAfterMs: [100, 600] });
    console.info(`hostile: crash (durable acks): ${report.survived}/${KILLS} survived, lost per kill max ${report.lost.max}, ${report.totalAcked} acked in ${report.ms} ms`);
    expect(report.failures).toEqual([]);
    expect(report.survived).toBe(KILLS);
    expect(report.lost.total).toBe(0);
    expect(report.records.at(-1)!.checkpointSeen).toBeGreaterThan(0);
  });
});
