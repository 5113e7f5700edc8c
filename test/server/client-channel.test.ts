import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ClientChannel } from '../../src/server/client-channel.js';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';

import { connect, gaussianClasses, isType, keepLearning, makeLearner, sleep } from './helpers.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import type { TestClient } from './helpers.js';

let server: RunningServer;
let learner: OnlineLearner;
const clients: TestClient[] = [];
let stop = (): void => {};
afterEach(async () => {
  stop();
  for (const c of clients.splice(0)) c.close();
  await server.close();
  await learner.close();
});

async function waitUntil(test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Asks for about 16 MB of answers: more than the kernel's socket buffers hold on loopback (4 MB send + receive window). */
const PREDICTS = 16;
// These clients ask for big answers on purpose: their budget and row limit are raised out of the way.
const BIG_ASKS = { readerMaxPredictRows: 40_000, readerRowsPerSecond: 1e8 };
const ANSWER_BYTES = 40_000 * 24; // about: 40,000 probabilities of 20 characters and their classes
function stuffWithPredictions(client: TestClient): void {
  const rows = Array.from({ length: 40_000 }, (_, i) => [i / 1000, -i / 1000]);
  for (let id = 0; id < PREDICTS; id++) client.send({ type: 'predict', id, x: rows });
}

describe('a stalled client', () => {
  it('gets conflated steps, does not slow the others, and is terminated after the stall limit', async () => {
    learner = makeLearner();
    server = await startServer({ learner, port: 0, ...BIG_ASKS, defaultRate: 50, bufferLimit: 64 * 1024, stallTimeoutMs: 2000, viewIntervalMs: 100 }); // room for the bystander's steps on a busy machine
    stop = keepLearning(learner, 2);
    const bystander = await connect(server.url);
    const stalled = await connect(server.url);
    clients.push(bystander, stalled);
    await stalled.waitFor(isType('snapshot'));
    // Stop reading, then ask for far more than the socket buffers hold.
    (stalled.ws as unknown as { _socket: Socket })._socket.pause();
    stuffWithPredictions(stalled);

    await waitUntil(() => server.stats().maxBufferedAmount > 64 * 1024);
    const from = bystander.messages.length;
    const nFrom = learner.currentStep().n;
    await waitUntil(() => server.stats().stalled === 1);
    const during = bystander.messages.slice(from).filter(isType('step'));
    // The bystander kept getting fresh steps while the other was stuck.
    expect(during.length).toBeGreaterThan(5);
    expect(during.at(-1)!.n).toBeGreaterThan(nFrom);
    // terminate() ends the socket at once; its 'close' (which removes the client) comes a turn later on a busy machine.
    await waitUntil(() => server.stats().clients === 1);
    const stats = server.stats();
    // Steps for the stuck client were replaced, not queued.
    expect(stats.conflated).toBeGreaterThan(0);
    (stalled.ws as unknown as { _socket: Socket })._socket.resume();
    expect((await stalled.closed).code).toBe(1006);
    expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
  });

  it('is caught up with the newest step once it drains', async () => {
    learner = makeLearner();
    server = await startServer({ learner, port: 0, ...BIG_ASKS, defaultRate: 50, bufferLimit: 64 * 1024, stallTimeoutMs: 10_000 });
    stop = keepLearning(learner, 2);
    const slow = await connect(server.url);
    clients.push(slow);
    await slow.waitFor(isType('snapshot'));
    const socket = (slow.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    stuffWithPredictions(slow);
    await waitUntil(() => server.stats().conflated > 3);
    stop();
    const finalN = learner.currentStep().n;
    socket.resume();
    await slow.waitFor((m) => m.type === 'step' && m.n === finalN, 30_000);
    // Its requests were not read while it was congested; they are answered now, in order.
    await slow.waitFor((m) => m.type === 'prediction' && m.id === PREDICTS - 1, 30_000);
    expect(slow.ofType('prediction').map((p) => p.id)).toEqual([...Array(PREDICTS).keys()]);
    expect(server.stats().stalled).toBe(0);
  });

  it('stops reading a client that asks without reading, so its unread answers stay bounded', async () => {
    learner = makeLearner();
    learner.push(gaussianClasses({ seed: 3, perClass: 50 })); // so that probabilities take their full 17 digits
    server = await startServer({ learner, port: 0, ...BIG_ASKS, bufferLimit: 64 * 1024, stallTimeoutMs: 60_000 });
    const greedy = await connect(server.url);
    clients.push(greedy);
    await greedy.waitFor(isType('snapshot'));
    const socket = (greedy.ws as unknown as { _socket: Socket })._socket;
    socket.pause();
    stuffWithPredictions(greedy); // about 16 MB of answers asked for
    await waitUntil(() => server.stats().maxBufferedAmount > 64 * 1024);
    await sleep(500);
    const held = server.stats().maxBufferedAmount;
    // Two answers at most (one read before the pause, one in flight), not sixteen.
    expect(held).toBeLessThan(2 * ANSWER_BYTES + 64 * 1024);
    socket.resume();
    await greedy.waitFor((m) => m.type === 'prediction' && m.id === PREDICTS - 1, 30_000);
  });
});

/** A socket whose unsent bytes the test sets by hand. */
function fakeSocket(): { ws: WebSocket; sent: string[]; state: { bufferedAmount: number; isPaused: boolean } } {
  const sent: string[] = [];
  const state = { bufferedAmount: 0, isPaused: false };
  const ws = {
    readyState: WebSocket.OPEN,
    get bufferedAmount() {
      return state.bufferedAmount;
    },
    get isPaused() {
      return state.isPaused;
    },
    send: (frame: Buffer | string) => void sent.push(String(frame)),
    pause: () => void (state.isPaused = true),
    resume: () => void (state.isPaused = false),
  } as unknown as WebSocket;
  return { ws, sent, state };
}

describe('ClientChannel', () => {
  const limits = { bufferLimit: 1000, stallTimeoutMs: 5000, maxMessagesPerSecond: 50, rowsPerSecond: 10_000, maxPredictRows: 1000 };
  const frame = (text: string): Buffer => Buffer.from(text);

  it('conflates while congested, until drained to half its limit, then sends the newest', () => {
    const { ws, sent, state } = fakeSocket();
    const channel = new ClientChannel(ws, { canWrite: false, limits, rate: 10 });
    channel.offer('steps', frame('s1'));
    expect(sent).toEqual(['s1']);
    state.bufferedAmount = 1001;
    channel.offer('steps', frame('s2'));
    channel.offer('steps', frame('s3'));
    channel.offer('view', frame('v1'));
    expect(sent).toEqual(['s1']);
    expect(channel.congested).toBe(true);
    expect(state.isPaused).toBe(true); // its input is not read meanwhile
    expect(channel.stats.conflated).toBe(1); // s2 replaced by s3
    state.bufferedAmount = 700; // under the limit, but not drained: a trickle is not reading
    expect(channel.check(performance.now())).toBe('ok');
    channel.offer('steps', frame('s4'));
    expect(sent).toEqual(['s1']);
    state.bufferedAmount = 400;
    expect(channel.check(performance.now())).toBe('ok');
    expect(sent).toEqual(['s1', 's4', 'v1']);
    expect(channel.congested).toBe(false);
    expect(state.isPaused).toBe(false);
  });

  it('reports a client congested longer than the stall limit', () => {
    const { ws, state } = fakeSocket();
    const channel = new ClientChannel(ws, { canWrite: false, limits, rate: 10 });
    state.bufferedAmount = 5000;
    const start = performance.now();
    channel.offer('steps', frame('s1'));
    expect(channel.check(start + 4000)).toBe('ok');
    state.bufferedAmount = 900; // trickling, never back to half
    expect(channel.check(start + 5100)).toBe('stalled');
  });

  it('sends answers even when congested, and stops reading at once when one passes the limit', () => {
    const { ws, sent, state } = fakeSocket();
    const channel = new ClientChannel(ws, { canWrite: true, limits, rate: 10 });
    channel.send('a1');
    expect(state.isPaused).toBe(false);
    state.bufferedAmount = 2000;
    channel.send('a2');
    expect(sent).toEqual(['a1', 'a2']);
    expect(state.isPaused).toBe(true);
  });
});
