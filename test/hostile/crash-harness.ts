/**
 * Crash-recovery harness, shared by `test/hostile/crash-recovery.test.ts`
 * (a few kills) and `bench/crash-recovery.ts` (20 or more).
 *
 * One client feeds the server (`crash-server.ts`, a child process) a seeded
 * sequence of samples in batches with increasing ids, a few batches in
 * flight, and counts the acknowledged ones. At a seeded random moment after
 * the first ack the server is killed with SIGKILL, then restarted on the same
 * checkpoint. After each kill the harness checks that the checkpoint loads,
 * that its model is bit for bit the model learned by the core from the first
 * `seen` samples of the sequence, and that the restarted server starts from
 * it; it counts the acknowledged samples the checkpoint lacks (lost). The
 * client then resumes from sample `seen`. A last run ends with SIGTERM (a
 * graceful stop), which must lose nothing.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { WebSocket } from 'ws';
import { createModel, learnOne } from '../../src/core/index.js';
import type { LogisticModel, Sample } from '../../src/core/index.js';
import { readCheckpointSync } from '../../src/io/checkpoint-file.js';

const CHILD = fileURLToPath(new URL('./crash-server.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LR = 0.05;

/** Options of {@link runCrashRecovery}. */
export interface CrashOptions {
  /** SIGKILLs (default 20). */
  readonly kills?: number;
  /** Seeds the samples and the kill moments (default 1). */
  readonly seed?: number;
  /** Ask for durable acks (sent only once a checkpoint holds the samples) (default false). */
  readonly durable?: boolean;
  /** The checkpoint file (its folder must exist and should be empty). */
  readonly checkpoint: string;
  /** Samples between checkpoints (default 500). */
  readonly everySamples?: number;
  /** Samples per message (default 10). */
  readonly batch?: number;
  /** Messages in flight (default 4). */
  readonly inflight?: number;
  /** The kill comes uniformly between these many ms after the first ack of a run (default 100 and 1200). */
  readonly killAfterMs?: readonly [number, number];
  /** Messages per second the server allows a client (default 100,000: the rate limit is not what is tested here). */
  readonly maxMessagesPerSecond?: number;
}

/** What one run of the server ended with. */
export interface CrashRecord {
  /** 1-based; the graceful stop after the last kill is `kills + 1`. */
  readonly run: number;
  readonly signal: 'SIGKILL' | 'SIGTERM';
  /** The sample the run started from (the previous checkpoint's `seen`). */
  readonly startedAt: number;
  /** The restarted server's first step showed this many samples learned. */
  readonly resumedN: number;
  /** Samples sent and acknowledged (counted from the start of the sequence). */
  readonly sent: number;
  readonly acked: number;
  /** The checkpoint's `seen` after the run (0 when no checkpoint was written yet). */
  readonly checkpointSeen: number;
  /** Whether a checkpoint file existed and loaded. */
  readonly loaded: boolean;
  /** Whether its weights and bias are bit-identical to the core's after `checkpointSeen` samples. */
  readonly prefixMatch: boolean;
  /** Acknowledged samples the checkpoint does not hold. */
  readonly lost: number;
  /** Samples the checkpoint holds whose ack never arrived (not lost: the client resumes after them). */
  readonly savedUnacked: number;
  /** ms from the first ack to the signal. */
  readonly killAfterMs: number;
}

/** The result of {@link runCrashRecovery}. */
export interface CrashReport {
  readonly durable: boolean;
  readonly kills: number;
  readonly everySamples: number;
  readonly batch: number;
  readonly inflight: number;
  readonly records: readonly CrashRecord[];
  /** Kills after which the checkpoint loaded (or none had been written yet) and matched a prefix. */
  readonly survived: number;
  /** Lost acknowledged samples per kill. */
  readonly lost: { readonly max: number; readonly median: number; readonly total: number };
  /** Leftover temporary files of interrupted checkpoint writes, in the checkpoint's folder at the end. */
  readonly leftoverTempFiles: number;
  /** Problems found (empty when every check passed). */
  readonly failures: readonly string[];
  /** Samples acknowledged over the whole run, and the wall time. */
  readonly totalAcked: number;
  readonly ms: number;
}

/** A seeded, endless sequence of samples of two Gaussian classes, materialised as far as asked. */
class SampleSequence {
  readonly #rng: seedrandom.PRNG;
  readonly #samples: Sample[] = [];

  constructor(seed: number) {
    this.#rng = seedrandom(`crash-samples-${seed}`);
  }

