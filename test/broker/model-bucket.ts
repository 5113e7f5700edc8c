import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { DEFAULT_MODEL_BUCKET } from '../../src/broker/model-subjects.js';
import { assertNatsAvailable, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';

/** A nats-server of its own, a connection, and the model bucket (history 5), as the fan-out tests use them. */
export interface ModelBucket {
  readonly nats: NatsServerProcess;
  readonly nc: NatsConnection;
  readonly kv: KV;
  /** Closes the connection and stops the server. */
  stop(): Promise<void>;
}

/**
 * Starts a server with JetStream and creates `rxlogit-models` on it.
 *
 * @example
 * ```ts
 * let bucket: ModelBucket;
 * beforeAll(async () => (bucket = await startModelBucket()));
 * afterAll(() => bucket?.stop());
 * ```
 */
export async function startModelBucket(): Promise<ModelBucket> {
  assertNatsAvailable();
  const nats = await startNatsServer();
  const nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
  const kv = await new Kvm(nc).create(DEFAULT_MODEL_BUCKET, { history: 5 });
  return {
    nats,
    nc,
    kv,
    async stop() {
      await nc.close().catch(() => undefined);
      await nats.stop();
    },
  };
}
