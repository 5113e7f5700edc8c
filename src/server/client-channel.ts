import { WebSocket } from 'ws';
import type { StreamName } from './protocol.js';
import { TokenBucket } from './token-bucket.js';
import { WorkBudget } from './work-budget.js';

/** Backpressure settings of a {@link ClientChannel}. */
export interface ChannelLimits {
  /** Above this many unsent bytes, steps and views are conflated and the client's input is paused (bytes). */
  readonly bufferLimit: number;
  /** A client that stays above `bufferLimit` this long is terminated (ms). */
  readonly stallTimeoutMs: number;
  /** Messages per second the client may send (token bucket, burst of one second). */
  readonly maxMessagesPerSecond: number;
  /** Rows (prediction rows, samples; a message's bytes / 16 at least) per second the client may have handled. */
  readonly rowsPerSecond: number;
  /** The most rows one of its `predict` messages may carry. */
  readonly maxPredictRows: number;
}

/** Counters of one channel, for stats and tests. */
export interface ChannelStats {
  /** Steps and views sent. */
  sent: number;
  /** Steps and views replaced by a newer one before they could be sent. */
  conflated: number;
}

export type { Frame } from './frame.js';
import type { Frame } from './frame.js';

/**
 * One connected client: what it subscribed to, its write right, its rate
 * limit, and its outgoing backpressure. Streams (steps, views) are
 * latest-wins: once the socket holds more than `bufferLimit` unsent bytes the
 * client is congested, a newer frame replaces the unsent one, and its input is
 * not read; it stays congested until it drains to half the limit (so a client
 * that lets the kernel take a few bytes now and then is not mistaken for one
 * that reads), then gets the newest frames. The queue per client is bounded by
 * one frame per stream; a client congested longer than `stallTimeoutMs` is
 * reported stalled.
 *
 * @example
 * ```ts
 * const channel = new ClientChannel(ws, { canWrite: false, limits, rate: 10 });
 * channel.offer('steps', Buffer.from(JSON.stringify(step)));
 * ```
 */
export class ClientChannel {
  /** The streams it receives (default both). */
  streams: ReadonlySet<StreamName> = new Set<StreamName>(['steps', 'view']);
  /** Steps per second it receives at most. */
  rate: number;
  /** Whether it presented the write token. */
  readonly canWrite: boolean;
  /** Cleared by each heartbeat, set by each pong. */
  alive = true;
  /** Set once the channel is being closed: no more input is handled. */
  closing = false;
  readonly stats: ChannelStats = { sent: 0, conflated: 0 };
  /** Its work budget in rows per second. */
  readonly budget: WorkBudget;
  readonly #limits: ChannelLimits;
  readonly #bucket: TokenBucket;
  /** Why its input is not read now; read again once empty. */
  readonly #holds = new Set<'congested' | 'budget' | 'busy'>();
  /** The last request waiting for the budget (requests take it in order). */
  #budgetQueue: Promise<void> = Promise.resolve();
  /** Requests waiting for the budget. */
  #waiting = 0;
  readonly #pending = new Map<StreamName, Frame>();
  #stuckSince: number | undefined;

  /**
   * @param ws - the open socket
   * @param options - `canWrite`, the `limits`, and the initial `rate`
   */
  constructor(
    readonly ws: WebSocket,
    options: { readonly canWrite: boolean; readonly limits: ChannelLimits; readonly rate: number },
  ) {
    this.#limits = options.limits;
    this.canWrite = options.canWrite;
    this.rate = options.rate;
    this.#bucket = new TokenBucket(options.limits.maxMessagesPerSecond);
    this.budget = new WorkBudget(options.limits.rowsPerSecond);
  }

  /** The most rows one of its `predict` messages may carry. */
  get maxPredictRows(): number {
    return this.#limits.maxPredictRows;
  }

