/**
 * `rxlogit serve` on NATS: `--follow` runs a read-only dashboard gateway for
 * a learner running elsewhere; `--publish` sends this server's learner's
 * streams out for such gateways.
 *
 * @module
 */
import { hostname } from 'node:os';
import type { NatsConnection } from '@nats-io/transport-node';
import { parseBrokerAddress } from '../broker/broker-address.js';
import type { BrokerAddress } from '../broker/broker-address.js';
import { connectBroker } from '../broker/connect-broker.js';
import { FollowedLearner } from '../broker/followed-learner.js';
import { publishLearnerStreams } from '../broker/publish-learner-streams.js';
import type { LearnerStreamsPublisher } from '../broker/publish-learner-streams.js';
import { startServer } from '../server/create-server.js';
import type { RunningServer } from '../server/create-server.js';
import type { ServerLearner } from '../server/learner-port.js';
import type { ServeIo } from './serve.js';
import type { ServeConfig, ServeNatsConfig } from './serve-options.js';

/** NATS could not be reached or the model cannot be followed: one line for the user. */
export class ServeNatsError extends Error {
  override readonly name = 'ServeNatsError';
}

async function connect(address: BrokerAddress, name: string): Promise<NatsConnection> {
  try {
    return await connectBroker(address, { name });
  } catch (error) {
    throw new ServeNatsError((error as Error).message);
  }
}

/** A running gateway: the server, the followed learner, and how to stop both. */
export interface FollowSession {
  readonly server: RunningServer;
  readonly learner: FollowedLearner;
  readonly connection: NatsConnection;
  close(): Promise<void>;
}

/** The address of `--follow`/`--publish` with the credentials of the options and the environment. */
export function natsAddress(nats: ServeNatsConfig, env: Readonly<Record<string, string | undefined>>): BrokerAddress {
  return parseBrokerAddress(nats.url, {
    env,
    ...(nats.tokenFile === undefined ? {} : { tokenFile: nats.tokenFile }),
    ...(nats.credsFile === undefined ? {} : { credsFile: nats.credsFile }),
  });
}

/**
 * Starts `rxlogit serve --follow URL --model NAME`: waits for the learner's
 * first step (or its newest model in KV), then serves the dashboard with a
 * {@link FollowedLearner}. Prints the dashboard's address on stdout.
 *
 * @example
 * ```ts
 * const session = await runFollow(parseServeArgs(['--follow', 'nats://127.0.0.1:4222', '--model', 'demo', '--port', '0']), io);
 * await session.close();
 * ```
 */
export async function runFollow(config: ServeConfig, io: ServeIo): Promise<FollowSession> {
  const nats = config.nats!;
  const log = (line: string): void => void io.stderr.write(`rxlogit serve: ${line}\n`);
  const address = natsAddress(nats, io.env ?? {});
  const connection = await connect(address, `rxlogit gateway ${nats.model}`);
  const waiting = setTimeout(() => log(`waiting for model "${nats.model}": no step on rxlogit.${nats.model}.steps and no version in KV yet (is its learner running?)`), 2000);
  let learner: FollowedLearner;
  try {
    learner = await FollowedLearner.start({
      connection,
      model: nats.model,
      ...(nats.bucket === undefined ? {} : { bucket: nats.bucket }),
      onInvalid: rateLimited(log),
      onError: (error) => log(`model watch: ${(error as Error).message}`),
    });
  } catch (error) {
    await connection.close();
    throw new ServeNatsError(`cannot follow model "${nats.model}": ${(error as Error).message}`);
  } finally {
    clearTimeout(waiting);
  }
  let server: RunningServer;
  try {
    server = await startServer({ learner, describe: { follow: address.display, model: nats.model }, ...serverOptions(config), log });
  } catch (error) {
    learner.close();
    await connection.close();
    throw error;
  }
  io.stdout.write(`rxlogit serve: following model "${nats.model}" on ${address.display}; dashboard at ${server.dashboardUrl}\n`);
  let closed: Promise<void> | undefined;
  return {
    server,
    learner,
    connection,
    close: () =>
      (closed ??= (async () => {
        await server.close();
        learner.close();
        await connection.close();
      })()),
  };
}

/**
 * `--publish`: connects and publishes the learner's streams; the returned function stops and disconnects.
 */
export async function startPublishing(nats: ServeNatsConfig, learner: ServerLearner, io: ServeIo): Promise<() => Promise<void>> {
  const address = natsAddress(nats, io.env ?? {});
  const connection = await connect(address, `rxlogit serve ${nats.model}`);
  const holder = `${hostname()}:${process.pid}`;
  const publisher: LearnerStreamsPublisher = publishLearnerStreams(connection, { model: nats.model, learner, status: { holder: () => holder } });
  io.stderr.write(`rxlogit serve: publishing model "${nats.model}" on rxlogit.${nats.model}.* at ${address.display}\n`);
  return async () => {
    publisher.stop();
    await connection.drain().catch(() => {});
  };
}

/** The server settings shared by both kinds of serve. */
export function serverOptions(config: ServeConfig) {
  return {
    port: config.port,
    host: config.host,
    ...(config.token === undefined ? {} : { token: config.token }),
    ...(config.readToken === undefined ? {} : { readToken: config.readToken }),
    origins: config.origins,
    maxPayload: config.maxPayload,
    maxMessagesPerSecond: config.maxMessagesPerSecond,
    bufferLimit: config.bufferLimit,
    stallTimeoutMs: config.stallTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    defaultRate: config.stepsRate,
  };
}

/** At most one line per kind of problem every 10 s: a bad publisher must not flood the log. */
function rateLimited(log: (line: string) => void): (what: string) => void {
  const last = new Map<string, number>();
  return (what) => {
    const key = what.slice(0, 40);
    const now = Date.now();
    if (now - (last.get(key) ?? -Infinity) < 10_000) return;
    last.set(key, now);
    log(`skipped: ${what}`);
  };
}
