import type { JsMsg } from '@nats-io/jetstream';
import { Subject } from 'rxjs';
import type { Observable, Subscription } from 'rxjs';
import type { ModelSnapshot, SnapshotSource } from '../io/checkpoint-file.js';
import { modelSnapshot } from '../io/model-snapshot.js';
import { resolveTrainerConfig } from '../core/index.js';
import type { Sample, Step } from '../core/index.js';
import type { Rejection } from '../stream/rejection.js';
import { BrokerUnavailableError } from './broker-unavailable.js';
import { messagesPerCheckpoint } from './checkpoint-cadence.js';
import { DeadLetterPublisher, setAside } from './dead-letters.js';
import { fromJetStreamMessages } from './jet-stream-messages.js';
import type { JetStreamRawMessage } from './jet-stream-messages.js';
import { InlineMessageTrainer } from './message-trainer.js';
import type { LearnedMessage, MessageTrainer, TrainerPoint } from './message-trainer.js';
import { MAX_PUBLISHED_SAMPLES } from './model-subjects.js';
import { WorkerMessageTrainer } from './worker-message-trainer.js';
import { ackOf } from './deferred-ack.js';
import type { Ack } from './deferred-ack.js';
import { loadStreamCheckpoint } from './stream-checkpoint.js';
import { saveCheckpoint } from './save-checkpoint.js';
import type { JetStreamLearnerOptions, StreamCheckpoint } from './stream-learner-options.js';
import { StreamPosition } from './stream-position.js';

export type { JetStreamLearnerOptions, StreamCheckpoint, StreamLearnerSettings } from './stream-learner-options.js';

/**
 * Learns from a JetStream consumer with every sample applied exactly once,
 * whatever dies when: it acks a message only after a checkpoint holding all
 * its samples is durable in the KV store, and on start it resumes from the
 * stored checkpoint's stream position, acking (not learning) what that
 * position already covers. Checkpoints are batched (every N messages or T ms)
 * and compare-and-set on the store revision: a second writer makes the write
 * fail, and the learner stops.
 *
 * @example
 * ```ts
 * const learner = new JetStreamLearner({ nc, stream: 'SAMPLES', consumer: 'learner', model: 'demo', store, learner: { inputs: 2 } });
 * await learner.start();
 * learner.checkpoints$.subscribe((c) => console.log('checkpoint', c.source.sequence));
 * await learner.stop(); // final checkpoint, acks
 * ```
 */
export class JetStreamLearner {
  /** Every durable checkpoint. */
  readonly checkpoints$: Observable<StreamCheckpoint>;
  /** Invalid samples: `index` is the sample's index in its message, `source` names the stream sequence. */
  readonly rejected$: Observable<Rejection>;
  /** A step after every message (the live model's state; copies). */
  readonly steps$: Observable<Step>;
  /** Resolves when the learner stops; rejects when it fails (a lost compare-and-set, a missing consumer). */
  readonly done: Promise<void>;
  /** Messages dead-lettered this session (not counting one the dead-letter stream already held). */
  deadLetters = 0;
  /** Samples rejected this session. */
  rejectedCount = 0;

  private readonly checkpointSubject = new Subject<StreamCheckpoint>();
  private readonly rejectedSubject = new Subject<Rejection>();
  private readonly stepSubject = new Subject<Step>();
  private engine!: MessageTrainer;
  private dead: DeadLetterPublisher | undefined;
  private position!: StreamPosition<Ack>;
  private durable!: SnapshotSource;
  private revision = 0;
  private subscription: Subscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sinceCheckpoint = 0;
  private everyMessages = 100;
  private writing: Promise<void> | null = null;
  private again = false;
  private lastWritten = -1;
  private duplicates: JsMsg[] = [];
  private stopped = false;
  private aborted = false;
  /** Learned messages wait here, in order, while an unparseable one before them is dead-lettered. */
  private ordered: Promise<void> = Promise.resolve();
  private waiting = 0;
  private last: StreamCheckpoint | undefined;
  private settle!: { resolve: () => void; reject: (e: unknown) => void };
  /** start() while it runs: a stop waits for it, so that nothing it sets up is left behind. */
  private starting: Promise<void> | undefined;

  constructor(private readonly options: JetStreamLearnerOptions) {
    this.checkpoints$ = this.checkpointSubject.asObservable();
    this.rejected$ = this.rejectedSubject.asObservable();
    this.steps$ = this.stepSubject.asObservable();
    this.done = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
  }

