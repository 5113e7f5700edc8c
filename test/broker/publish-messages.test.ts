import { jetstreamManager } from '@nats-io/jetstream';
import { describe, expect, it } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { whileBrokerUnavailable } from '../../src/broker/broker-unavailable.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { publishMessages } from '../../src/broker/publish-messages.js';
import type { OutgoingMessage } from '../../src/broker/publish-messages.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsCluster } from './nats-server.js';

const MESSAGES = 400;
const KILL_AFTER = 150;

// The node that leads the stream dies while messages are in flight: publishes find no responders
// (or time out) until a new leader is elected. Every message must still be stored once, in order.
describe.skipIf(!natsAvailable && !natsRequired)(`publishMessages on a 3-node nats-server cluster ${natsSkipReason}`, () => {
  it("the stream leader's node is killed mid-publish: the stream holds every message exactly once, in the input's order", { timeout: 180_000 }, async () => {
    assertNatsAvailable();
    const cluster = await startNatsCluster(3);
    const nc = await connectBroker(parseBrokerAddress(cluster.url, { env: {} }));
    try {
      const jsm = await jetstreamManager(nc, { checkAPI: false });
      // A new cluster elects its JetStream (meta) leader for a few seconds: the product's own wait.
      await whileBrokerUnavailable('creating the stream', () => jsm.streams.add({ name: 'PUB', subjects: ['PUB.>'], num_replicas: 3 }));
      const info = await whileBrokerUnavailable('reading the stream', () => jsm.streams.info('PUB'));
      const leader = Number(info.cluster!.leader!.slice(1));
      let killed = false;
      async function* messages(): AsyncGenerator<OutgoingMessage> {
        for (let i = 1; i <= MESSAGES; i++) {
          yield { data: new TextEncoder().encode(`message ${i}`), samples: 1, label: `message ${i}` };
          // The window is full of messages in flight; the ones after these find no leader at first.
          if (i === KILL_AFTER) {
            await cluster.nodes[leader]!.kill();
            killed = true;
          }
        }
      }
      const retried: string[] = [];
      const totals = await publishMessages(nc, 'PUB.in', messages(), { maxInFlight: 64, patienceMs: 60_000, onRetry: (r) => retried.push(`${r.label}: ${r.error.message}`) });
      expect(killed).toBe(true);
      console.log(`publish across the stream leader's death (n${leader}): ${retried.length} retries${retried.length > 0 ? `, first: ${retried[0]}` : ''}`);
      expect(totals).toMatchObject({ messages: MESSAGES, samples: MESSAGES, stream: 'PUB' });
      const state = (await whileBrokerUnavailable('reading the stream', () => jsm.streams.info('PUB'))).state;
      expect(state.messages).toBe(MESSAGES);
      const stored: string[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
        stored.push((await whileBrokerUnavailable('reading a message', () => jsm.streams.getMessage('PUB', { seq })))?.string() ?? `(no message at ${seq})`);
      }
      expect(stored).toEqual(Array.from({ length: MESSAGES }, (_, i) => `message ${i + 1}`));
    } finally {
      await nc.close();
      await cluster.stop();
    }
  });
});
