import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import { JetStreamLearner } from './jet-stream-learner.js';
import type { JetStreamLearnerOptions } from './jet-stream-learner.js';
import { DEFAULT_BROKER_PATIENCE_MS, isBrokerUnavailable } from './broker-unavailable.js';
import { LeaseWaitAborted, ModelLease } from './model-lease.js';

/** Options of {@link learnWithFailover}: a stream learner's, plus the lease. */
export interface FailoverOptions extends Omit<JetStreamLearnerOptions, 'mayWrite'> {
  /** This process's name in the lease, e.g. `host:pid`. */
  holder: string;
  /** The lease's length (default 5,000 ms): a standby takes over at most 1.25 leases after the leader's last renewal. */
  leaseMs?: number;
  /** Told of every learner this process starts as leader (to follow its checkpoints, steps and rejections). */
  onLeader?: (learner: JetStreamLearner) => void;
  /** Give up (reject `done`) after the broker has not answered for this long (default 60,000 ms). */
  patienceMs?: number;
  /** Told why a leader stepped down to standby (a lost lease, a broker that stopped answering). */
  onStepDown?: (why: string) => void;
}

/** What a process is doing for its model. */
export type FailoverRole = 'standby' | 'leader' | 'stopped';

/** A running learner process: standby until it holds the lease, then leader. */
export interface FailoverLearner {
  /** The role now, and every change. */
  readonly role$: Observable<FailoverRole>;
  /** The leading learner, while leading. */
  readonly learner: JetStreamLearner | undefined;
  /** Stops: a leader writes a final checkpoint, acks, and gives the lease up. Resolves when done. */
  stop(): Promise<void>;
  /** Resolves only after `stop()`; rejects when the process gives up (a broker that does not answer within the patience, a missing stream). */
  readonly done: Promise<void>;
}

/**
 * Runs one learner process of a model among several: it waits as a standby
 * until it holds the model's lease, then learns as the only writer (its
 * checkpoints are compare-and-set, and it writes only while its lease has
 * time left). When it loses the lease it stops learning at once and goes back
 * to waiting; a standby that takes over resumes from the KV checkpoint and the
 * consumer's unacknowledged messages, so every sample is still applied once.
 *
 * @example
 * ```ts
 * const p = learnWithFailover({ nc, stream: 'SAMPLES', consumer: 'learner', model: 'demo', store,
 *   learner: { inputs: 2 }, holder: `${hostname()}:${process.pid}`, leaseMs: 2_000 });
 * p.role$.subscribe((r) => console.error(r));
 * process.once('SIGTERM', () => void p.stop());
 * ```
 */
export function learnWithFailover(options: FailoverOptions): FailoverLearner {
  const role$ = new BehaviorSubject<FailoverRole>('standby');
  const abort = new AbortController();
  let learner: JetStreamLearner | undefined;
  let lease: ModelLease | undefined;
  // Leader terms in a row that ended because the broker did not answer, with no checkpoint written.
  let unanswered = 0;
  const done = (async () => {
    while (!abort.signal.aborted) {
      lease = new ModelLease(options.store.kv, options.model, {
        holder: options.holder,
        ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }),
        ...(options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs }),
      });
      try {
        await lease.acquire(abort.signal);
      } catch (e) {
        // Only a stop ends the wait quietly: a bucket that stopped answering is a failure, never "done".
        if (e instanceof LeaseWaitAborted && abort.signal.aborted) break;
        throw e;
      }
      // Told to stop while the lease was being taken: give it back at once, start nothing.
      if (abort.signal.aborted) {
        await lease.release();
        break;
      }
      // Bound to this term's lease: an aborted learner whose write is still retrying must not ask the next term's.
      const term = lease;
      const current = new JetStreamLearner({ ...options, mayWrite: () => term.held() });
      learner = current;
      lease.onLost((why) => current.abort(new Error(`lease lost: ${why}`)));
      role$.next('leader');
      options.onLeader?.(current);
      const termStarted = Date.now();
      try {
        await current.start();
        await current.done;
      } catch (e) {
        const transient = isBrokerUnavailable(e);
        if (!isLeadershipLoss(e) && !transient) {
          await lease.release();
          throw e;
        }
        // A broker that stops answering (a node died, leaders are re-elected): step down and start over
        // from the durable checkpoint, as a standby taking over would; give up only after the patience.
        if (transient) {
          if (Date.now() - termStarted > (options.patienceMs ?? DEFAULT_BROKER_PATIENCE_MS) || current.lastCheckpoint !== undefined) unanswered = 0;
          if (++unanswered > 3) {
            await lease.release();
            throw e;
          }
        }
        if (!abort.signal.aborted) options.onStepDown?.(e instanceof Error ? e.message : String(e));
      } finally {
        learner = undefined;
      }
      await lease.release();
      if (!abort.signal.aborted) role$.next('standby');
    }
  })().finally(() => {
    role$.next('stopped');
    role$.complete();
  });
  done.catch(() => undefined);
  return {
    role$,
    get learner() {
      return learner;
    },
    async stop() {
      abort.abort();
      await learner?.stop().catch(() => undefined);
      await done.catch(() => undefined);
    },
    done,
  };
}

function isLeadershipLoss(e: unknown): boolean {
  return e instanceof Error && (/lease lost|lease is lost|another learner writes it/.test(e.message) || (e as { conflict?: boolean }).conflict === true);
}
