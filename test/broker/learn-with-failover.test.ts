import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { BrokerUnavailableError } from '../../src/broker/broker-unavailable.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import type { JetStreamLearner, StreamLearnerSettings } from '../../src/broker/jet-stream-learner.js';
import { KvModelStore } from '../../src/broker/kv-model-store.js';
import { learnWithFailover } from '../../src/broker/learn-with-failover.js';
import type { FailoverRole } from '../../src/broker/learn-with-failover.js';
import { prepareStream } from '../../src/broker/prepare-stream.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from './nats-server.js';
import type { NatsServerProcess } from './nats-server.js';
import { publishMessages, referenceModel, sampleMessages } from './sample-stream.js';

const SETTINGS: StreamLearnerSettings = { inputs: 2, mode: 'minibatch', batchSize: 7, schedule: { kind: 'constant', lr: 0.05 } };

describe.skipIf(!natsAvailable && !natsRequired)(`learnWithFailover against a real nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let store: KvModelStore;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer();
    nc = await connectBroker(parseBrokerAddress(nats.url, { env: {} }));
    store = await KvModelStore.open(nc, { create: true });
  });
  afterAll(async () => {
    await nc?.drain().catch(() => undefined);
    await nats?.stop();
  });

  it('a leader whose lease is taken stops applying and acking at once; the next leader applies no sample twice', { timeout: 60_000 }, async () => {
    await prepareStream(nc, { stream: 'LOSS', subject: 'LOSS.>', consumer: 'learner', create: true });
    const messages = sampleMessages('loss', 60, 50);
    await publishMessages(nc, 'LOSS.in', messages.slice(0, 30), { ids: 'loss' });
    const base = { nc, store, stream: 'LOSS', consumer: 'learner', model: 'loss', learner: SETTINGS, checkpointEveryMs: 50, checkpointEveryMessages: 3, leaseMs: 2_000 };
    let first: JetStreamLearner | undefined;
    const a = learnWithFailover({ ...base, holder: 'a', onLeader: (l) => (first = l) });
    const roles: FailoverRole[] = [];
    a.role$.subscribe((r) => roles.push(r));
    await firstValueFrom(a.role$.pipe(filter((r) => r === 'leader')));
    await firstValueFrom(first!.checkpoints$.pipe(filter((c) => c.seen >= 500)));
    let applied = 0;
    first!.steps$.subscribe({ next: () => applied++ });
    // Another process takes the lease by force (as one whose clock says it expired would).
    const entry = (await store.kv.get('loss.lease'))!;
    await store.kv.update('loss.lease', JSON.stringify({ holder: 'b', expires: Date.now() + 60_000 }), entry.revision);
    await firstValueFrom(a.role$.pipe(filter((r) => r === 'standby')));
    await expect(first!.done).rejects.toThrow(/lease lost: another process took the lease/);
    // From here on the old leader neither learns nor acks, while more samples arrive.
    const appliedAtLoss = applied;
    const jsm = await jetstreamManager(nc);
    const floorAtLoss = (await jsm.consumers.info('LOSS', 'learner')).ack_floor.stream_seq;
    await publishMessages(nc, 'LOSS.in', messages.slice(30), { offset: 30, ids: 'loss' });
    await new Promise((r) => setTimeout(r, 500));
    expect(applied).toBe(appliedAtLoss);
    expect((await jsm.consumers.info('LOSS', 'learner')).ack_floor.stream_seq).toBe(floorAtLoss);
    expect(roles).toEqual(['standby', 'leader', 'standby']);
    // The new holder resumes from the checkpoint in KV.
    let second: JetStreamLearner | undefined;
    const b = learnWithFailover({ ...base, holder: 'b', onLeader: (l) => (second = l) });
    await firstValueFrom(b.role$.pipe(filter((r) => r === 'leader')));
    const reference = referenceModel(messages, SETTINGS);
    await firstValueFrom(second!.checkpoints$.pipe(filter((c) => c.seen === reference.seen)));
    await b.stop();
    await a.stop();
    await expect(b.done).resolves.toBeUndefined();
    const stored = (await store.load('loss'))!.snapshot;
    expect(stored.seen).toBe(reference.seen);
    expect(stored.weights).toEqual(reference.weights);
    expect(stored.bias).toBe(reference.bias);
  });

  it('a standby whose bucket stops answering gives up with BrokerUnavailableError: it never ends as if told to stop', { timeout: 60_000 }, async () => {
    const own = await startNatsServer();
    const onc = await connectBroker(parseBrokerAddress(own.url, { env: {} }), { timeoutMs: 2_000 });
    try {
      await prepareStream(onc, { stream: 'GONE', subject: 'GONE.>', consumer: 'learner', create: true });
      const ostore = await KvModelStore.open(onc, { create: true });
      await ostore.kv.put('gone.lease', JSON.stringify({ holder: 'other', expires: Date.now() + 600_000 }));
      const p = learnWithFailover({ nc: onc, store: ostore, stream: 'GONE', consumer: 'learner', model: 'gone', learner: SETTINGS, holder: 'me', leaseMs: 400, patienceMs: 1_500 });
      await new Promise((r) => setTimeout(r, 300)); // it has looked at the lease and waits
      await own.kill();
      const outcome = await p.done.then(
        () => 'resolved',
        (e: unknown) => e,
      );
      expect(outcome).toBeInstanceOf(BrokerUnavailableError);
      expect((outcome as Error).message).toMatch(/waiting for the lease of gone\.lease: the broker did not answer for \d+ s/);
    } finally {
      await onc.close().catch(() => undefined);
      await own.stop();
    }
  });
  // A standby takes the lease as the leader stops cleanly, and is told to stop itself a moment later
  // (a whole group stopped, one after the other): the stop can come while its learner is starting.
  for (const worker of [false, true]) {
    it(`a stop while a new leader's learner is still starting ends it cleanly: done resolves, nothing is left consuming${worker ? ' (worker)' : ''}`, { timeout: 60_000 }, async () => {
      const name = worker ? 'STARTSTOPW' : 'STARTSTOP';
      const model = name.toLowerCase();
      await prepareStream(nc, { stream: name, subject: `${name}.>`, consumer: 'learner', create: true });
      const messages = sampleMessages(model, 20, 10);
      await publishMessages(nc, `${name}.in`, messages.slice(0, 10), { ids: model });
      const base = { nc, store, stream: name, consumer: 'learner', model, learner: SETTINGS, checkpointEveryMs: 50, leaseMs: 1_000, worker };
      let first: JetStreamLearner | undefined;
      const a = learnWithFailover({ ...base, holder: 'a', onLeader: (l) => (first = l) });
      await firstValueFrom(a.role$.pipe(filter((r) => r === 'leader')));
      // A leader well under way (its first checkpoint written).
      while (first?.lastCheckpoint === undefined) await new Promise((r) => setTimeout(r, 50));
      const b = learnWithFailover({ ...base, holder: 'b' });
      let stopping: Promise<void> | undefined;
      // Told to stop the moment it leads: its learner exists, its start() has not finished.
      b.role$.subscribe((r) => {
        if (r === 'leader') stopping ??= b.stop();
      });
      await a.stop();
      await expect(a.done).resolves.toBeUndefined();
      await firstValueFrom(b.role$.pipe(filter((r) => r === 'stopped')));
      expect(stopping).toBeDefined();
      await stopping;
      await expect(b.done).resolves.toBeUndefined();
      // Nothing of b still pulls: messages published now stay undelivered.
      const jsm = await jetstreamManager(nc);
      const delivered = (await jsm.consumers.info(name, 'learner')).delivered.stream_seq;
      await publishMessages(nc, `${name}.in`, messages.slice(10), { offset: 10, ids: model });
      await new Promise((r) => setTimeout(r, 1_000));
      const info = await jsm.consumers.info(name, 'learner');
      expect(info.delivered.stream_seq).toBe(delivered);
      expect(info.num_waiting).toBe(0);
      // And the lease is free for the next learner.
      expect(await store.kv.get(`${model}.lease`).then((e) => e?.operation ?? 'none')).not.toBe('PUT');
    });
  }
  it('a lease lost while the new leader starts its learning thread sends it back to standby (it does not stay a leader that never learns)', { timeout: 60_000 }, async () => {
    await prepareStream(nc, { stream: 'LOSTSTART', subject: 'LOSTSTART.>', consumer: 'learner', create: true });
    let aborted = false;
    const a = learnWithFailover({
      nc, store, stream: 'LOSTSTART', consumer: 'learner', model: 'loststart', learner: SETTINGS, leaseMs: 1_000, worker: true, holder: 'a',
      onLeader: (l) => {
        if (aborted) return;
        // The moment its trainer exists (the thread starting, not ready yet), the lease is lost.
        const poll = (): void => {
          if ((l as unknown as { engine?: unknown }).engine === undefined) return void setImmediate(poll);
          aborted = true;
          l.abort(new Error('lease lost: taken in the test'));
        };
        poll();
      },
    });
    const roles: FailoverRole[] = [];
    a.role$.subscribe((r) => roles.push(r));
    const deadline = Date.now() + 20_000;
    while (!(aborted && roles.length >= 3) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(roles.slice(0, 3)).toEqual(['standby', 'leader', 'standby']);
    await a.stop();
    await expect(a.done).resolves.toBeUndefined();
  });
});

