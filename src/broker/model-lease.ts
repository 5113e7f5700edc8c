import { KvWatchInclude } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import { z } from 'zod';
import { brokerGaveUp, DEFAULT_BROKER_PATIENCE_MS, isBrokerUnavailable, pause } from './broker-unavailable.js';
import { checkModelName } from './model-subjects.js';

/** The lease's value in KV: who leads, and until when (ms since the epoch, the holder's clock). */
export const LeaseValue = z.object({ holder: z.string().min(1), expires: z.number() });
/** The lease's value in KV. */
export type LeaseValue = z.infer<typeof LeaseValue>;

/** {@link ModelLease.acquire} stopped because it was told to (not a failure). */
export class LeaseWaitAborted extends Error {
  override readonly name = 'LeaseWaitAborted';
}

/** Options of a {@link ModelLease}. */
export interface ModelLeaseOptions {
  /** This process's name in the lease, e.g. `host:pid` (must differ between processes). */
  holder: string;
  /** How long a lease lasts without renewal (default 5,000 ms). */
  leaseMs?: number;
  /** The clock (default `Date.now`); holders must share it (one machine, or synchronised clocks). */
  now?: () => number;
  /** While waiting, give up after the bucket has not answered for this long (default 60,000 ms). */
  patienceMs?: number;
}

/**
 * Leadership of one model among learner processes: a key `<model>.lease` in
 * the model bucket holding {@link LeaseValue}, taken and renewed only by
 * compare-and-set on its revision. The leader renews every lease/3; a standby
 * looks every lease/4 and takes an expired lease, so a killed leader is
 * replaced at most 1.25 leases after its last renewal. A leader that cannot
 * renew gives up (`onLost`) a fifth of a lease before its lease expires, so
 * it has stopped before anyone else may start; and a leader watches the key,
 * so a lease taken by another process (or deleted) ends leadership at once.
 *
 * @example
 * ```ts
 * const lease = new ModelLease(store.kv, 'demo', { holder: `${hostname()}:${process.pid}` });
 * await lease.acquire();            // waits while another process leads
 * lease.onLost(() => learner.abort(new Error('lease lost')));
 * await lease.release();            // on a clean stop: a standby takes over at once
 * ```
 */
export class ModelLease {
  readonly key: string;
  private readonly leaseMs: number;
  private readonly now: () => number;
  private revision = 0;
  private expires = 0;
  private renewTimer: NodeJS.Timeout | undefined;
  private lostTimer: NodeJS.Timeout | undefined;
  private leading = false;
  private stopWatch: (() => void) | undefined;
  private closed = false;
  private readonly lostListeners: ((why: string) => void)[] = [];

  constructor(
    private readonly kv: KV,
    model: string,
    private readonly options: ModelLeaseOptions,
  ) {
    this.key = `${checkModelName(model)}.lease`;
    this.leaseMs = options.leaseMs ?? 5_000;
    if (!(this.leaseMs >= 100)) throw new RangeError(`leaseMs must be at least 100, got ${String(options.leaseMs)}`);
    this.now = options.now ?? Date.now;
  }

  /** Whether this process leads and its lease has at least a fifth of its length left. */
  held(): boolean {
    return this.leading && this.now() < this.expires - this.leaseMs / 5;
  }

  /** Calls `listener` once when leadership is lost (renewal failed in time, or someone else took the key). */
  onLost(listener: (why: string) => void): void {
    this.lostListeners.push(listener);
  }

