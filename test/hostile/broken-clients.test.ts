// Hostile and broken clients against a real server on 127.0.0.1, port 0: each
// case ends with its documented error or close code, the server stays up, and
// a bystander keeps getting its steps throughout.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { CloseCode } from '../../src/server/protocol.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { Bystander, connect, isType, keepLearning, makeLearner, rawHandshake, sleep, upgradeStatus, waitUntil } from './hostile-helpers.js';

const TOKEN = 'hostile-write-token-0123456789';
const ALLOWED = 'http://dashboard.example:8080';
let learner: OnlineLearner;
let server: RunningServer;
let bystander: Bystander;
let stopLearning = (): void => {};

beforeAll(async () => {
  learner = makeLearner();
  server = await startServer({
    learner,
    port: 0,
    token: TOKEN,
    origins: [ALLOWED],
    maxPayload: 4096,
    maxMessagesPerSecond: 20,
    heartbeatMs: 250,
    bufferLimit: 64 * 1024,
    stallTimeoutMs: 1000,
    viewIntervalMs: 200,
  });
  stopLearning = keepLearning(learner, 5);
  bystander = new Bystander(server.url);
  await bystander.opened;
});

afterAll(async () => {
  stopLearning();
  bystander.close();
  await server.close();
  await learner.close();
});

/** Runs a case, then checks that the server still takes clients and the bystander kept its steps. */
async function survives(run: () => Promise<void>): Promise<void> {
  const from = performance.now();
  await run();
  await sleep(300);
  const to = performance.now();
  expect(bystander.open).toBe(true);
  // Steps kept reaching the bystander during the case (default 10 per second).
  expect(bystander.times.some((t) => t >= from && t <= to)).toBe(true);
  const fresh = await connect(server.url);
  await fresh.waitFor(isType('hello'));
  fresh.close();
}

describe('broken and hostile clients', () => {
  it('closes a client that sends a frame over maxPayload with 1009', () =>
    survives(async () => {
      const big = await connect(server.url, { bearer: TOKEN });
      big.send({ type: 'samples', id: 'big', samples: Array.from({ length: 400 }, () => ({ x: [1.25, -3.5], t: 1 })) });
      expect((await big.closed).code).toBe(CloseCode.tooBig);
    }));

  it('closes a client that sends faster than its limit with 1008 and says why', () =>
    survives(async () => {
      const fast = await connect(server.url);
      for (let i = 0; i < 60; i++) fast.send({ type: 'predict', id: i, x: [[0, 0]] });
      const closed = await fast.closed;
      expect(closed.code).toBe(CloseCode.policy);
      expect(closed.reason).toMatch(/rate limit exceeded: at most 20 messages per second/);
      // The messages within the limit were answered.
      expect(fast.ofType('prediction').length).toBeGreaterThan(0);
      expect(fast.ofType('prediction').length).toBeLessThanOrEqual(21);
    }));

  it('answers writes without a token with "unauthorized" and learns nothing from them', () =>
    survives(async () => {
      const reader = await connect(server.url);
      const before = learner.currentStep().n;
      stopLearning();
      const nBefore = learner.currentStep().n;
      const answer = await reader.request({ type: 'samples', id: 's1', samples: [{ x: [1, 2], t: 1 }] });
      expect(answer).toMatchObject({ type: 'error', code: 'unauthorized', id: 's1' });
      const control = await reader.request({ type: 'control', id: 'c1', action: 'reset' });
      expect(control).toMatchObject({ type: 'error', code: 'unauthorized', id: 'c1' });
      expect(learner.currentStep().n).toBe(nBefore);
      expect(learner.currentStep().n).toBeGreaterThanOrEqual(before);
      expect(reader.ws.readyState).toBe(reader.ws.OPEN); // an error, not a close
      reader.close();
      stopLearning = keepLearning(learner, 5);
    }));

  it('refuses a wrong token at the upgrade with 401, by header or query', () =>
    survives(async () => {
      expect(await upgradeStatus(server.url, { bearer: `${TOKEN.slice(0, -1)}X` })).toBe(401);
      expect(await upgradeStatus(server.url, { token: 'not-the-token' })).toBe(401);
      expect(await upgradeStatus(server.url, { bearer: TOKEN })).toBe(101);
    }));

  it('refuses a page of another origin with 403 and lets the allowed one (and the server’s own) in', () =>
    survives(async () => {
      expect(await upgradeStatus(server.url, { origin: 'http://evil.example' })).toBe(403);
      expect(await upgradeStatus(server.url, { origin: 'http://evil.example', token: TOKEN })).toBe(403);
      expect(await upgradeStatus(server.url, { origin: ALLOWED })).toBe(101);
      expect(await upgradeStatus(server.url, { origin: server.url.replace(/\/$/, '') })).toBe(101);
    }));

  it('terminates a ws client that never answers pings (heartbeat)', () =>
    survives(async () => {
      const mute = await connect(server.url, { autoPong: false });
      const closed = await mute.closed;
      expect(closed.code).toBe(1006); // terminated: no close frame
    }));

  it('terminates a raw socket that completes the handshake by hand and then ignores everything', () =>
    survives(async () => {
      const { socket, ended } = await rawHandshake(server.port);
      // Never read, never answer: the heartbeat (250 ms) ends it after two missed pongs, by 750 ms.
      await sleep(1200);
      socket.resume(); // drain what the server sent: the stream then ends, as the server ended it
      const how = await Promise.race([ended, sleep(3000).then(() => 'still open')]);
      expect(['end', 'close']).toContain(how);
      socket.destroy();
    }));
});

describe('a client that never reads', () => {
  it('is terminated after the stall limit while a bystander keeps its rate', async () => {
    const own = makeLearner();
    // Its big asks need a raised reader budget and row limit (the defaults would refuse or slow them).
    const stuckServer = await startServer({ learner: own, port: 0, heartbeatMs: 60_000, bufferLimit: 64 * 1024, stallTimeoutMs: 800, readerMaxPredictRows: 40_000, readerRowsPerSecond: 1e8 });
    const stop = keepLearning(own, 5);
    const watcher = new Bystander(stuckServer.url);
    try {
      await watcher.opened;
      const stuck = await connect(stuckServer.url);
      await stuck.waitFor(isType('snapshot'));
      (stuck.ws as unknown as { _socket: Socket })._socket.pause();
      // Ask for far more than the kernel's socket buffers hold: 8 answers of about 1 MB each.
      const rows = Array.from({ length: 40_000 }, (_, i) => [i / 1000, -i / 1000]);
      const from = performance.now();
      for (let id = 0; id < 8; id++) stuck.send({ type: 'predict', id, x: rows });
      await waitUntil(() => stuckServer.stats().stalled === 1, 15_000, 'the stuck client terminated');
      const to = performance.now();
      (stuck.ws as unknown as { _socket: Socket })._socket.resume();
      expect((await stuck.closed).code).toBe(1006); // terminated, no close frame: it would not have been read
      await waitUntil(() => stuckServer.stats().clients === 1, 2000, 'the stuck client removed');
      expect(watcher.open).toBe(true);
      const { perSecond, longestGapMs } = watcher.rate(from, to);
      console.info(`hostile: never-reading client: bystander ${perSecond} steps/s, longest gap ${longestGapMs} ms while the other was stuck`);
      expect(perSecond).toBeGreaterThan(0);
    } finally {
      stop();
      watcher.close();
      await stuckServer.close();
      await own.close();
    }
  });
});