  /** The model's state (a copy): the live one, or with `worker`, the one of the last checkpoint. */
  snapshot(): ModelSnapshot {
    return this.snapshotAt(this.engine.latest());
  }

  /** The state now, as a step (copies; with `worker`, as of the thread's last batch). */
  currentStep(): Step {
    return this.engine.step(Date.now());
  }

  /** Up to `max` (at most 100) of the last valid samples handed to the model, oldest first (copies), for a dashboard's boundary chart. */
  recentSamples(max = MAX_PUBLISHED_SAMPLES): Sample[] {
    return this.engine.recentSamples(max);
  }

  /** P(t = 1 | x) from the live model (with `worker`, as of the thread's last batch; x must have `inputs` finite numbers; not checked). */
  predictProba(x: readonly number[]): number {
    return this.engine.predictProba(x);
  }

  /** The last durable checkpoint, if any this session. */
  get lastCheckpoint(): StreamCheckpoint | undefined {
    return this.last;
  }

  /** The store revision of the last durable checkpoint (0 before the first). */
  get storeRevision(): number {
    return this.revision;
  }

  /**
   * Loads the model's checkpoint from the store and starts consuming after its position.
   *
   * @throws CheckpointError for a stored value that is not a checkpoint; RangeError when it does not fit the settings
   */
  start(): Promise<void> {
    this.starting ??= this.begin();
    return this.starting;
  }

  /**
   * start()'s work. A stop or an abort can come at any of its waits (a process told to stop the moment
   * it takes the lease): from there on it sets up nothing more, and what it set up is closed.
   */
  private async begin(): Promise<void> {
    if (this.stopped) return;
    const { nc, learner, stream, consumer, model, patienceMs } = this.options;
    const patience = patienceMs === undefined ? {} : { patienceMs };
    const stored = await loadStreamCheckpoint(this.options, patience);
    const { source, restore } = stored;
    this.revision = stored.revision;
    this.everyMessages = await messagesPerCheckpoint(this.options, patience);
    this.durable = source;
    this.position = new StreamPosition<Ack>(stream, source);
    this.dead = await DeadLetterPublisher.open(nc, this.options.deadLetterSubject ?? `rxlogit.${model}.dead`, patience);
    if (this.stopped) return;
    const learned = (m: LearnedMessage): void => this.onLearned(m); // in the order learned
    // Throws here (RangeError) for a stored state that does not fit the settings, before anything starts.
    this.engine = this.options.worker === true ? new WorkerMessageTrainer(learner, restore, learned, (e) => this.abort(e)) : new InlineMessageTrainer(learner, restore, learned);
    try {
      await this.engine.ready();
    } catch (e) {
      if (this.stopped) return; // closed by an abort while the thread started: done says why
      throw e;
    }
    if (this.stopped) {
      // stop() writes its checkpoint from the ready engine and closes it; an abort closed it already, or could not yet.
      if (this.aborted) this.engine.close();
      return;
    }
    this.timer = setInterval(() => this.checkpointSoon(), this.options.checkpointEveryMs ?? 1_000);
    this.timer.unref();
    const after = stored.found ? { after: source.sequence } : {}; // none stored: from the consumer's ack floor
    this.subscription = fromJetStreamMessages({ nc, stream, consumer, maxMessages: this.options.maxMessages ?? 64, ...patience, ...after }).subscribe({
      next: (m) => this.onMessage(m),
      error: (e: unknown) => this.abort(e),
      // A durable consumer has no end: a feed that ends is a fault, never "all learned".
      complete: () => this.abort(new BrokerUnavailableError(`the message feed of consumer "${consumer}" ended`)),
    });
  }

  /** Stops consuming, writes a final checkpoint and acks what it covers. Safe to call twice. */
  async stop(): Promise<void> {
    if (!this.halt()) return this.done;
    try {
      await this.starting;
      await this.writing;
      await this.checkpoint();
      this.settle.resolve();
    } catch (e) {
      this.settle.reject(e);
    }
    this.engine?.close();
    this.complete();
    return this.done;
  }

  /** Stops at once without writing anything (the lease is lost: another learner may be writing). */
  abort(reason: unknown): void {
    if (!this.halt()) return;
    this.aborted = true;
    this.engine?.close();
    this.settle.reject(reason);
    this.complete();
  }

