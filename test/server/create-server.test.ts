import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import type { LearnerConfig } from '../../src/stream/learner-config.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, gaussianClasses, isType, keepLearning, makeLearner, sleep } from './helpers.js';
import type { TestClient } from './helpers.js';

const servers: RunningServer[] = [];
const learners: OnlineLearner[] = [];
const clients: TestClient[] = [];
const stops: (() => void)[] = [];

async function start(options: Partial<ServerOptions> = {}, config: Partial<LearnerConfig> = {}): Promise<{ server: RunningServer; learner: OnlineLearner }> {
  const learner = makeLearner(config);
  learners.push(learner);
  const server = await startServer({ learner, port: 0, viewIntervalMs: 100, ...options });
  servers.push(server);
  return { server, learner };
}
async function client(...args: Parameters<typeof connect>): Promise<TestClient> {
  const c = await connect(...args);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  for (const l of learners.splice(0)) await l.close();
});

describe('startServer', () => {
  it('greets a late joiner with hello, then a snapshot of the history so far, then steps', async () => {
    const { server, learner } = await start();
    const writer = await client(server.url, { bearer: server.token });
    for (const batch of [0, 1, 2, 3]) {
      const samples = gaussianClasses({ seed: batch, perClass: 25, order: 'shuffled' });
      await writer.request({ type: 'samples', id: batch, samples });
      await sleep(150); // a history tick and a view between batches
    }
    const late = await client(server.url);
    await late.waitFor(isType('step'));
    const [hello, snapshot] = late.messages;
    expect(hello).toMatchObject({
      type: 'hello',
      protocol: 1,
      canWrite: false,
      config: { inputs: 2, bias: true },
      model: { inputs: 2, bias: true },
      limits: { maxPayload: 1024 * 1024, maxMessagesPerSecond: 50, defaultRate: 10, maxRate: 60 },
    });
    expect(hello!.type === 'hello' && hello.server).toMatch(/^rxlogit\/\d+\.\d+\.\d+/);
    expect(snapshot!.type).toBe('snapshot');
    if (snapshot!.type !== 'snapshot') return;
    const ns = snapshot.steps.map((s) => s.n);
    expect(ns).toEqual([0, 50, 100, 150, 200]);
    expect(snapshot.steps[0]!.loss).toBeNull(); // NaN before the first sample
    expect(snapshot.steps.at(-1)!.weights).toEqual(learner.currentStep().weights);
    expect(snapshot.steps.at(-1)!.metrics.n).toBe(200);
    expect(snapshot.samples).toHaveLength(200);
    expect(snapshot.view?.n).toBe(200);
    expect(snapshot.view?.surface?.loss).toHaveLength(40 * 40);
    expect(snapshot.view?.plane?.proba).toHaveLength(40 * 40);
    expect(snapshot.paused).toBe(false);
    expect(writer.ofType('hello')[0]!.canWrite).toBe(true);
  });

  it('sends steps at most at each client’s subscribed rate, and views', async () => {
    const { server, learner } = await start({ defaultRate: 20 });
    stops.push(keepLearning(learner, 2));
    const slow = await client(server.url);
    const fast = await client(server.url);
    slow.send({ type: 'subscribe', id: 's', streams: ['steps', 'view'], maxRate: 2 });
    // The ack itself, not the last message: a view or a step may follow it at once.
    expect(await slow.waitFor((m) => m.type === 'subscribed')).toEqual({ type: 'subscribed', id: 's', streams: ['steps', 'view'], maxRate: 2 });
    const [slowFrom, fastFrom] = [slow.messages.length, fast.messages.length];
    const t0 = performance.now();
    await sleep(1500);
    const seconds = (performance.now() - t0) / 1000; // more than 1.5 on a busy machine
    const slowSteps = slow.messages.slice(slowFrom).filter(isType('step'));
    const fastSteps = fast.messages.slice(fastFrom).filter(isType('step'));
    // The throttle is the server's: never more than the rate allows over the time that really passed
    // (+2: a tick at each end, and a step sent just before the window that arrived in it).
    expect(slowSteps.length).toBeLessThanOrEqual(seconds * 2 + 2);
    expect(slowSteps.length).toBeGreaterThanOrEqual(1);
    expect(fastSteps.length).toBeLessThanOrEqual(seconds * 20 + 2);
    expect(fastSteps.length).toBeGreaterThan(slowSteps.length);
    const ns = fastSteps.map((s) => s.n);
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    expect(ns.at(-1)!).toBeGreaterThan(ns[0]!);
    expect(fastSteps.at(-1)!.samplesPerSecond).toBeGreaterThan(0);
    expect(fast.messages.some((m) => m.type === 'view')).toBe(true);

    // Unsubscribing from steps stops them.
    fast.send({ type: 'subscribe', id: 'v', streams: ['view'] });
    await fast.waitFor((m) => m.type === 'subscribed');
    const quietFrom = fast.messages.length;
    await sleep(400);
    expect(fast.messages.slice(quietFrom).filter(isType('step'))).toEqual([]);
  });

  it('acks samples, reports each rejected one by index, and learns the rest', async () => {
    const { server, learner } = await start();
    const writer = await client(server.url, { bearer: server.token });
    const before = learner.currentStep().weights;
    const ack = await writer.request({
      type: 'samples',
      id: 'batch-1',
      samples: [{ x: [2, 1], t: 1 }, { x: [1], t: 0 }, { x: [-2, -1], t: 0 }, { x: [0, 0], t: 2 }, 'nope', { x: [1, 1], t: 1 }],
    });
    expect(ack).toMatchObject({ type: 'ack', id: 'batch-1', accepted: 3, n: 3 });
    if (ack.type !== 'ack') return;
    expect(ack.rejected.map((r) => r.index)).toEqual([1, 3, 4]);
    for (const r of ack.rejected) expect(r.reason.length).toBeGreaterThan(5);
    expect(ack.rejected[0]!.reason).toMatch(/expected 2/);
    const after = learner.currentStep().weights;
    expect(after).not.toEqual(before);
    const step = await writer.waitFor((m) => m.type === 'step' && m.n === 3);
    // Counted once, though the learner also reports them on rejected$.
    expect(step.type === 'step' && step.rejected).toBe(3);
    expect(step.type === 'step' && step.weights).toEqual(after);
  });

  it('answers predict with probabilities and classes, and refuses rows of the wrong width', async () => {
    const { server, learner } = await start();
    learner.push(gaussianClasses({ seed: 1, perClass: 50 }));
    const reader = await client(server.url);
    const p = await reader.request({ type: 'predict', id: 7, x: [[3, 0], [-3, 0]] });
    expect(p).toMatchObject({ type: 'prediction', id: 7, classes: [1, 0] });
    expect(p.type === 'prediction' && p.probabilities[0]).toBe(learner.predictProba([3, 0]));
    const bad = await reader.request({ type: 'predict', id: 8, x: [[1, 2], [1, 2, 3]] });
    expect(bad).toEqual({ type: 'error', code: 'bad-message', id: 8, message: 'bad "predict" message: x[1] has 3 values, expected 2' });
  });

  it('obeys control messages from a writer and shows the result to every client', async () => {
    const { server, learner } = await start();
    const writer = await client(server.url, { token: server.token });
    const reader = await client(server.url);
    expect(await writer.request({ type: 'control', id: 1, action: 'pause' })).toEqual({
      type: 'control-ack', id: 1, action: 'pause', paused: true, lr: 0.1,
    });
    expect(learner.paused).toBe(true);
    await reader.waitFor((m) => m.type === 'step' && m.paused);
    const skipped = await writer.request({ type: 'samples', id: 'p', samples: [{ x: [1, 1], t: 1 }] });
    expect(skipped).toMatchObject({ accepted: 0, rejected: [], n: 0 });
    expect(await writer.request({ type: 'control', id: 2, action: 'set-learning-rate', lr: 0.5 })).toMatchObject({ lr: 0.5 });
    expect(await writer.request({ type: 'control', id: 3, action: 'resume' })).toMatchObject({ paused: false });
    await writer.request({ type: 'samples', id: 4, samples: [{ x: [1, 1], t: 1 }] });
    expect(learner.currentStep().n).toBe(1);
    await reader.waitFor((m) => m.type === 'step' && m.n === 1 && m.lr === 0.5);
    // reset returns to the configuration: the configured 0.1, not the 0.5 set since
    expect(await writer.request({ type: 'control', id: 5, action: 'reset' })).toMatchObject({ action: 'reset', lr: 0.1 });
    expect(learner.currentStep()).toMatchObject({ n: 0, weights: [0, 0], lr: 0.1 });
    await reader.waitFor((m) => m.type === 'step' && m.n === 0 && m.weights[0] === 0 && !m.paused && m.lr === 0.1);
  });

  it('acks durable samples once a checkpoint holds them, and refuses them without a checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-durable-'));
    try {
      const path = join(dir, 'model.json');
      const { server } = await start({}, { checkpoint: { path } });
      const writer = await client(server.url, { token: server.token });
      const ack = await writer.request({ type: 'samples', id: 'd', durable: true, samples: [{ x: [1, 1], t: 1 }, { x: [-1, 0], t: 0 }] });
      expect(ack).toMatchObject({ type: 'ack', durable: true, accepted: 2, n: 2 });
      expect(existsSync(path)).toBe(true);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ format: 'rxlogit-model', seen: 2 });

      const other = await start();
      const w2 = await client(other.server.url, { token: other.server.token });
      const refused = await w2.request({ type: 'samples', id: 'e', durable: true, samples: [{ x: [1, 1], t: 1 }] });
      expect(refused).toMatchObject({ type: 'error', code: 'bad-request', id: 'e', message: expect.stringMatching(/--checkpoint/) });
      expect(other.learner.currentStep().n).toBe(0);
    } finally {
      for (const s of servers.splice(0)) await s.close();
      for (const l of learners.splice(0)) await l.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes every client with 1001 on close, and frees the port', async () => {
    const { server } = await start();
    const a = await client(server.url);
    const b = await client(server.url, { token: server.token });
    const port = server.port;
    await server.close();
    expect(await a.closed).toMatchObject({ code: 1001, reason: 'server shutting down' });
    expect(await b.closed).toMatchObject({ code: 1001 });
    await start({ port });
  });

  it('says clearly when the port is in use', async () => {
    const { server } = await start();
    await expect(start({ port: server.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringMatching(new RegExp(`^port ${server.port} on 127\\.0\\.0\\.1 is already in use`)),
    });
  });

  it('gives an address with the token, making a random token when none is given', async () => {
    const { server } = await start();
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(server.dashboardUrl).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const other = await start({ token: 'given-token-123' });
    expect(other.server.token).toBe('given-token-123');
  });

  it('keeps serving the last state after the learner ends', async () => {
    const { server, learner } = await start();
    learner.push(gaussianClasses({ seed: 2, perClass: 10 }));
    await learner.close();
    const late = await client(server.url, { token: server.token });
    const step = await late.waitFor(isType('step'));
    expect(step.n).toBe(20);
    const refused = await late.request({ type: 'samples', id: 'x', samples: [{ x: [1, 1], t: 1 }] });
    expect(refused).toMatchObject({ type: 'error', code: 'bad-request', message: expect.stringMatching(/closed/) });
  });
});
