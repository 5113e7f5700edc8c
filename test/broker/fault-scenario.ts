import seedrandom from 'seedrandom';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { KvModelStore } from '../../src/broker/kv-model-store.js';
import { prepareStream } from '../../src/broker/prepare-stream.js';
import type { StreamLearnerSettings } from '../../src/broker/jet-stream-learner.js';
import { startLearner } from './learner-child.js';
import type { LearnerChild } from './learner-child.js';
import { publishMessages, referenceModel, sampleMessages } from './sample-stream.js';

/** A fault run: learners killed while samples are published, compared with one uninterrupted learner. */
export interface FaultScenarioOptions {
  /** nats:// URL(s) the learners and the publisher use. */
  url: string;
  /** Stream, consumer and model names (unique per run). */
  name: string;
  messages: number;
  samplesPerMessage: number;
  /** `kill -9`s of the leading learner. */
  kills: number;
  /** Keep a standby running beside the leader (failover) instead of restarting after each kill. */
  standby: boolean;
  /** Stream and bucket replicas (3 on a cluster). */
  replicas?: number;
  leaseMs?: number;
  /** Learn on a worker thread (`rxlogit learn --worker`). */
  worker?: boolean;
  seed?: string;
  /** Called once learning is under way (to kill a broker node, say). */
  midRun?: () => Promise<void>;
  log?: (line: string) => void;
}

/** What a fault run measured. */
export interface FaultScenarioResult {
  readonly stored: { weights: number[]; bias: number | null; seen: number };
  readonly reference: { weights: number[]; bias: number | null; seen: number };
  /** Per kill with a standby: ms from the kill to the standby's `leader` event. */
  readonly takeoverMs: number[];
  readonly kills: number;
  readonly samples: number;
}

const SETTINGS: StreamLearnerSettings = { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.05 } };

/**
 * Publishes `messages` messages (paced over the run) while learner processes
 * are killed with SIGKILL at random moments, waits until the model holds
 * every sample, and returns the stored model beside the reference.
 */
export async function runFaultScenario(o: FaultScenarioOptions): Promise<FaultScenarioResult> {
  const rng = seedrandom(o.seed ?? o.name);
  const log = o.log ?? (() => undefined);
  const nc = await connectBroker(parseBrokerAddress(o.url, { env: {} }));
  const subject = `${o.name}.in`;
  const replicas = o.replicas ?? 1;
  // A new cluster elects its JetStream leader for a few seconds: retry until it answers.
  const store = await retry(async () => {
    await prepareStream(nc, { stream: o.name, subject: `${o.name}.>`, consumer: 'learner', create: true, replicas, maxAckPending: 1000 });
    return KvModelStore.open(nc, { create: true, replicas });
  });
  const messages = sampleMessages(o.name, o.messages, o.samplesPerMessage);
  const reference = referenceModel(messages, SETTINGS);
  const args = [
    '--from', o.url, '--stream', o.name, '--consumer', 'learner', '--model', o.name, '--subject', `${o.name}.>`,
    '--mode', 'minibatch', '--batch-size', '7', '--lr', '0.05',
    '--lease-ms', String(o.leaseMs ?? 1000), '--checkpoint-every-ms', '100', '--checkpoint-every-messages', '20',
    ...(o.worker === true ? ['--worker'] : []),
  ];
  const learners: LearnerChild[] = [];
  const start = (): LearnerChild => {
    const l = startLearner(args);
    learners.push(l);
    return l;
  };
  const leader = (): LearnerChild | undefined =>
    learners.find((l) => l.child.exitCode === null && l.child.signalCode === null && l.events.filter((e) => e.event === 'leader' || e.event === 'standby').at(-1)?.event === 'leader');
  // The messages in kills + 1 parts: part k is published (paced) right after kill k, so that every
  // learner finds new samples and every kill lands while samples are being published and learned.
  const parts = o.kills + 1;
  const partSize = Math.ceil(messages.length / parts);
  let published: Promise<void> = Promise.resolve();
  const publishPart = (k: number): void => {
    const part = messages.slice(k * partSize, (k + 1) * partSize);
    published = published.then(async () => {
      const chunk = Math.max(1, Math.ceil(part.length / 10));
      for (let i = 0; i < part.length; i += chunk) {
        await publishMessages(nc, subject, part.slice(i, i + chunk), { offset: k * partSize + i, ids: o.name });
        await new Promise((r) => setTimeout(r, 30));
      }
    });
  };
  const takeoverMs: number[] = [];
  try {
    publishPart(0);
    start();
    if (o.standby) await start().waitFor((e) => e.event === 'standby');
    // Whichever process takes the lease first leads.
    let current = await Promise.race(learners.map((l) => l.waitFor((e) => e.event === 'leader').then(() => l)));
    let lastSeen = -1;
    for (let k = 0; k < o.kills; k++) {
      // Let it make progress, then kill it at a random moment.
      const progress = await current.waitFor((e) => e.event === 'checkpoint' && (e.seen ?? 0) > lastSeen, 120_000);
      lastSeen = progress.seen ?? 0;
      if (k === 0 && o.midRun !== undefined) await o.midRun();
      await new Promise((r) => setTimeout(r, 50 + rng() * 400));
      const killedAt = Date.now();
      await current.kill();
      publishPart(k + 1);
      log(`kill ${k + 1}: learner killed at seen ≥ ${lastSeen}`);
      if (o.standby) {
        const others = learners.filter((l) => l !== current && l.child.exitCode === null && l.child.signalCode === null);
        const next = await Promise.race(others.map((l) => l.waitFor((e) => e.event === 'leader' && e.time >= killedAt).then(() => l)));
        const event = next.events.filter((e) => e.event === 'leader').at(-1)!;
        takeoverMs.push(event.time - killedAt);
        log(`  standby took over in ${event.time - killedAt} ms`);
        current = next;
        // A new standby, up and watching the lease before the next kill.
        await start().waitFor((e) => e.event === 'standby');
      } else {
        current = start();
        await current.waitFor((e) => e.event === 'leader');
      }
    }
    await published;
    const total = reference.seen;
    const final = leader() ?? current;
    await final.waitFor((e) => e.event === 'checkpoint' && e.seen === total, 300_000);
    for (const l of learners) await l.stop();
    const stored = (await store.load(o.name))!.snapshot;
    return { stored: { weights: stored.weights, bias: stored.bias, seen: stored.seen }, reference, takeoverMs, kills: o.kills, samples: o.messages * o.samplesPerMessage };
  } finally {
    for (const l of learners) await l.kill();
    await published.catch(() => undefined);
    await nc.drain().catch(() => undefined);
  }
}

async function retry<T>(f: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await f();
    } catch (e) {
      if (Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
