import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter } from 'rxjs';
import type { NatsConnection } from '@nats-io/transport-node';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { JetStreamLearner } from '../../src/broker/jet-stream-learner.js';
import type { StreamLearnerSettings } from '../../src/broker/jet-stream-learner.js';
import { KvModelStore } from '../../src/broker/kv-model-store.js';
import { prepareStream } from '../../src/broker/prepare-stream.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';
import { publishMessages, referenceModel, sampleMessages, streamMessages } from './sample-stream.js';

/** The fault scenario's settings: mini-batches of 7 that span messages. */
const SETTINGS: StreamLearnerSettings = { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.05 } };

async function learnUntil(learner: JetStreamLearner, seen: number): Promise<void> {
  await firstValueFrom(learner.checkpoints$.pipe(filter((c) => c.seen >= seen)));
}

describe.skipIf(!natsAvailable && !natsRequired).each([
  { engine: 'on its own thread', worker: false },
  { engine: 'on a worker thread', worker: true },
])(`JetStreamLearner learning $engine against a real nats-server ${natsSkipReason}`, ({ worker }) => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let store: KvModelStore;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer();
    nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
    store = await KvModelStore.open(nc, { create: true });
  });
  afterAll(async () => {
    await nc?.drain();
    await nats?.stop();
  });

  const setup = async (name: string, maxAckPending = 1000) => {
    await prepareStream(nc, { stream: name, subject: `${name}.>`, consumer: 'learner', create: true, maxAckPending });
  };
  const learner = (stream: string, model: string, settings: StreamLearnerSettings, extra: { checkpointEveryMessages?: number } = {}) =>
    new JetStreamLearner({ nc, stream, consumer: 'learner', model, store, learner: settings, checkpointEveryMs: 50, worker, ...extra });

  it('learns every sample once across a crash mid-stream, bit-identical to one uninterrupted learner (mini-batches spanning messages)', async () => {
    await setup('S1');
    const settings: StreamLearnerSettings = { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.1 } };
    const messages = sampleMessages('s1', 120, 25);
    await publishMessages(nc, 'S1.in', messages);
    const first = learner('S1', 'm1', settings, { checkpointEveryMessages: 9 });
    await first.start();
    await learnUntil(first, 1000);
    first.abort(new Error('simulated crash')); // no final checkpoint: its last unacked messages come back
    const second = learner('S1', 'm1', settings);
    await second.start();
    const total = referenceModel(messages, settings).seen;
    await learnUntil(second, total);
    await second.stop();
    const stored = (await store.load('m1'))!.snapshot;
    const reference = referenceModel(messages, settings);
    expect(stored.weights).toEqual(reference.weights);
    expect(stored.bias).toBe(reference.bias);
    expect(stored.seen).toBe(reference.seen);
    // 3,000 samples in batches of 7: the last 4 (indices 21–24 of message 120) wait for a batch.
    expect(stored.source).toEqual({ stream: 'S1', sequence: 119, partial: { sequence: 120, index: 20 } });
  });

  it('dead-letters an unparseable message with its reason, rejects invalid samples, and learns the rest', async () => {
    await setup('S2');
    const dead: { reason: string | undefined; seq: string | undefined }[] = [];
    const sub = nc.subscribe('rxlogit.m2.dead', { callback: (_e, m) => void dead.push({ reason: m.headers?.get('Rxlogit-Reason'), seq: m.headers?.get('Rxlogit-Stream-Sequence') }) });
    const good = sampleMessages('s2', 3, 10);
    await publishMessages(nc, 'S2.in', [good[0]!, '{"x":[1,2],"t":1}\n{"x":[1', `[{"x":[1,2],"t":2},{"x":[3,4],"t":1}]`, good[1]!, good[2]!]);
    const l = learner('S2', 'm2', { inputs: 2 });
    const rejected: string[] = [];
    l.rejected$.subscribe((r) => rejected.push(`${r.source}[${r.index}]: ${r.reason}`));
    await l.start();
    await learnUntil(l, 31);
    await l.stop();
    await nc.flush();
    expect(l.deadLetters).toBe(1);
    expect(dead).toEqual([{ reason: expect.stringMatching(/^line 2 is not JSON/), seq: '2' }]);
    expect(rejected).toEqual(['S2#3[0]: t: must be 0 or 1, got 2']);
    expect((await store.load('m2'))!.snapshot.seen).toBe(31);
    const info = await (await import('@nats-io/jetstream')).jetstreamManager(nc).then((m) => m.consumers.info('S2', 'learner'));
    expect(info.num_ack_pending).toBe(0);
    expect(info.ack_floor.stream_seq).toBe(5);
    sub.unsubscribe();
  });

  it('refuses a second writer: a checkpoint is compare-and-set on the revision it read', async () => {
    await setup('S3');
    await publishMessages(nc, 'S3.in', sampleMessages('s3', 4, 10));
    const a = learner('S3', 'm3', { inputs: 2 });
    await a.start();
    await learnUntil(a, 40);
    const loaded = (await store.load('m3'))!;
    await store.save('m3', loaded.snapshot, loaded.revision); // someone else writes
    await publishMessages(nc, 'S3.in', sampleMessages('s3b', 2, 10));
    await expect(a.done).rejects.toThrow(/another learner writes it/);
  });

  it('dead-letters a poison message once, though a learner killed before its checkpoint met it and the next meets it again', async () => {
    await prepareStream(nc, { stream: 'S4', subject: 'S4.>', consumer: 'learner', create: true, deadLetterSubject: 'rxlogit.m4.dead' });
    const good = sampleMessages('s4', 40, 10);
    await publishMessages(nc, 'S4.in', [good[0]!, 'not json at all', ...good.slice(1)]);
    let published = 0;
    const sub = nc.subscribe('rxlogit.m4.dead', { callback: () => void published++ });
    const slow = { checkpointEveryMessages: 1000 };
    const first = new JetStreamLearner({ nc, stream: 'S4', consumer: 'learner', model: 'm4', store, learner: { inputs: 2 }, checkpointEveryMs: 60_000, worker, ...slow });
    // Killed right after it dead-lettered message 2, before any checkpoint covers it.
    first.steps$.subscribe(() => first.deadLetters === 1 && first.abort(new Error('simulated kill')));
    await first.start();
    await first.done.catch(() => undefined);
    expect(first.deadLetters).toBe(1);
    expect(first.lastCheckpoint).toBeUndefined();
    const second = learner('S4', 'm4', { inputs: 2 });
    await second.start();
    await learnUntil(second, 400);
    await second.stop();
    await nc.flush();
    sub.unsubscribe();
    expect(published).toBe(2); // both learners met message 2 and sent its dead letter …
    expect(second.deadLetters).toBe(0); // … and the dead-letter stream kept the first only
    const jsm = await (await import('@nats-io/jetstream')).jetstreamManager(nc);
    const deadInfo = await jsm.streams.info('RXLOGIT_DEAD', { subjects_filter: 'rxlogit.m4.dead' });
    expect(deadInfo.state.subjects).toEqual({ 'rxlogit.m4.dead': 1 });
    const letter = await jsm.streams.getMessage('RXLOGIT_DEAD', { last_by_subj: 'rxlogit.m4.dead' });
    expect(letter!.header.get('Nats-Msg-Id')).toBe('S4:2');
    expect(letter!.header.get('Rxlogit-Reason')).toMatch(/^line 1 is not JSON/);
    expect(letter!.string()).toBe('not json at all');
  });

  // A publisher that retries (the fault scenario's, with message ids) does not keep its order across a
  // stream leader election: on the 3-node cluster, the first messages published after a node died got
  // "no responders", and their retries landed after the later messages of the same window (stream order
  // 52, 53, 54, 50, 51). The learner learns the stream's order, as promised; a reference computed in the
  // publisher's order then differs, with the same sample count. Here that order is made on purpose.
  it('learns the stream as stored: messages stored as 52, 53, 54, 50, 51 give the model of that order, not of the publisher\'s', async () => {
    await setup('ORDER');
    const messages = sampleMessages('CLUSTER', 100, 100);
    const order = [...messages.keys()];
    order.splice(50, 5, 52, 53, 54, 50, 51);
    const stored = order.map((k) => messages[k]!);
    for (const m of stored) await publishMessages(nc, 'ORDER.in', [m]); // one at a time: exactly this order
    expect(await streamMessages(nc, 'ORDER')).toEqual(stored);

    const l = learner('ORDER', 'order', SETTINGS);
    await l.start();
    const reference = referenceModel(stored, SETTINGS);
    await learnUntil(l, reference.seen);
    await l.stop();
    const model = (await store.load('order'))!.snapshot;
    expect(model.weights).toEqual(reference.weights);
    expect(model.bias).toBe(reference.bias);
    // The publisher's order gives the same count and other weights: what the cluster test compared with
    // when it failed (there, as here: [2.748825863659572, 1.1938531727918513] against the publisher
    // order's [2.7485946612126173, 1.1943573847164985]; not asserted, so that a core change of rounding
    // does not break this test).
    const publisherOrder = referenceModel(messages, SETTINGS);
    expect(publisherOrder.seen).toBe(model.seen);
    expect(model.weights).not.toEqual(publisherOrder.weights);
  });
});