  slice(from: number, to: number): Sample[] {
    while (this.#samples.length < to) {
      const t = this.#rng() < 0.5 ? 0 : 1;
      const normal = (): number => Math.sqrt(-2 * Math.log(1 - this.#rng())) * Math.cos(2 * Math.PI * this.#rng());
      this.#samples.push({ x: [(t === 1 ? 1.5 : -1.5) + normal(), 0.5 * normal() + (t === 1 ? 0.3 : -0.3)], t });
    }
    return this.#samples.slice(from, to);
  }
}

/** The core's model after the first k samples, advanced incrementally (k never decreases). */
class ReferenceModel {
  readonly model: LogisticModel = createModel({ inputs: 2, bias: true });
  constructor(readonly samples: SampleSequence) {}

  advanceTo(k: number): void {
    if (k < this.model.seen) throw new Error(`the reference cannot go back from ${this.model.seen} to ${k} samples`);
    for (const s of this.samples.slice(this.model.seen, k)) learnOne(this.model, s, { schedule: { kind: 'constant', lr: LR } });
  }
}

function startChild(
  o: Required<Omit<CrashOptions, 'kills' | 'seed' | 'durable' | 'killAfterMs'>>,
  token: string,
): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const args = ['--import', 'tsx', CHILD, '--checkpoint', o.checkpoint, '--every-samples', String(o.everySamples), '--token', token, '--lr', String(LR)];
  args.push('--max-messages-per-second', String(o.maxMessagesPerSecond));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), stderr: () => err });
    });
    child.once('exit', (code, signal) => reject(new Error(`the crash server exited (${code ?? signal}) before listening: ${err.trim()}`)));
  });
}

/**
 * Feeds one run of the server from sample `from` until its connection
 * closes; calls `onFirstAck` once.
 */
