import { BehaviorSubject } from 'rxjs';
import type { Observable } from 'rxjs';
import { JetStreamLearner } from './jet-stream-learner.js';
import type { JetStreamLearnerOptions } from './jet-stream-learner.js';
import { ModelLease } from './model-lease.js';

/** Options of {@link learnWithFailover}: a stream learner's, plus the lease. */
export interface FailoverOptions extends Omit<JetStreamLearnerOptions, 'mayWrite'> {
  /** This process's name in the lease, e.g. `host:pid`. */
  holder: string;
  /** The lease's length (default 5,000 ms): a standby takes over at most 1.25 leases after the leader's last renewal. */
  leaseMs?: number;
  /** Told of every learner this process starts as leader (to follow its checkpoints, steps and rejections). */
  onLeader?: (learner: JetStreamLearner) => void;
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
  /** Settles when the process stops for good: rejects on a failure other than a lost lease. */
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
  const done = (async () => {
    while (!abort.signal.aborted) {
      lease = new ModelLease(options.store.kv, options.model, { holder: options.holder, ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }) });
      try {
        await lease.acquire(abort.signal);
      } catch {
        break; // stopped while waiting
      }
      const current = new JetStreamLearner({ ...options, mayWrite: () => lease!.held() });
      learner = current;
      lease.onLost((why) => current.abort(new Error(`lease lost: ${why}`)));
      role$.next('leader');
      options.onLeader?.(current);
      try {
        await current.start();
        await current.done;
      } catch (e) {
        if (!isLeadershipLoss(e)) {
          await lease.release();
          throw e;
        }
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
