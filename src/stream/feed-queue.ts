/**
 * Keeps the learner's input in order when a subscriber feeds it back: an
 * input given while the learner is learning or delivering a step (a `push`
 * from inside a `steps$` subscriber) waits until that is over, so every
 * subscriber sees the steps in order and the learning pipeline is never
 * entered twice at once.
 *
 * @example
 * ```ts
 * const feed = new FeedQueue<Sample>((s) => sink.next(s));
 * feed.give(sample);                    // learned now, or after the step being delivered
 * feed.deliver(() => subject.next(step)); // inputs given meanwhile wait, then run in order
 * ```
 */
export class FeedQueue<T> {
  private busy = false;
  private readonly waiting: T[] = [];

  /**
   * @param learn - takes one input synchronously; may cause steps to be delivered through {@link FeedQueue.deliver}
   * @param keep - makes an input that must wait safe to hold (a copy of a block its producer may reuse; default: as is)
   */
  constructor(
    private readonly learn: (input: T) => void,
    private readonly keep: (input: T) => T = (input) => input,
  ) {}

  /** Learns `input` now, or after the learning or delivery under way. */
  give(input: T): void {
    if (this.busy) {
      this.waiting.push(this.keep(input));
      return;
    }
    this.run(() => this.learn(input));
  }

  /** Runs `send` (hands a step to subscribers); inputs given meanwhile wait for it. */
  deliver(send: () => void): void;
  /** Runs `send(value)`: the same, with no closure made when called while learning (a step per batch). */
  deliver<S>(send: (value: S) => void, value: S): void;
  deliver<S>(send: (value: S) => void, value?: S): void {
    if (this.busy) send(value as S);
    else this.run(() => send(value as S));
  }

  /** Inputs waiting (dropped by {@link FeedQueue.clear}). */
  get pending(): number {
    return this.waiting.length;
  }

  /** Drops the waiting inputs (the learner is closing). */
  clear(): void {
    this.waiting.length = 0;
  }

  private run(work: () => void): void {
    this.busy = true;
    try {
      work();
      for (let i = 0; i < this.waiting.length; i++) this.learn(this.waiting[i]!);
    } finally {
      this.waiting.length = 0;
      this.busy = false;
    }
  }
}