function feed(
  port: number,
  token: string,
  samples: SampleSequence,
  from: number,
  o: { batch: number; inflight: number; durable: boolean },
  onFirstAck: () => void,
  failures: string[],
): Promise<{ resumedN: number; sent: number; acked: number; closeCode: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${token}` } });
    let resumedN = -1, sent = from, acked = from, inflight = 0, firstAck = true;
    const pump = (): void => {
      while (inflight < o.inflight && ws.readyState === WebSocket.OPEN) {
        const batch = samples.slice(sent, sent + o.batch);
        ws.send(JSON.stringify({ type: 'samples', id: sent + o.batch, samples: batch, ...(o.durable ? { durable: true } : {}) }));
        sent += o.batch;
        inflight++;
      }
    };
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; n?: number; id?: number; accepted?: number; rejected?: unknown[]; durable?: boolean; message?: string };
      if (m.type === 'step' && resumedN < 0) {
        resumedN = m.n!;
        if (resumedN !== from) failures.push(`the restarted server resumed at ${resumedN} samples, its checkpoint holds ${from}`);
        pump();
      } else if (m.type === 'ack') {
        inflight--;
        if (m.id! <= acked) failures.push(`ack ${m.id} came after ack ${acked}: out of order`);
        if (m.accepted !== o.batch || (m.rejected?.length ?? 0) > 0) failures.push(`ack ${m.id}: accepted ${m.accepted}, rejected ${m.rejected?.length}`);
        if (o.durable && m.durable !== true) failures.push(`ack ${m.id} is not marked durable`);
        if (!o.durable && m.n !== m.id) failures.push(`ack ${m.id} says the model has seen ${m.n} samples`);
        acked = Math.max(acked, m.id!);
        if (firstAck) {
          firstAck = false;
          onFirstAck();
        }
        pump();
      } else if (m.type === 'error') {
        failures.push(`error from the server: ${m.message}`);
      }
    });
    ws.on('error', (e) => {
      if (resumedN < 0) reject(e);
    });
    ws.on('close', (closeCode) => resolve({ resumedN, sent, acked, closeCode }));
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Runs the crash loop: `kills` SIGKILLs, then a graceful SIGTERM, checking the checkpoint after each.
 *
 * @example
 * ```ts
 * const report = await runCrashRecovery({ kills: 3, seed: 1, checkpoint: '/tmp/x/ckpt.json' });
 * report.failures; // []
 * ```
 */
export async function runCrashRecovery(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const kills = options.kills ?? 20;
  const durable = options.durable ?? false;
  const o = {
    checkpoint: options.checkpoint,
    everySamples: options.everySamples ?? 500,
    batch: options.batch ?? 10,
    inflight: options.inflight ?? 4,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 100_000,
  };
  const [minDelay, maxDelay] = options.killAfterMs ?? [100, 1200];
  const rng = seedrandom(`crash-kills-${options.seed ?? 1}`);
  const samples = new SampleSequence(options.seed ?? 1);
  const reference = new ReferenceModel(samples);
  const token = `crash-token-${options.seed ?? 1}-0123456789`;
  const failures: string[] = [];
  const records: CrashRecord[] = [];
  let from = 0;
  for (let run = 1; run <= kills + 1; run++) {
    const signal = run <= kills ? 'SIGKILL' : 'SIGTERM';
    const delay = Math.round(minDelay + rng() * (maxDelay - minDelay));
    const { child, port, stderr } = await startChild(o, token);
    const exited = new Promise<string>((resolve) => child.once('exit', (code, killedBy) => resolve(code === null ? String(killedBy) : String(code))));
    let timer: NodeJS.Timeout | undefined;
    let signalled = false;
    const fed = await feed(port, token, samples, from, { ...o, durable }, () => {
      timer = setTimeout(() => {
        signalled = true;
        child.kill(signal);
      }, delay);
    }, failures);
    clearTimeout(timer);
    if (!signalled) failures.push(`run ${run}: the server closed the connection (code ${fed.closeCode}) before the ${signal}`);
    // A graceful stop closes the connection before its final checkpoint: wait for the exit (10 s at most).
    const signalledAt = performance.now();
    const grace = setTimeout(() => child.kill('SIGKILL'), signal === 'SIGTERM' ? 10_000 : 0);
    const code = await exited;
    clearTimeout(grace);
    if (signal === 'SIGTERM' && code !== '0') {
      failures.push(`run ${run}: a graceful stop ended with ${code} after ${Math.round(performance.now() - signalledAt)} ms: ${stderr().trim()}`);
    }

    let loaded = false, seen = 0, prefixMatch = false;
    try {
      const snapshot = readCheckpointSync(o.checkpoint);
      if (snapshot !== undefined) {
        loaded = true;
        seen = snapshot.seen;
        if (seen > fed.sent) failures.push(`run ${run}: the checkpoint holds ${seen} samples, only ${fed.sent} were sent`);
        else if (seen < from) failures.push(`run ${run}: the checkpoint went back from ${from} to ${seen} samples`);
        else {
          reference.advanceTo(seen);
          const m = reference.model;
          prefixMatch =
            snapshot.weights.length === m.weights.length &&
            snapshot.weights.every((w, i) => Object.is(w, m.weights[i])) &&
            Object.is(snapshot.bias, m.bias) &&
            snapshot.updates === m.updates;
          if (!prefixMatch) failures.push(`run ${run}: the checkpoint's model (seen ${seen}) is not the model of the first ${seen} samples`);
        }
      } else if (fed.acked > o.everySamples + o.batch * o.inflight) {
        failures.push(`run ${run}: no checkpoint after ${fed.acked} acknowledged samples`);
      }
    } catch (error) {
      failures.push(`run ${run}: the checkpoint did not load: ${(error as Error).message}`);
    }
    const lost = Math.max(0, fed.acked - seen);
    if (durable && lost > 0) failures.push(`run ${run}: ${lost} samples with durable acks were lost`);
    if (lost > o.everySamples) failures.push(`run ${run}: ${lost} acknowledged samples lost, more than the checkpoint interval (${o.everySamples})`);
    if (signal === 'SIGTERM' && lost > 0) failures.push(`run ${run}: a graceful stop lost ${lost} acknowledged samples`);
    records.push({
      run,
      signal,
      startedAt: from,
      resumedN: fed.resumedN,
      sent: fed.sent,
      acked: fed.acked,
      checkpointSeen: seen,
      loaded,
      prefixMatch: loaded ? prefixMatch : seen === 0,
      lost,
      savedUnacked: Math.max(0, seen - fed.acked),
      killAfterMs: delay,
    });
    from = seen;
  }
  const killed = records.filter((r) => r.signal === 'SIGKILL');
  const lostPerKill = killed.map((r) => r.lost);
  const leftoverTempFiles = readdirSync(dirname(o.checkpoint)).filter((f) => f.endsWith('.tmp')).length;
  return {
    durable,
    kills,
    everySamples: o.everySamples,
    batch: o.batch,
    inflight: o.inflight,
    records,
    survived: killed.filter((r) => r.prefixMatch && r.resumedN === r.startedAt).length,
    lost: { max: Math.max(0, ...lostPerKill), median: median(lostPerKill), total: lostPerKill.reduce((a, b) => a + b, 0) },
    leftoverTempFiles,
    failures,
    totalAcked: Math.max(...records.map((r) => r.acked)),
    ms: Math.round(performance.now() - started),
  };
}

/** The checkpoint path inside a fresh folder name, for callers that make the folder. */
export function checkpointIn(folder: string): string {
  return join(folder, 'crash.ckpt.json');
}
