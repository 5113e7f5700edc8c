/**
 * Benchmark: learning from a local JetStream (`JetStreamLearner`: parse,
 * learn, KV checkpoint, ack after the checkpoint) against a loop that
 * consumes and acks the same messages with the same client and does nothing
 * else. Both read the whole stream through a fresh durable pull consumer.
 *
 * Publishes M messages of 1,000 samples once in each format (JSON Lines on
 * stream BENCH, the binary format on stream BENCHB: the same samples), then
 * runs, `repeats` times in turn, the baseline, the learner on its own thread
 * and the learner with `worker: true` (parsing and learning on a second
 * core) on each, and prints one JSON object: medians in samples per second,
 * each format's ratio to the baseline that read the same messages (target
 * ≥ 0.8), and the median and spread of each run's ratio to the baseline run
 * just before it.
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
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { encodeBinarySamples } from '../src/broker/binary-sample-message.js';
import { BlockTrainer } from '../src/broker/block-trainer.js';
import { Trainer } from '../src/core/index.js';
import { prepareStream } from '../src/broker/prepare-stream.js';
import { parseSampleMessage } from '../src/broker/sample-message.js';
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

interface Format {
  readonly name: 'jsonl' | 'binary';
  readonly stream: string;
  readonly subject: string;
}
const FORMATS: readonly Format[] = [
  { name: 'jsonl', stream: 'BENCH', subject: 'bench.>' },
  { name: 'binary', stream: 'BENCHB', subject: 'benchb.>' },
];

/** CPU time (ms) of this process (all its threads) and of nats-server, from /proc where there is one. */
let serverPid = 0;
function cpuNow(): { client: number; server: number } {
  const u = process.cpuUsage();
  let server = NaN;
  try {
    const f = readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    server = ((Number(f[11]) + Number(f[12])) * 1000) / 100; // clock ticks of 10 ms
  } catch {
    // no /proc: the server's share stays unknown
  }
  return { client: (u.user + u.system) / 1000, server };
}
type Contender = 'baseline' | 'learner' | 'worker';
const cpu: Record<string, Record<Contender, { client: number[]; server: number[] }>> = {};
function meter(format: string, who: Contender, messages: number): () => void {
  const before = cpuNow();
  return () => {
    const after = cpuNow();
    const slot = ((cpu[format] ??= { baseline: { client: [], server: [] }, learner: { client: [], server: [] }, worker: { client: [], server: [] } })[who]);
    slot.client.push(((after.client - before.client) * 1000) / messages);
    slot.server.push(((after.server - before.server) * 1000) / messages);
  };
}

async function consumeAndAck(nc: NatsConnection, f: Format, consumer: string, messages: number): Promise<number> {
  await prepareStream(nc, { stream: f.stream, subject: f.subject, consumer, create: true });
  const c = await jetstream(nc).consumers.get(f.stream, consumer);
  const measured = meter(f.name, 'baseline', messages);
  const started = performance.now();
  const iter = await c.consume({ max_messages: 64 });
  let n = 0;
  for await (const m of iter) {
    m.ack();
    if (++n === messages) break;
  }
  await nc.flush();
  const seconds = (performance.now() - started) / 1000;
  measured();
  await iter.close();
  return seconds;
}

async function learn(nc: NatsConnection, store: KvModelStore, f: Format, consumer: string, total: number, worker: boolean): Promise<number> {
  await prepareStream(nc, { stream: f.stream, subject: f.subject, consumer, create: true });
  const learner = new JetStreamLearner({ nc, stream: f.stream, consumer, model: consumer, store, learner: { inputs: 2 }, worker });
  const done = firstValueFrom(learner.checkpoints$.pipe(filter((c) => c.seen === total)));
  // Timed from a started learner (checkpoint loaded, a worker thread up), as the baseline from an opened consumer.
  const starting = performance.now();
  await learner.start();
  const started = performance.now();
  startMs[worker ? 'worker' : 'learner'].push(started - starting);
  const measured = meter(f.name, worker ? 'worker' : 'learner', messages);
  await done;
  const seconds = (performance.now() - started) / 1000;
  measured();
  await learner.stop();
  return seconds;
}

