import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
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

const SETTINGS: StreamLearnerSettings = { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.05 } };

// A publisher that retries (the fault scenario's, with message ids) does not keep its order across a
// stream leader election: on the 3-node cluster, the first messages published after a node died got
// "no responders", and their retries landed after the later messages of the same window (stream order
// 52, 53, 54, 50, 51). The learner learns the stream's order, as promised; a reference computed in the
// publisher's order then differs, with the same sample count. Here that order is made on purpose.
describe.skipIf(!natsAvailable && !natsRequired)(`the model of a stream is that of its stored order, not its publisher's ${natsSkipReason}`, () => {
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
    await nc?.drain().catch(() => undefined);
    await nats?.stop();
  });

  it('messages stored as 52, 53, 54, 50, 51 (retried publishes landing late): the learner and streamMessages agree, the publisher order does not', { timeout: 60_000 }, async () => {
    await prepareStream(nc, { stream: 'ORDER', subject: 'ORDER.>', consumer: 'learner', create: true });
    const messages = sampleMessages('CLUSTER', 100, 100);
    const order = [...messages.keys()];
    order.splice(50, 5, 52, 53, 54, 50, 51);
    const stored = order.map((k) => messages[k]!);
    for (const m of stored) await publishMessages(nc, 'ORDER.in', [m]); // one at a time: exactly this order
    expect(await streamMessages(nc, 'ORDER')).toEqual(stored);

    const learner = new JetStreamLearner({ nc, stream: 'ORDER', consumer: 'learner', model: 'order', store, learner: SETTINGS, checkpointEveryMs: 50 });
    await learner.start();
    const reference = referenceModel(stored, SETTINGS);
    await firstValueFrom(learner.checkpoints$.pipe(filter((c) => c.seen === reference.seen)));
    await learner.stop();
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
