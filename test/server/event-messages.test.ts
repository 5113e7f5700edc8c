import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';
import type { EventStreamLearnerConfig } from '../../src/stream/event-stream-learner.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, isType, makeLearner } from './helpers.js';
import type { Received, TestClient } from './helpers.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

const servers: RunningServer[] = [];
const learners: OnlineLearner[] = [];
const clients: TestClient[] = [];
const dirs: string[] = [];

async function start(config: EventStreamLearnerConfig = {}, options: Partial<ServerOptions> = {}): Promise<{ server: RunningServer; events: EventStreamLearner }> {
  const learner = makeLearner();
  learners.push(learner);
  const events = new EventStreamLearner(config);
  // Many small request/answer pairs: more than the default 50 messages a second would close the client with 1008.
  const server = await startServer({ learner, events, port: 0, maxMessagesPerSecond: 10_000, ...options });
  servers.push(server);
  return { server, events };
}
async function client(...args: Parameters<typeof connect>): Promise<TestClient> {
  const c = await connect(...args);
  clients.push(c);
  return c;
}
const expectError = (answer: Received, code: string, text: RegExp): void => {
  expect(answer).toMatchObject({ type: 'error', code });
  if (answer.type === 'error') expect(answer.message).toMatch(text);
};

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
  for (const l of learners.splice(0)) await l.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const event = (i: number) => ({ amount: 10 + (i % 7) * 30, country: i % 3 === 0 ? 'NG' : 'DE', device: i % 2 === 0 ? 'web' : 'ios' });
const truth = (i: number): 0 | 1 => (i % 3 === 0 ? 1 : 0);