  /**
   * Waits until this process holds the lease (polling every lease/4), then keeps renewing it.
   * A bucket that does not answer (a cluster electing its leaders) is waited for, up to `patienceMs`.
   *
   * @param signal - aborts the wait
   * @throws LeaseWaitAborted when `signal` aborts or the lease was released while waiting
   * @throws BrokerUnavailableError when the bucket has not answered for `patienceMs`; other bucket errors as they come
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    const patience = this.options.patienceMs ?? DEFAULT_BROKER_PATIENCE_MS;
    let failingSince: number | undefined;
    for (;;) {
      if (signal?.aborted === true || this.closed) throw new LeaseWaitAborted('lease: stopped while waiting');
      try {
        if (await this.tryTake()) break;
        failingSince = undefined;
      } catch (e) {
        if (!isBrokerUnavailable(e)) throw e;
        failingSince ??= Date.now();
        if (Date.now() - failingSince >= patience) throw brokerGaveUp(`waiting for the lease of ${this.key}`, Date.now() - failingSince, e);
      }
      await pause(this.leaseMs / 4, signal);
    }
    this.leading = true;
    this.schedule();
    void this.watchKey();
  }

  /** Gives the lease up (deletes it if still ours) so that a standby takes over at once. */
  async release(): Promise<void> {
    this.closed = true;
    const wasLeading = this.leading;
    this.stopTimers();
    this.leading = false;
    this.stopWatch?.();
    if (!wasLeading) return;
    try {
      await this.kv.delete(this.key, { previousSeq: this.revision });
    } catch {
      // no longer ours: nothing to give up
    }
  }

  /**
   * Follows the key while leading: a write by anyone else (a lease taken by force, a deletion)
   * ends leadership at once, not at the next renewal.
   */
  private async watchKey(): Promise<void> {
    try {
      const watch = await this.kv.watch({ key: this.key, include: KvWatchInclude.UpdatesOnly });
      this.stopWatch = () => watch.stop();
      if (!this.leading) return watch.stop();
      for await (const entry of watch) {
        if (!this.leading) break;
        if (entry.revision <= this.revision) continue;
        const value = entry.operation === 'PUT' ? LeaseValue.safeParse(safeJson(entry.string())) : undefined;
        // Our own renewal can arrive here before its reply sets this.revision: same holder, not a loss.
        if (value?.success === true && value.data.holder === this.options.holder) continue;
        this.lose(entry.operation === 'PUT' ? 'another process took the lease' : 'the lease was deleted');
        break;
      }
      watch.stop();
    } catch {
      // No watch (a broker that does not answer): renewal still finds a lost lease.
    }
  }

  private async tryTake(): Promise<boolean> {
    const entry = await this.kv.get(this.key);
    const now = this.now();
    const value = JSON.stringify({ holder: this.options.holder, expires: now + this.leaseMs } satisfies LeaseValue);
    try {
      if (entry === null) {
        this.revision = await this.kv.create(this.key, value);
      } else {
        const current = entry.operation === 'PUT' ? LeaseValue.safeParse(safeJson(entry.string())) : undefined;
        const free = current === undefined || !current.success || current.data.expires < now || current.data.holder === this.options.holder;
        if (!free) return false;
        this.revision = await this.kv.update(this.key, value, entry.revision);
      }
    } catch (e) {
      if (isBrokerUnavailable(e)) throw e;
      return false; // another process got there first
    }
    this.expires = now + this.leaseMs;
    return true;
  }

  private schedule(): void {
    this.stopTimers();
    if (this.closed) return;
    this.renewTimer = setTimeout(() => void this.renew(), this.leaseMs / 3);
    this.lostTimer = setTimeout(() => this.lose('the lease could not be renewed in time'), Math.max(0, this.expires - this.leaseMs / 5 - this.now()));
  }

  private async renew(): Promise<void> {
    const now = this.now();
    const value = JSON.stringify({ holder: this.options.holder, expires: now + this.leaseMs } satisfies LeaseValue);
    try {
      this.revision = await this.kv.update(this.key, value, this.revision);
      if (!this.leading) return;
      this.expires = now + this.leaseMs;
      this.schedule();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/wrong last sequence/i.test(message)) this.lose('another process took the lease');
      else if (this.leading && !this.closed) this.renewTimer = setTimeout(() => void this.renew(), this.leaseMs / 10);
    }
  }

  private lose(why: string): void {
    if (!this.leading) return;
    this.leading = false;
    this.closed = true;
    this.stopTimers();
    this.stopWatch?.();
    for (const l of this.lostListeners.splice(0)) l(why);
  }

  private stopTimers(): void {
    clearTimeout(this.renewTimer);
    clearTimeout(this.lostTimer);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
