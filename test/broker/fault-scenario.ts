import { jetstreamManager } from '@nats-io/jetstream';
import seedrandom from 'seedrandom';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { KvModelStore } from '../../src/broker/kv-model-store.js';
import { prepareStream } from '../../src/broker/prepare-stream.js';
import type { StreamLearnerSettings } from '../../src/broker/jet-stream-learner.js';
import { startLearner } from './learner-child.js';
import type { LearnerChild } from './learner-child.js';
import { publishMessages, referenceModel, sampleMessages, streamMessages } from './sample-stream.js';

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
  /** Every wait fails, saying what each learner did, by this long after the start (default 200,000 ms: under the tests' timeouts). */
  timeoutMs?: number;
}

/** What a fault run measured. */
export interface FaultScenarioResult {
  readonly stored: { weights: number[]; bias: number | null; seen: number };
  /** One uninterrupted learner's model of the stream as stored (see {@link streamMessages}). */
  readonly reference: { weights: number[]; bias: number | null; seen: number };
  /** Stream positions whose message is not the one published there: retried publishes stored late. */
  readonly reordered: number;
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
  // The samples a learner must end with, whatever order the stream stores the messages in.
  const total = referenceModel(messages, SETTINGS).seen;
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
  const alive = (l: LearnerChild): boolean => l.child.exitCode === null && l.child.signalCode === null;
  const role = (l: LearnerChild): string | undefined => l.events.filter((e) => e.event === 'leader' || e.event === 'standby' || e.event === 'stopped').at(-1)?.event;
  // The learner that says it leads now. A leader can lose its lease without being killed (a renewal
  // late on a loaded machine) and a standby then takes over: whoever leads is asked anew every time.
  const leader = (): LearnerChild | undefined => learners.find((l) => alive(l) && role(l) === 'leader');
  const seenMax = (): number => Math.max(-1, ...learners.flatMap((l) => l.events.filter((e) => e.event === 'checkpoint').map((e) => e.seen ?? 0)));
  // The messages in kills + 1 parts: part k is published (paced) right after kill k, so that every
  // learner finds new samples and every kill lands while samples are being published and learned.
  const parts = o.kills + 1;
  const partSize = Math.ceil(messages.length / parts);
  let published: Promise<void> = Promise.resolve();
  let publishedCount = 0;
  const publishPart = (k: number): void => {
    const part = messages.slice(k * partSize, (k + 1) * partSize);
    published = published.then(async () => {
      const chunk = Math.max(1, Math.ceil(part.length / 10));
      for (let i = 0; i < part.length; i += chunk) {
        await publishMessages(nc, subject, part.slice(i, i + chunk), { offset: k * partSize + i, ids: o.name });
        publishedCount += part.slice(i, i + chunk).length;
        await new Promise((r) => setTimeout(r, 30));
      }
    });
  };
  const takeoverMs: number[] = [];
  // The learners this run killed or stopped: any other that exits gave up on its own.
  const ended = new Set<LearnerChild>();
  const t0 = Date.now();
  // Every wait ends by this deadline at the latest, so that it fails with the state below before the test's own timeout.
  const deadline = t0 + (o.timeoutMs ?? 200_000);
  /** What every learner did (roles, checkpoints, exit, stderr) and where the consumer and the model stand. */
  const state = async (): Promise<string> => {
    const lines = learners.map((l, i) => {
      const how = alive(l) ? 'running' : l.child.signalCode !== null ? `killed (${l.child.signalCode})` : `exited ${l.child.exitCode}`;
      const roles = l.events.filter((e) => e.event !== 'checkpoint').map((e) => `${e.event} +${e.time - t0}`).join(', ');
      const cps = l.events.filter((e) => e.event === 'checkpoint');
      const last = cps.at(-1);
      const lastText = last === undefined ? 'none' : `the last seen ${last.seen} (stream #${last.sequence}) at +${last.time - t0}`;
      const err = l.stderr.trim().split('\n').slice(-8).join('\n      ');
      return `  learner ${i} (pid ${l.child.pid}, ${how}): ${roles}; ${cps.length} checkpoints, ${lastText}\n    stderr: ${err}`;
    });
    const facts: string[] = [`${publishedCount} of ${messages.length} messages published`];
    try {
      const c = await (await jetstreamManager(nc)).consumers.info(o.name, 'learner');
      facts.push(`consumer: delivered #${c.delivered.stream_seq}, ack floor #${c.ack_floor.stream_seq}, ${c.num_pending} pending, ${c.num_ack_pending} ack pending, ${c.num_redelivered} redelivered, ${c.num_waiting} waiting pulls`);
    } catch (e) {
      facts.push(`consumer: no answer (${String(e)})`);
    }
    try {
      const m = await store.load(o.name);
      facts.push(m === undefined ? 'no model stored' : `stored model: seen ${m.snapshot.seen} (stream #${m.snapshot.source?.sequence}), revision ${m.revision}`);
    } catch (e) {
      facts.push(`stored model: no answer (${String(e)})`);
    }
    return `at +${Date.now() - t0} ms, ${takeoverMs.length} takeovers:\n${lines.join('\n')}\n  ${facts.join('\n  ')}`;
  };
  /**
   * Checks `found` every 50 ms until it returns something. Fails with {@link state} after `ms` (or at the
   * deadline), or at once when a learner this run did not kill exits (exit 1: it gave up, and says why).
   */
  const until = async <T>(what: string, found: () => T | undefined, ms = 120_000): Promise<T> => {
    const stop = Math.min(Date.now() + ms, deadline);
    for (;;) {
      const v = found();
      if (v !== undefined) return v;
      const died = learners.find((l) => !alive(l) && !ended.has(l));
      if (died !== undefined) throw new Error(`${o.name}: ${what}: learner ${learners.indexOf(died)} exited (${died.child.exitCode}) on its own, ${await state()}`);
      if (Date.now() >= stop) throw new Error(`${o.name}: ${what}: not within ${Math.round((stop - t0) / 1000)} s of the start, ${await state()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async (l: LearnerChild): Promise<void> => {
    ended.add(l);
    await l.kill();
  };
  try {
    publishPart(0);
    start();
    if (o.standby) {
      const second = start();
      await until('the second learner up', () => (second.events.length > 0 ? true : undefined));
    }
    // Whichever process takes the lease first leads.
    await until('a first leader', leader);
    let lastSeen = -1;
    for (let k = 0; k < o.kills; k++) {
      // Let it make progress (whoever leads: a lease lost on a busy machine changes the leader), then kill the leader at a random moment.
      await until(`kill ${k + 1}: a checkpoint past seen ${lastSeen}`, () => (seenMax() > lastSeen ? true : undefined));
      if (k === 0 && o.midRun !== undefined) await o.midRun();
      await new Promise((r) => setTimeout(r, 50 + rng() * 400));
      const victim = await until(`kill ${k + 1}: a leader to kill`, leader);
      const killedAt = Date.now();
      await kill(victim);
      lastSeen = seenMax();
      publishPart(k + 1);
      log(`kill ${k + 1}: learner ${learners.indexOf(victim)} killed at seen ${lastSeen}`);
      if (o.standby) {
        const next = await until(`kill ${k + 1}: a standby taking over`, leader);
        const event = next.events.filter((e) => e.event === 'leader').at(-1)!;
        takeoverMs.push(event.time - killedAt);
        log(`  learner ${learners.indexOf(next)} took over in ${event.time - killedAt} ms`);
        // A new standby, up and watching the lease before the next kill.
        const standby = start();
        await until(`kill ${k + 1}: a new standby`, () => (role(standby) === 'standby' ? true : undefined));
      } else {
        start();
        await until(`kill ${k + 1}: a restarted leader`, leader);
      }
    }
    await until('the publisher done', () => (publishedCount === messages.length ? true : undefined));
    await published;
    // The model holds every sample once any learner has checkpointed them all (the one leading then, whichever it is).
    await until(`a checkpoint of all ${total} samples`, () => (learners.some((l) => l.events.some((e) => e.event === 'checkpoint' && e.seen === total)) ? true : undefined));
    log(`done ${await state()}`);
    for (const l of learners) {
      ended.add(l);
      const exit = l.stop();
      await until(`learner ${learners.indexOf(l)} stopping on SIGTERM`, () => (alive(l) ? undefined : true), 60_000);
      if (l.child.signalCode !== 'SIGKILL' && (await exit) !== 0) throw new Error(`${o.name}: learner ${learners.indexOf(l)} stopped with exit ${await exit}, ${await state()}`);
    }
    const stored = (await store.load(o.name))!.snapshot;
    // The promise is the model of the stream's order, and a publish retried across a leader election
    // can be stored after later ones (publishMessages): the reference learns the stream as stored,
    // which must hold every published message once.
    const inStream = await retry(() => streamMessages(nc, o.name));
    const unmatched = sameMessages(inStream, messages);
    if (unmatched !== undefined) throw new Error(`${o.name}: the stream does not hold the published messages once each: ${unmatched}`);
    const reordered = inStream.filter((m, i) => m !== messages[i]).length;
    if (reordered > 0) log(`the stream stores ${reordered} messages out of the publisher's order`);
    const reference = referenceModel(inStream, SETTINGS);
    return { stored: { weights: stored.weights, bias: stored.bias, seen: stored.seen }, reference, reordered, takeoverMs, kills: o.kills, samples: o.messages * o.samplesPerMessage };
  } finally {
    for (const l of learners) await l.kill();
    await published.catch(() => undefined);
    await nc.drain().catch(() => undefined);
  }
}

/** Undefined when `stored` holds each of `published` once and nothing else; else what is missing or extra. */
function sameMessages(stored: readonly string[], published: readonly string[]): string | undefined {
  const count = new Map<string, number>();
  for (const m of published) count.set(m, (count.get(m) ?? 0) + 1);
  for (const m of stored) count.set(m, (count.get(m) ?? 0) - 1);
  const missing = published.flatMap((m, i) => ((count.get(m) ?? 0) > 0 ? [i] : []));
  const extra = [...count.values()].filter((c) => c < 0).length;
  if (missing.length === 0 && extra === 0) return undefined;
  return `${stored.length} messages stored for ${published.length} published; missing: [${missing.join(', ')}]; ${extra} stored too often or never published`;
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