// Fakes of the lease and the learner (no broker): what matters is which lease a learner's mayWrite asks.
describe('learnWithFailover binds each learner to its own term', () => {
  it("an aborted learner's mayWrite stays false under the process's next lease (its late checkpoint write is refused)", async () => {
    const leases: { leading: boolean; lose(why: string): void }[] = [];
    const learners: { mayWrite: () => boolean }[] = [];
    vi.resetModules();
    vi.doMock('../../src/broker/model-lease.js', async (original) => ({
      ...(await original<typeof import('../../src/broker/model-lease.js')>()),
      ModelLease: class {
        leading = false;
        private readonly lost: ((why: string) => void)[] = [];
        constructor() {
          leases.push(this);
        }
        async acquire(): Promise<void> {
          this.leading = true;
        }
        held(): boolean {
          return this.leading;
        }
        onLost(listener: (why: string) => void): void {
          this.lost.push(listener);
        }
        lose(why: string): void {
          this.leading = false;
          for (const l of this.lost) l(why);
        }
        async release(): Promise<void> {
          this.leading = false;
        }
      },
    }));
    vi.doMock('../../src/broker/jet-stream-learner.js', () => ({
      JetStreamLearner: class {
        readonly mayWrite: () => boolean;
        lastCheckpoint = undefined;
        private end!: (e?: Error) => void;
        readonly done = new Promise<void>((resolve, reject) => (this.end = (e) => (e ? reject(e) : resolve())));
        constructor(options: { mayWrite: () => boolean }) {
          this.mayWrite = options.mayWrite;
          learners.push(this);
        }
        async start(): Promise<void> {}
        abort(e: Error): void {
          this.end(e);
        }
        async stop(): Promise<void> {
          this.end();
        }
      },
    }));
    try {
      const { learnWithFailover: run } = await import('../../src/broker/learn-with-failover.js');
      let secondTerm!: () => void;
      const second = new Promise<void>((resolve) => (secondTerm = resolve));
      const p = run({ store: { kv: {} }, model: 'terms', holder: 'a', onLeader: () => learners.length === 2 && secondTerm() } as unknown as Parameters<typeof run>[0]);
      await firstValueFrom(p.role$.pipe(filter((r) => r === 'leader')));
      expect(learners[0]!.mayWrite()).toBe(true);
      leases[0]!.lose('taken in the test');
      await second;
      // The first learner was aborted; the process leads again under a new lease.
      expect(leases[1]!.leading).toBe(true);
      expect(learners[1]!.mayWrite()).toBe(true);
      expect(learners[0]!.mayWrite()).toBe(false);
      await p.stop();
      await expect(p.done).resolves.toBeUndefined();
    } finally {
      vi.doUnmock('../../src/broker/model-lease.js');
      vi.doUnmock('../../src/broker/jet-stream-learner.js');
      vi.resetModules();
    }
  });
});
