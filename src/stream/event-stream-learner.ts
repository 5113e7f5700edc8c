import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import { PendingPredictions } from '../core/delayed/pending-predictions.js';
import type { LabelOutcome, PendingCounts } from '../core/delayed/pending-predictions.js';
import { EventLearner } from '../core/event-learner.js';
import type { EventLearnerOptions } from '../core/event-learner-config.js';
import { restoreEventLearner, saveEventLearner } from '../core/event-learner-state.js';
import type { Features, HashStats } from '../core/features/feature-space.js';
import type { SparseVector } from '../core/features/sparse-vector.js';
import { logistic } from '../core/logistic.js';
import type { EventScores } from '../core/metrics/event-metrics.js';
import type { Label } from '../core/sample.js';
import { readEventCheckpointSync, writeEventCheckpoint } from '../io/event-checkpoint-file.js';

/** Configuration of an {@link EventStreamLearner}: the event learner's options (`maxPending` and `ttlMs` included), its clock, emission and checkpoint. */
export interface EventStreamLearnerConfig extends EventLearnerOptions {
  /** The clock of the TTL in ms (default `Date.now`). */
  now?: () => number;
  /** Publish `scores$` after every this many learned events (default 1000). */
  emitEvery?: number;
  /** A checkpoint file: resumed from when it exists, written by {@link EventStreamLearner.checkpoint}. */
  checkpointPath?: string;
}

/** What a service reads: the progressive scores, the delayed-label counters and the hash table's fill. */
export interface EventLearnerScores extends EventScores {
  /** Events learned from (labelled, directly or after a delay). */
  seen: number;
  /** Served predictions and what became of their labels. */
  delayed: PendingCounts;
  hash: HashStats;
}

/** One item of a joined stream: a labelled event, a prediction to serve, or a late label. */
export type EventMessage =
  | { readonly features: Features; readonly t: Label }
  | { readonly id: string; readonly features: Features }
  | { readonly id: string; readonly t: Label };

interface Served {
  readonly raw: SparseVector;
  readonly z: number;
}

/**
 * An online learner for a service's events: it learns from labelled events,
 * serves predictions under an id and learns from their labels when they come
 * (scoring the prediction that was served), and saves and resumes all of it.
 *
 * @example
 * ```ts
 * const learner = new EventStreamLearner({ ttlMs: 3_600_000 });
 * const p = learner.predict('tx-1', { amount: 129.5, country: 'DE', device: 'ios' });
 * // … later, when the chargeback window closes:
 * learner.label('tx-1', 0); // 'labelled'
 * learner.scores().delayed.labelled; // 1
 * ```
 */
export class EventStreamLearner {
  /** The scores, published after every `emitEvery` learned events and by {@link EventStreamLearner.publish}. */
  readonly scores$: Observable<EventLearnerScores>;
  private learner: EventLearner;
  private readonly pending: PendingPredictions<Served>;
  private readonly subject: BehaviorSubject<EventLearnerScores>;
  private readonly emitEvery: number;
  private sinceEmit = 0;
  /** Where {@link EventStreamLearner.checkpoint} writes (undefined: nowhere). */
  readonly checkpointPath: string | undefined;

  /**
   * @throws RangeError or TypeError naming a bad option; CheckpointError when the checkpoint file cannot be trusted
   */
  constructor(config: EventStreamLearnerConfig = {}) {
    const { now, emitEvery = 1000, checkpointPath, ...options } = config;
    if (!Number.isInteger(emitEvery) || emitEvery < 1) throw new RangeError(`emitEvery must be an integer ≥ 1, got ${String(emitEvery)}`);
    this.emitEvery = emitEvery;
    this.checkpointPath = checkpointPath;
    const saved = checkpointPath === undefined ? undefined : readEventCheckpointSync(checkpointPath);
    this.learner = saved === undefined ? new EventLearner(options) : restoreEventLearner(saved.learner);
    const { maxPending, ttlMs } = this.learner.options;
    this.pending = new PendingPredictions<Served>({ maxPending, ttlMs, ...(now !== undefined && { now }) });
    if (saved !== undefined) {
      this.pending.restore(
        saved.pending.entries.map((e) => ({ id: e.id, expiresAt: e.expiresAt, value: { raw: { indices: Int32Array.from(e.indices), values: Float64Array.from(e.values), nnz: e.indices.length }, z: e.z } })),
        saved.pending.counts,
      );
    }
    this.subject = new BehaviorSubject(this.scores());
    this.scores$ = this.subject.asObservable();
  }