  /**
   * Charges `rows` to its work budget: at once (returning undefined) when
   * the budget is not in debt and no request waits, so that in-budget
   * requests are handled synchronously as before; else returns a promise that
   * waits until the budget is out of debt, not reading its socket meanwhile
   * (so TCP slows the client down). Requests take the budget in order.
   */
  spend(rows: number): Promise<void> | undefined {
    if (this.#waiting === 0 && this.budget.waitMs() === 0) {
      this.budget.charge(rows);
      return undefined;
    }
    return this.#spendLater(rows);
  }

  async #spendLater(rows: number): Promise<void> {
    this.#waiting++;
    const previous = this.#budgetQueue;
    let done!: () => void;
    this.#budgetQueue = new Promise((resolve) => (done = resolve));
    try {
      await previous;
      for (let wait = this.budget.waitMs(); wait > 0 && this.open && !this.closing; wait = this.budget.waitMs()) {
        this.#hold('budget');
        await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
      }
      this.#release('budget');
      this.budget.charge(rows);
    } finally {
      this.#waiting--;
      done();
    }
  }

  /** Whether the socket can take a frame now. */
  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** Whether it is congested: it went over its limit and has not yet drained back to half of it. */
  get congested(): boolean {
    return this.#stuckSince !== undefined;
  }

  /** Takes a token for an incoming message; false means over the rate limit. */
  admit(): boolean {
    return this.#bucket.take();
  }

  /**
   * Sends an answer or other one-off message (never conflated). Answers are
   * bounded by the client's own requests: as soon as an answer leaves the
   * client congested, reading its input stops until it drains (see
   * {@link check}), so a client that asks without reading holds at most the
   * answers to what was already read.
   */
  send(frame: Frame | string): void {
    if (!this.open) return;
    this.ws.send(frame, { binary: false });
    this.#updateCongestion(); // stops reading at once if this answer passed the limit
  }

  /**
   * Offers the newest frame of a stream: sent now if the socket has room,
   * else kept (replacing any unsent one) until it drains.
   */
  offer(stream: StreamName, frame: Frame): void {
    if (!this.open || !this.streams.has(stream)) return;
    if (this.#updateCongestion()) {
      if (this.#pending.has(stream)) this.stats.conflated++;
      this.#pending.set(stream, frame);
      return;
    }
    this.stats.sent++;
    this.ws.send(frame, { binary: false });
  }

  /**
   * Periodic check: ends the congestion once the client has drained to half
   * its limit (resuming its input and sending the newest held frames), and
   * tells whether it has been congested longer than allowed.
   *
   * @param now - the clock in ms (`performance.now()`)
   * @returns `'stalled'` when the client should be terminated
   */
  check(now: number): 'ok' | 'stalled' {
    if (!this.open || !this.#updateCongestion()) return 'ok';
    if (this.ws.bufferedAmount > this.#limits.bufferLimit / 2) {
      return now - this.#stuckSince! > this.#limits.stallTimeoutMs ? 'stalled' : 'ok';
    }
    this.#stuckSince = undefined;
    this.#release('congested');
    for (const [stream, frame] of this.#pending) {
      this.#pending.delete(stream);
      this.offer(stream, frame);
    }
    return 'ok';
  }

  /** Starts the congestion when over the limit (and stops reading the client); tells whether it is congested. */
  #updateCongestion(): boolean {
    if (this.#stuckSince !== undefined) return true;
    if (this.ws.bufferedAmount <= this.#limits.bufferLimit) return false;
    this.#stuckSince = performance.now();
    this.#hold('congested');
    return true;
  }

  /** Stops reading its input while a long request of its own runs (a sliced prediction), as one answer at a time. */
  holdWhileBusy(): () => void {
    this.#hold('busy');
    return () => this.#release('busy');
  }

  #hold(reason: 'congested' | 'budget' | 'busy'): void {
    this.#holds.add(reason);
    if (!this.ws.isPaused) this.ws.pause();
  }

  #release(reason: 'congested' | 'budget' | 'busy'): void {
    if (!this.#holds.delete(reason) || this.#holds.size > 0) return;
    if (this.ws.isPaused) this.ws.resume();
  }

  /** Drops held frames (on close). */
  clear(): void {
    this.#pending.clear();
  }
}
