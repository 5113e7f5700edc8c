import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { whileBrokerUnavailable } from './broker-unavailable.js';

/**
 * How many messages a learner may take before it checkpoints: the asked
 * number (default 100), but at most half the consumer's `max_ack_pending`,
 * since unacked messages wait for the next checkpoint and the consumer stops
 * delivering at its bound. Reads the consumer, waiting out a broker that does
 * not answer for `patienceMs`.
 *
 * @throws the broker's error when the consumer does not exist
 * @example
 * ```ts
 * await messagesPerCheckpoint({ nc, stream: 'SAMPLES', consumer: 'learner' }); // 100, or less for a small max_ack_pending
 * ```
 */
export async function messagesPerCheckpoint(
  o: { nc: NatsConnection; stream: string; consumer: string; checkpointEveryMessages?: number },
  patience: { patienceMs?: number },
): Promise<number> {
  const consumer = await whileBrokerUnavailable(
    `reading the consumer "${o.consumer}" of stream "${o.stream}"`,
    async () => (await jetstreamManager(o.nc)).consumers.info(o.stream, o.consumer),
    patience,
  );
  const maxAckPending = consumer.config.max_ack_pending ?? -1;
  return Math.min(o.checkpointEveryMessages ?? 100, maxAckPending > 0 ? Math.max(1, Math.floor(maxAckPending / 2)) : Infinity);
}
