/**
 * The ack a JetStream learner holds for a message until a checkpoint covers
 * it.
 *
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** How to ack a message once a checkpoint covers it. */
export interface Ack {
  ack(): void;
}

const ACK = Uint8Array.of(0x2b, 0x41, 0x43, 0x4b); // "+ACK", what JsMsg.ack() sends

/**
 * An ack that keeps only the message's reply subject, as `JsMsg.ack()` sends it: a JsMsg held until its
 * checkpoint would keep its payload, and the socket chunk that holds it, alive across garbage
 * collections. (`reply` is the client's JsMsg implementation's, not its public type's: without it,
 * the message itself is kept.)
 */
export function ackOf(nc: NatsConnection, message: JsMsg): Ack {
  const reply = (message as { reply?: unknown }).reply;
  if (typeof reply !== 'string' || reply === '') return message;
  return { ack: () => nc.publish(reply, ACK) };
}
