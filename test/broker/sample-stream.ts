import seedrandom from 'seedrandom';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { BlockTrainer } from '../../src/broker/block-trainer.js';
import { isBrokerUnavailable } from '../../src/broker/broker-unavailable.js';
import type { StreamLearnerSettings } from '../../src/broker/jet-stream-learner.js';
import { parseSampleMessage } from '../../src/broker/sample-message.js';
import { Trainer } from '../../src/core/index.js';

/** Deterministic JSON Lines messages of `perMessage` two-feature samples (two Gaussian-ish classes). */
export function sampleMessages(seed: string, messages: number, perMessage: number): string[] {
  const rng = seedrandom(seed);
  const out: string[] = [];
  for (let m = 0; m < messages; m++) {
    const lines: string[] = [];
    for (let k = 0; k < perMessage; k++) {
      const t = rng() < 0.5 ? 0 : 1;
      const x1 = (t === 1 ? 1 : -1) + (rng() - 0.5) * 3;
      const x2 = (t === 1 ? 0.5 : -0.5) + (rng() - 0.5) * 3;
      lines.push(JSON.stringify({ x: [x1, x2], t }));
    }
    out.push(lines.join('\n'));
  }
  return out;
}

/**
 * Publishes the messages to `subject` with JetStream acknowledgements, `window` at a time. With
 * `ids`, message k carries the `Nats-Msg-Id` `ids#(offset + k)` and a publish that times out or
 * finds no responders (a cluster node died, a stream leader is being elected) is retried: the
 * stream's duplicate window stores it once. Without `ids` nothing is retried.
 *
 * Retries do not keep the order: each message of a window retries on its own timer, so one
 * retried across a leader election can be stored after later ones of its window (seen on a
 * 3-node cluster: 52, 53, 54, 50, 51). A reference model must then be made of
 * {@link streamMessages}, not of `messages`.
 */
export async function publishMessages(nc: NatsConnection, subject: string, messages: readonly string[], options: { window?: number; offset?: number; ids?: string } = {}): Promise<void> {
  const js = jetstream(nc);
  const window = options.window ?? 64;
  const offset = options.offset ?? 0;
  const publishOne = async (m: string, index: number): Promise<void> => {
    const until = Date.now() + 60_000;
    for (;;) {
      try {
        await js.publish(subject, m, options.ids === undefined ? {} : { msgID: `${options.ids}#${offset + index}`, timeout: 5_000 });
        return;
      } catch (e) {
        if (options.ids === undefined || !isBrokerUnavailable(e) || Date.now() > until) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  for (let i = 0; i < messages.length; i += window) {
    await Promise.all(messages.slice(i, i + window).map((m, k) => publishOne(m, i + k)));
  }
}

/**
 * The messages stream `stream` stores, as text, in stream order: what one uninterrupted learner
 * of the stream reads (sequences with no message, deleted ones, are passed over).
 */
export async function streamMessages(nc: NatsConnection, stream: string): Promise<string[]> {
  const jsm = await jetstreamManager(nc);
  const { first_seq: first, last_seq: last } = (await jsm.streams.info(stream)).state;
  const decoder = new TextDecoder();
  const out: string[] = [];
  for (let seq = first; seq <= last && last > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m !== null) out.push(decoder.decode(m.data));
  }
  return out;
}

/** The model one uninterrupted learner makes of these messages, in order (no broker involved). */
export function referenceModel(messages: readonly string[], settings: StreamLearnerSettings): { weights: number[]; bias: number | null; seen: number } {
  const trainer = new Trainer({ ...settings });
  const feeder = new BlockTrainer(trainer);
  const encoder = new TextEncoder();
  for (const m of messages) {
    const block = parseSampleMessage(encoder.encode(m), settings.inputs);
    if (block.ok) feeder.feed(block, 0);
  }
  const s = trainer.state();
  return { weights: [...s.weights], bias: s.bias, seen: s.seen };
}
