// Regression tests for what the crash bench caught: with a checkpoint every N
// samples, plain acks ran thousands of samples ahead of the checkpoint on disk
// when writes were slower than the feed (a SIGKILL lost 2,440 acknowledged
// samples with N = 500); and once acks could wait for a write, a later ack
// overtook an earlier one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readCheckpointSync } from '../../src/io/checkpoint-file.js';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { makeLearner } from './hostile-helpers.js';

const TOKEN = 'plain-acks-token-0123456789';
const EVERY = 100;
let folder: string;
let server: RunningServer | undefined;
let learner: OnlineLearner | undefined;

afterEach(async () => {
  await server?.close();
  await learner?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** Sends `messages` batches of `batch` samples with `inflight` in flight; calls `onAck` with each ack. */
function feed(port: number, o: { messages: number; batch: number; inflight: number; durableEvery?: number }, onAck: (ack: { id: number; n: number }) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    let sent = 0, acked = 0, inflight = 0;
    const pump = (): void => {
      while (inflight < o.inflight && sent < o.messages) {
        const samples = Array.from({ length: o.batch }, (_, i) => ({ x: [Math.sin(sent * o.batch + i), Math.cos(sent + i)], t: (sent + i) % 2 }));
        sent++;
        const durable = o.durableEvery !== undefined && sent % o.durableEvery === 0;
        ws.send(JSON.stringify({ type: 'samples', id: sent, samples, ...(durable ? { durable: true } : {}) }));
        inflight++;
      }
    };
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; id: number; n: number; message?: string };
      if (m.type === 'snapshot') pump();
      if (m.type === 'error') reject(new Error(m.message));
      if (m.type !== 'ack') return;
      inflight--;
      acked++;
      onAck(m);
      if (acked === o.messages) {
        ws.close();
        resolve();
      } else pump();
    });
    ws.on('error', reject);
  });
}

describe('plain acks with a checkpoint every N samples', () => {
  it('never run more than N samples ahead of the checkpoint on disk (a crash loses at most N acknowledged samples)', async () => {
    folder = mkdtempSync(join(tmpdir(), 'rxlogit-plain-acks-'));
    const path = join(folder, 'ckpt.json');
    learner = makeLearner({ checkpoint: { path, everySamples: EVERY } });
    server = await startServer({ learner, port: 0, token: TOKEN, maxMessagesPerSecond: 100_000 });
    let worst = 0;
    await feed(server.port, { messages: 400, batch: 10, inflight: 8 }, (ack) => {
      const onDisk = readCheckpointSync(path)?.seen ?? 0;
      worst = Math.max(worst, ack.n - onDisk);
    });
    expect(worst).toBeLessThanOrEqual(EVERY);
    expect(learner.currentStep().n).toBe(4000);
  });

  it('leave in the order of their messages when some wait for a write', async () => {
    folder = mkdtempSync(join(tmpdir(), 'rxlogit-plain-acks-'));
    learner = makeLearner({ checkpoint: { path: join(folder, 'ckpt.json'), everySamples: EVERY } });
    server = await startServer({ learner, port: 0, token: TOKEN, maxMessagesPerSecond: 100_000 });
    const ids: number[] = [];
    // Plain acks mixed with durable ones (every 7th message), which always wait for a write.
    await feed(server.port, { messages: 300, batch: 10, inflight: 8, durableEvery: 7 }, (ack) => ids.push(ack.id));
    expect(ids).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });
});