const startMs = { learner: [] as number[], worker: [] as number[] };
const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const messages = options.messages ?? 400;
const perMessage = options['per-message'] ?? 1000;
const repeats = options.repeats ?? 5;
const nats = await startNatsServer();
serverPid = nats.child.pid ?? 0;
try {
  const nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
  for (const f of FORMATS) await prepareStream(nc, { stream: f.stream, subject: f.subject, consumer: 'setup', create: true });
  const store = await KvModelStore.open(nc, { create: true });
  const payloads = sampleMessages('bench/nats-learn', messages, perMessage);
  await publishMessages(nc, 'bench.in', payloads);
  const encoder = new TextEncoder();
  const binary = payloads.map((p) => {
    const b = parseSampleMessage(encoder.encode(p), 2);
    if (!b.ok) throw new Error(b.reason);
    return encodeBinarySamples(2, b.x, b.t);
  });
  const js = jetstream(nc);
  for (let i = 0; i < binary.length; i += 64) await Promise.all(binary.slice(i, i + 64).map((m) => js.publish('benchb.in', m)));
  const total = referenceModel(payloads.slice(0, 1), { inputs: 2 }).seen * messages;
  const runs = Object.fromEntries(FORMATS.map((f) => [f.name, { baseline: [] as number[], learner: [] as number[], worker: [] as number[] }]));
  for (let r = 0; r < repeats; r++) {
    for (const f of FORMATS) {
      runs[f.name]!.baseline.push(total / (await consumeAndAck(nc, f, `base${r}`, messages)));
      runs[f.name]!.learner.push(total / (await learn(nc, store, f, `learn${f.name}${r}`, total, false)));
      runs[f.name]!.worker.push(total / (await learn(nc, store, f, `worker${f.name}${r}`, total, true)));
    }
  }
  await nc.drain();
  // Where a learner's time goes, in this process without the broker (medians of interleaved passes).
  const perMessageUs = { parseJsonl: [] as number[], parseBinary: [] as number[], learnSample: [] as number[] };
  const bytes = payloads.map((p) => encoder.encode(p));
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    const blocks = bytes.map((b) => parseSampleMessage(b, 2));
    perMessageUs.parseJsonl.push(((performance.now() - t0) * 1000) / messages);
    t0 = performance.now();
    for (const b of binary) parseSampleMessage(b, 2);
    perMessageUs.parseBinary.push(((performance.now() - t0) * 1000) / messages);
    const trainer = new BlockTrainer(new Trainer({ inputs: 2 }));
    t0 = performance.now();
    for (const b of blocks) if (b.ok) trainer.feed(b, 0);
    perMessageUs.learnSample.push(((performance.now() - t0) * 1000) / messages);
  }
  const summary = (f: Format) => {
    const { baseline, learner, worker } = runs[f.name]!;
    // Each run's ratio to the baseline run just before it (interleaved): their median and spread.
    const ratios = (xs: number[]) => xs.map((x, i) => x / baseline[i]!);
    const spread = (xs: number[]) => [Math.min(...xs), Math.max(...xs)].map((v) => Number(v.toFixed(3)));
    return {
      messageBytes: f.name === 'jsonl' ? encoder.encode(payloads[0]!).length : binary[0]!.length,
      consumeAckSamplesPerSecond: Math.round(median(baseline)),
      learnSamplesPerSecond: Math.round(median(learner)),
      ratio: Number((median(learner) / median(baseline)).toFixed(3)),
      workerSamplesPerSecond: Math.round(median(worker)),
      workerRatio: Number((median(worker) / median(baseline)).toFixed(3)),
      pairedRatios: { learner: Number(median(ratios(learner)).toFixed(3)), learnerSpread: spread(ratios(learner)), worker: Number(median(ratios(worker)).toFixed(3)), workerSpread: spread(ratios(worker)) },
      // CPU µs a message (medians): this process (all threads) and nats-server (10 ms ticks).
      cpuMicrosecondsPerMessage: Object.fromEntries(
        Object.entries(cpu[f.name]!).map(([k, v]) => [k, { client: Math.round(median(v.client)), server: Math.round(median(v.server)) }]),
      ),
      runs: { baseline: baseline.map(Math.round), learner: learner.map(Math.round), worker: worker.map(Math.round) },
    };
  };
  const jsonl = summary(FORMATS[0]!);
  const bin = summary(FORMATS[1]!);
  const result = {
    bench: 'nats-learn',
    messages,
    samplesPerMessage: perMessage,
    repeats,
    target: 0.8,
    jsonl,
    binary: bin,
    // The binary learner against the JSON Lines baseline too: the same samples, fewer bytes.
    binaryLearnVsJsonlBaseline: Number((Math.max(bin.learnSamplesPerSecond, bin.workerSamplesPerSecond) / jsonl.consumeAckSamplesPerSecond).toFixed(3)),
    startMilliseconds: { learner: Math.round(median(startMs.learner)), worker: Math.round(median(startMs.worker)) },
    perMessageMicroseconds: Object.fromEntries(Object.entries(perMessageUs).map(([k, v]) => [k, Math.round(median(v))])),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await nats.stop();
}
