import type { Subscription } from 'rxjs';
import type { ServerLearner } from './learner-port.js';

/**
 * How far the learner is ahead of its last written checkpoint, so that plain
 * (not durable) acks never run more than the checkpoint interval ahead of
 * what is on disk: a crash then loses at most `everySamples` acknowledged
 * samples, however slow the disk. Without a sample interval (no checkpoint,
 * or one by time only) it never holds anything back.
 *
 * @example
 * ```ts
 * const lag = new CheckpointLag(learner);
 * if (lag.behind(learner.currentStep().n)) await learner.checkpoint?.();
 * lag.stop();
 * ```
 */
export class CheckpointLag {
  /** Samples between checkpoints, when the learner checkpoints by count. */
  readonly everySamples: number | undefined;
  #saved: number;
  readonly #subscription: Subscription | undefined;

  /** @param learner - the served learner; its `checkpoints$` reports each write's `seen` */
  constructor(learner: ServerLearner) {
    const every = learner.config?.checkpoint?.everySamples;
    this.everySamples = learner.checkpoints$ === undefined ? undefined : every;
    // A learner that resumed from its checkpoint starts with it on disk.
    this.#saved = learner.currentStep().n;
    this.#subscription = learner.checkpoints$?.subscribe({
      next: (result) => {
        if (result.ok && typeof result.seen === 'number') this.#saved = result.seen;
      },
      error: () => {},
    });
  }

  /** Samples held by the last checkpoint written. */
  get saved(): number {
    return this.#saved;
  }

  /** Whether a model that has seen `n` samples is more than `everySamples` ahead of the last checkpoint written. */
  behind(n: number): boolean {
    return this.everySamples !== undefined && n - this.#saved > this.everySamples;
  }

  /** Stops following the learner's checkpoints. */
  stop(): void {
    this.#subscription?.unsubscribe();
  }
}
