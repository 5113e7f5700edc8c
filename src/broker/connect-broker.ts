import { connect, credsAuthenticator, tokenAuthenticator, usernamePasswordAuthenticator } from '@nats-io/transport-node';
import type { Authenticator, NatsConnection } from '@nats-io/transport-node';
import type { BrokerAddress } from './broker-address.js';

/** Connection settings beyond the address. */
export interface ConnectBrokerOptions {
  /** Shown in the server's connection list (default `rxlogit`). */
  name?: string;
  /** Keep reconnecting forever (default `true`): a learner should outlive a broker restart. */
  reconnectForever?: boolean;
  /** Milliseconds between reconnect attempts (default 250). */
  reconnectWaitMs?: number;
  /** Milliseconds to wait for the first connection (default 5,000). */
  timeoutMs?: number;
}

/**
 * Connects to NATS with the address's credentials; errors never carry the secrets.
 *
 * @example
 * ```ts
 * const nc = await connectBroker(parseBrokerAddress('nats://127.0.0.1:4222'));
 * await nc.drain();
 * ```
 */
export async function connectBroker(address: BrokerAddress, options: ConnectBrokerOptions = {}): Promise<NatsConnection> {
  const authenticator: Authenticator[] = [];
  if (address.creds !== undefined) authenticator.push(credsAuthenticator(address.creds));
  if (address.token !== undefined) authenticator.push(tokenAuthenticator(address.token));
  if (address.user !== undefined) authenticator.push(usernamePasswordAuthenticator(address.user, address.pass ?? ''));
  try {
    return await connect({
      servers: address.servers,
      name: options.name ?? 'rxlogit',
      maxReconnectAttempts: options.reconnectForever === false ? 10 : -1,
      reconnectTimeWait: options.reconnectWaitMs ?? 250,
      timeout: options.timeoutMs ?? 5_000,
      ...(authenticator.length > 0 ? { authenticator } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot connect to ${address.display}: ${message}`);
  }
}
