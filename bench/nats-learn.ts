/**
 * Benchmark: learning from a local JetStream (`JetStreamLearner`: parse,
 * learn, KV checkpoint, ack after the checkpoint) against a loop that
 * consumes and acks the same messages with the same client and does nothing
 * else. Both read the whole stream through a fresh durable pull consumer.
 *
 * Publishes M messages of 1,000 samples (JSON Lines) once, then runs the
 * baseline and the learner alternately, `repeats` times each, and prints one
 * JSON object: medians in samples per second and their ratio (target ≥ 0.8).
 *
 * Usage: npx tsx bench/nats-learn.ts [--messages M] [--repeats R] [--per-message N]
 * Defaults: 400 messages, 5 repeats, 1000 samples a message.
 *
 * @module
 */
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { firstValueFrom, filter } from 'rxjs';
import { parseBrokerAddress } from '../src/broker/broker-address.js';
import { connectBroker } from '../src/broker/connect-broker.js';
import { JetStreamLearner } from '../src/broker/jet-stream-learner.js';
import { KvModelStore } from '../src/broker/kv-model-store.js';
import { prepareStream } from '../src/broker/prepare-stream.js';
import { parseArgs } from '../src/cli/args.js';
import { startNatsServer } from '../test/broker/nats-server.js';
import { publishMessages, referenceModel, sampleMessages } from '../test/broker/sample-stream.js';

const OPTIONS = {
  messages: { kind: 'integer', range: 'positive', description: 'messages in the stream (default 400)' },
  'per-message': { kind: 'integer', range: 'positive', description: 'samples a message (default 1000)' },
  repeats: { kind: 'integer', range: 'positive', description: 'runs of each contender (default 5)' },
} as const;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function consumeAndAck(nc: NatsConnection, consumer: string, messages: number): Promise<number> {
  await prepareStream(nc, { stream: 'BENCH', subject: 'bench.>', consumer, create: true });
  const c = await jetstream(nc).consumers.get('BENCH', consumer);
  const started = performance.now();
  const iter = await c.consume({ max_messages: 64 });
  let n = 0;
  for await (const m of iter) {
    m.ack();
    if (++n === messages) break;
  }
  await nc.flush();
  const seconds = (performance.now() - started) / 1000;
  await iter.close();
  return seconds;
}

async function learn(nc: NatsConnection, store: KvModelStore, consumer: string, total: number): Promise<number> {
  await prepareStream(nc, { stream: 'BENCH', subject: 'bench.>', consumer, create: true });
  const learner = new JetStreamLearner({ nc, stream: 'BENCH', consumer, model: consumer, store, learner: { inputs: 2 } });
  const started = performance.now();
  const done = firstValueFrom(learner.checkpoints$.pipe(filter((c) => c.seen === total)));
  await learner.start();
  await done;
  const seconds = (performance.now() - started) / 1000;
  await learner.stop();
  return seconds;
}

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const messages = options.messages ?? 400;
const perMessage = options['per-message'] ?? 1000;
const repeats = options.repeats ?? 5;
const nats = await startNatsServer();
try {
  const nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
  await prepareStream(nc, { stream: 'BENCH', subject: 'bench.>', consumer: 'setup', create: true });
  const store = await KvModelStore.open(nc, { create: true });
  const payloads = sampleMessages('bench/nats-learn', messages, perMessage);
  await publishMessages(nc, 'bench.in', payloads);
  const total = referenceModel(payloads.slice(0, 1), { inputs: 2 }).seen * messages;
  const baseline: number[] = [];
  const learner: number[] = [];
  for (let r = 0; r < repeats; r++) {
    baseline.push(total / (await consumeAndAck(nc, `base${r}`, messages)));
    learner.push(total / (await learn(nc, store, `learn${r}`, total)));
  }
  await nc.drain();
  const result = {
    bench: 'nats-learn',
    messages,
    samplesPerMessage: perMessage,
    repeats,
    consumeAckSamplesPerSecond: Math.round(median(baseline)),
    learnSamplesPerSecond: Math.round(median(learner)),
    ratio: Number((median(learner) / median(baseline)).toFixed(3)),
    target: 0.8,
    runs: { baseline: baseline.map(Math.round), learner: learner.map(Math.round) },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await nats.stop();
}