  /** Stops consuming and the checkpoint timer; false when already stopped. */
  private halt(): boolean {
    if (this.stopped) return false;
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearInterval(this.timer);
    return true;
  }

  private onMessage(m: JetStreamRawMessage): void {
    if (this.stopped) return;
    if (m.kind === 'duplicate') {
      if (m.sequence <= this.durable.sequence) m.message.ack();
      else this.duplicates.push(m.message);
      return;
    }
    const partial = this.durable.partial;
    const skip = partial !== undefined && partial.sequence === m.sequence ? { skipThrough: partial.index } : {};
    this.engine.add({ sequence: m.sequence, subject: m.subject, data: m.data, message: m.message, ...skip });
    // Caught up with the stream: checkpoint now, so that acks (and the model in KV) do not wait for the timer.
    const caughtUp = m.message !== undefined && m.message.info.pending === 0;
    if (++this.sinceCheckpoint >= this.everyMessages || caughtUp) this.checkpointSoon();
  }

  /** A message learned (or found unparseable): recorded in order, an unparseable one once it is set aside. */
  private onLearned(m: LearnedMessage): void {
    if (this.stopped) return;
    if (this.waiting === 0 && m.dead === undefined) return this.record(m);
    this.waiting++;
    this.ordered = this.ordered
      .then(async () => {
        if (m.dead !== undefined && (await setAside(this.dead, { stream: this.options.stream, sequence: m.sequence, subject: m.subject, data: m.data, reason: m.dead }, m.message))) this.deadLetters++;
        if (!this.stopped) this.record(m);
      })
      .catch((e: unknown) => this.abort(e))
      .finally(() => this.waiting--);
  }

  private record(m: LearnedMessage): void {
    for (const r of m.rejected) {
      this.rejectedCount++;
      this.rejectedSubject.next({ input: undefined, index: r.index, reason: r.reason, source: `${this.options.stream}#${m.sequence}` });
    }
    // A dead message was terminated: nothing to ack, but the position moves past it.
    this.position.add(m.sequence, m.index, m.dead === undefined && m.message !== undefined ? ackOf(this.options.nc, m.message) : undefined);
    if (this.stepSubject.observed) this.stepSubject.next(this.engine.step(Date.now()));
  }

  private checkpointSoon(): void {
    if (this.stopped) return;
    void this.checkpoint().catch((e: unknown) => this.abort(e));
  }

  /** Writes a checkpoint if anything changed, then acks what it covers. One write at a time. */
  private async checkpoint(): Promise<void> {
    if (this.writing !== null) {
      this.again = true;
      return this.writing;
    }
    this.writing = (async () => {
      do {
        this.again = false;
        await this.writeOnce();
      } while (this.again && !this.stopped);
    })().finally(() => (this.writing = null));
    return this.writing;
  }

  private async writeOnce(): Promise<void> {
    if (this.engine === undefined) return; // stopped before start() had anything to write
    const point = await this.engine.point();
    await this.ordered; // the messages learned before the point are recorded
    if (this.aborted) return; // aborted while waiting: write nothing (another learner may be writing)
    const { applied } = point;
    if (applied === this.lastWritten && this.position.pending === 0 && this.duplicates.length === 0) return;
    this.sinceCheckpoint = 0;
    const snapshot = this.snapshotAt(point);
    const revision = await saveCheckpoint(this.options, snapshot, this.revision);
    this.revision = revision;
    this.lastWritten = applied;
    const source = snapshot.source!;
    this.durable = source;
    const covered = this.position.covered(applied);
    for (const m of covered) m.ack();
    let acked = covered.length;
    this.duplicates = this.duplicates.filter((m) => (m.seq <= source.sequence ? (m.ack(), acked++, false) : true));
    this.last = { revision, source, seen: snapshot.seen, modelVersion: snapshot.modelVersion, acked, time: Date.now() };
    this.checkpointSubject.next(this.last);
  }

  private snapshotAt(point: TrainerPoint): ModelSnapshot {
    // Plain JSON values only (readonly arrays included): modelSnapshot copies the config through JSON.
    const config = { ...this.options.learner, schedule: resolveTrainerConfig(this.options.learner).schedule } as unknown as ModelSnapshot['config'];
    return { ...modelSnapshot(point.state, config), source: this.position.source(point.applied) };
  }

  private complete(): void {
    this.checkpointSubject.complete();
    this.rejectedSubject.complete();
    this.stepSubject.complete();
  }
}