  /** The options in force (a resumed learner keeps its checkpoint's). */
  get options(): Required<EventLearnerOptions> {
    return this.learner.options;
  }

  /**
   * Learns from an event whose label is known now (scored before learning).
   *
   * @returns the loss of the prediction scored
   * @throws TypeError naming a bad feature (nothing is learned)
   */
  learn(features: Features, t: Label): number {
    checkLabel(t);
    const loss = this.learner.learnOne(features, t);
    this.learned();
    return loss;
  }

  /**
   * Serves P(t = 1) for an event and remembers it under `id` until its label comes.
   *
   * @throws TypeError naming a bad feature; RangeError for an empty id or one already waiting
   */
  predict(id: string, features: Features): number {
    const served = this.learner.serve(features);
    this.pending.add(id, served);
    return logistic(served.z);
  }

  /** Whether a prediction waits for its label under `id` (not expired, evicted or labelled). */
  isPending(id: string): boolean {
    return this.pending.has(id);
  }

  /** P(t = 1) for an event, remembering nothing. @throws TypeError naming a bad feature */
  predictProba(features: Features): number {
    return this.learner.predictProba(features);
  }

  /**
   * The label of a served prediction: learns from the features it was served
   * for and scores the prediction served. A label that is late (its
   * prediction expired or was evicted), repeated, or for an unknown id is
   * counted in `scores().delayed` and learned from no further.
   *
   * @throws RangeError when `t` is not 0 or 1
   */
  label(id: string, t: Label): LabelOutcome {
    checkLabel(t);
    const taken = this.pending.take(id);
    if (taken.outcome !== 'labelled') return taken.outcome;
    this.learner.learnServed(taken.value.raw, t, taken.value.z);
    this.learned();
    return 'labelled';
  }

  /**
   * Follows a joined stream of labelled events, predictions to serve and late
   * labels (such as a broker's events subject merged with its labels
   * subject); a bad item is reported to `onError` and skipped.
   */
  learnFrom(source$: Observable<EventMessage>, onError: (error: unknown, item: EventMessage) => void = () => {}): Subscription {
    return source$.subscribe((item) => {
      try {
        if ('features' in item && 't' in item) this.learn(item.features, item.t);
        else if ('features' in item) this.predict(item.id, item.features);
        else this.label(item.id, item.t);
      } catch (e) {
        onError(e, item);
      }
    });
  }

  /** The scores now, as a new object. */
  scores(): EventLearnerScores {
    return { ...this.learner.scores(), seen: this.learner.model.seen, delayed: this.pending.stats(), hash: this.learner.hashStats() };
  }

  /** Publishes the scores on `scores$` now. */
  publish(): void {
    this.sinceEmit = 0;
    this.subject.next(this.scores());
  }

  /**
   * Saves the learner and its waiting predictions to `checkpointPath`
   * atomically. A learner restarted with the same path continues from it.
   *
   * @throws RangeError when no `checkpointPath` was configured; CheckpointError when the write fails
   */
  async checkpoint(): Promise<void> {
    if (this.checkpointPath === undefined) throw new RangeError('no checkpointPath configured');
    const entries = this.pending.saved().map(({ id, value, expiresAt }) => ({
      id,
      indices: Array.from(value.raw.indices.subarray(0, value.raw.nnz)),
      values: Array.from(value.raw.values.subarray(0, value.raw.nnz)),
      z: value.z,
      expiresAt,
    }));
    await writeEventCheckpoint(this.checkpointPath, {
      format: 'rxlogit-event-checkpoint',
      version: 1,
      learner: saveEventLearner(this.learner),
      pending: { entries, counts: this.pending.stats() },
    });
  }

  /** Completes `scores$`. */
  close(): void {
    this.subject.complete();
  }

  private learned(): void {
    if (++this.sinceEmit >= this.emitEvery) this.publish();
  }
}

function checkLabel(t: unknown): asserts t is Label {
  if (t !== 0 && t !== 1) throw new RangeError(`a label must be 0 or 1, got ${JSON.stringify(t) ?? String(t)}`);
}