describe('events over the WebSocket protocol', () => {
  it('serves a prediction under an id, and a later label learns from the features served and scores the prediction served', async () => {
    // 57 requests in a row: above the default 50 messages a second on a quiet machine.
    const { server, events } = await start({}, { maxMessagesPerSecond: 1000 });
    const reference = new EventStreamLearner();
    const writer = await client(server.url, { bearer: server.token });
    for (let i = 0; i < 30; i++) {
      const served = await writer.request({ type: 'predict', id: `p${i}`, events: [{ id: `tx-${i}`, features: event(i) }] });
      const expected = reference.predict(`tx-${i}`, event(i));
      expect(served).toMatchObject({ type: 'prediction', id: `p${i}`, probabilities: [expected], classes: [expected > 0.5 ? 1 : 0] });
      // Labels come later, three predictions behind.
      if (i >= 3) {
        const ack = await writer.request({ type: 'label', id: `l${i}`, labels: [{ id: `tx-${i - 3}`, t: truth(i - 3) }] });
        expect(ack).toMatchObject({ type: 'label-ack', id: `l${i}`, outcomes: ['labelled'], labelled: 1, rejectedCount: 0, pending: 3 });
        reference.label(`tx-${i - 3}`, truth(i - 3));
      }
    }
    // The server's event learner is the reference learner, bit for bit: same scores, same next prediction.
    expect(events.scores()).toEqual(reference.scores());
    expect(events.predictProba(event(99))).toBe(reference.predictProba(event(99)));
    // Predicting without an id remembers nothing, and a reader may do it.
    const reader = await client(server.url);
    const read = await reader.request({ type: 'predict', id: 'r', events: [{ features: event(1) }, { features: { amount: 5 } }] });
    expect(read).toMatchObject({ type: 'prediction', id: 'r', probabilities: [reference.predictProba(event(1)), reference.predictProba({ amount: 5 })] });
    expect(events.scores().delayed.pending).toBe(3);
  });

  it('learns from labelled events in a samples message beside x samples, each rejected one named by index and reason', async () => {
    const { server, events } = await start();
    const writer = await client(server.url, { bearer: server.token });
    const ack = await writer.request({
      type: 'samples',
      id: 'mixed',
      samples: [
        { x: [1, 2], t: 1 },
        { features: event(0), t: 1 },
        { features: { amount: 'NaN?', tags: [1] }, t: 0 },
        { features: event(1), t: 2 },
        { x: [1], t: 0 },
        { features: event(2), t: 0, extra: true },
        { features: { amount: 1e3 }, t: 0 },
      ],
    });
    expect(ack).toMatchObject({ type: 'ack', id: 'mixed', accepted: 3, rejectedCount: 4, n: 1, events: 2 });
    if (ack.type !== 'ack') return;
    expect(ack.rejected.map((r) => r.index)).toEqual([2, 3, 4, 5]);
    expect(ack.rejected[0]!.reason).toMatch(/^features\.tags: expected a finite number, a string .* or a list of such strings/);
    expect(ack.rejected[1]!.reason).toMatch(/^t: /);
    expect(ack.rejected[2]!.reason).toMatch(/x/);
    expect(ack.rejected[3]!.reason).toMatch(/extra/);
    expect(events.scores().seen).toBe(2);
  });

  it('counts labels for unknown ids, repeated labels and late labels (expired), and says so in the ack, the steps and /metrics', async () => {
    let now = 1_000_000;
    const { server } = await start({ ttlMs: 60_000, maxPending: 2, now: () => now });
    const writer = await client(server.url, { bearer: server.token });
    const served = await writer.request({ type: 'predict', id: 1, events: [{ id: 'a', features: event(0) }, { id: 'b', features: event(1) }] });
    expect(served).toMatchObject({ type: 'prediction', probabilities: [expect.any(Number), expect.any(Number)] });
    now += 61_000; // both expire
    await writer.request({ type: 'predict', id: 2, events: [{ id: 'c', features: event(2) }, { id: 'd', features: event(3) }] });
    await writer.request({ type: 'predict', id: 3, events: [{ id: 'e', features: event(4) }] }); // evicts c, the oldest
    const ack = await writer.request({
      type: 'label',
      id: 'L',
      labels: [{ id: 'a', t: 1 }, { id: 'nope', t: 0 }, { id: 'd', t: 0 }, { id: 'd', t: 0 }, { id: 'c', t: 1 }, { id: 5, t: 1 }, { id: 'e', t: '1' }, 'junk'],
    });
    expect(ack).toMatchObject({
      type: 'label-ack',
      id: 'L',
      outcomes: ['late', 'unknown', 'labelled', 'duplicate', 'late', 'rejected', 'rejected', 'rejected'],
      labelled: 1,
      late: 2,
      unknown: 1,
      duplicate: 1,
      rejectedCount: 3,
      pending: 1,
    });
    if (ack.type !== 'label-ack') return;
    expect(ack.rejected.map((r) => r.index)).toEqual([5, 6, 7]);
    expect(ack.rejected[0]!.reason).toMatch(/^id: /);
    expect(ack.rejected[1]!.reason).toMatch(/^t: /);
    const delayed = { pending: 1, labelled: 1, expired: 2, evicted: 1, late: 2, unknown: 1, duplicate: 1 };
    const step = await writer.waitFor((m): m is Extract<Received, { type: 'step' }> => m.type === 'step' && m.events?.delayed.labelled === 1);
    expect(step.events!.delayed).toEqual(delayed);
    expect(step.events!.seen).toBe(1);
    expect(step.events!.calibration).toHaveLength(10);
    const families = parsePrometheusText(await server.metrics());
    expect(sampleValue(families, 'rxlogit_events_pending')).toBe(1);
    expect(sampleValue(families, 'rxlogit_events_labelled_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_events_expired_total')).toBe(2);
    expect(sampleValue(families, 'rxlogit_events_evicted_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_events_late_labels_total')).toBe(2);
    expect(sampleValue(families, 'rxlogit_events_unknown_labels_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_events_duplicate_labels_total')).toBe(1);
    expect(sampleValue(families, 'rxlogit_events_learned')).toBe(1);
  });

  it('refuses bad predictions with what and where, serving nothing, and keeps the connection open', async () => {
    const { server, events } = await start();
    const writer = await client(server.url, { bearer: server.token });
    await writer.request({ type: 'predict', id: 0, events: [{ id: 'waiting', features: event(0) }] });
    expectError(await writer.request({ type: 'predict', id: 1, events: [{ id: 'x', features: event(0) }, { id: 'x', features: event(1) }] }), 'bad-message', /events\[1\]\.id "x" repeats events\[0\]\.id/);
    expectError(await writer.request({ type: 'predict', id: 2, events: [{ id: 'new', features: event(0) }, { id: 'waiting', features: event(1) }] }), 'bad-request', /events\[1\]\.id "waiting" is already waiting/);
    expectError(await writer.request({ type: 'predict', id: 3, events: [{ features: { amount: [1, 2] } }] }), 'bad-message', /events\[0\]\.features\.amount/);
    expectError(await writer.request({ type: 'predict', id: 4, events: [{ features: event(0) }], x: [[1, 2]] }), 'bad-message', /either "x".*or "events"/);
    expectError(await writer.request({ type: 'predict', id: 5, events: [{ id: '', features: event(0) }] }), 'bad-message', /events\[0\]\.id/);
    expect(events.scores().delayed.pending).toBe(1); // nothing of the refused messages was remembered
    const reader = await client(server.url);
    expectError(await reader.request({ type: 'predict', id: 6, events: [{ id: 'r', features: event(0) }] }), 'unauthorized', /events\[0\]\.id: .*write token/);
    expectError(await reader.request({ type: 'label', id: 7, labels: [{ id: 'waiting', t: 1 }] }), 'unauthorized', /labels needs the write token/);
    expectError(await writer.request({ type: 'label', id: 8, labels: [] }), 'bad-message', /labels/);
    expectError(await writer.request({ type: 'label', id: 9, labels: { id: 'waiting', t: 1 } }), 'bad-message', /labels/);
    // Still serving, and the waiting prediction still takes its label.
    expect(await writer.request({ type: 'label', id: 10, labels: [{ id: 'waiting', t: 1 }] })).toMatchObject({ type: 'label-ack', outcomes: ['labelled'] });
  });

  it('refuses events and labels on a server without an event learner, saying how to get one', async () => {
    const learner = makeLearner();
    learners.push(learner);
    const server = await startServer({ learner, port: 0 });
    servers.push(server);
    const writer = await client(server.url, { bearer: server.token });
    expectError(await writer.request({ type: 'label', id: 1, labels: [{ id: 'a', t: 1 }] }), 'bad-request', /no event learner/);
    expectError(await writer.request({ type: 'predict', id: 2, events: [{ features: event(0) }] }), 'bad-request', /no event learner/);
    const ack = await writer.request({ type: 'samples', id: 3, samples: [{ features: event(0), t: 1 }, { x: [0, 1], t: 0 }] });
    expect(ack).toMatchObject({ type: 'ack', accepted: 1, rejectedCount: 1, rejected: [{ index: 0, reason: expect.stringMatching(/no event learner/) }] });
    expect(ack).not.toHaveProperty('events');
    const step = await writer.waitFor(isType('step'));
    expect(step.events).toBeUndefined();
  });

  it('acknowledges durable events only once the event checkpoint holds them, and refuses them without one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-events-'));
    dirs.push(dir);
    const learner = makeLearner({ checkpoint: { path: join(dir, 'model.json') } });
    learners.push(learner);
    const path = join(dir, 'events.json');
    const events = new EventStreamLearner({ checkpointPath: path });
    const server = await startServer({ learner, events, port: 0 });
    servers.push(server);
    const writer = await client(server.url, { bearer: server.token });
    const ack = await writer.request({ type: 'samples', id: 'd', durable: true, samples: [{ features: event(0), t: 1 }, { features: event(1), t: 0 }] });
    expect(ack).toMatchObject({ type: 'ack', accepted: 2, durable: true, events: 2 });
    expect(new EventStreamLearner({ checkpointPath: path }).scores().seen).toBe(2);

    const { server: bare } = await start();
    const other = await client(bare.url, { bearer: bare.token });
    expectError(await other.request({ type: 'samples', id: 'e', durable: true, samples: [{ features: event(0), t: 1 }] }), 'bad-request', /durable acks need a checkpoint/);
  });
});
