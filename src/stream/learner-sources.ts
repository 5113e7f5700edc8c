import { Subject, Subscription, takeUntil } from 'rxjs';
import type { Observable } from 'rxjs';
import type { TrainerInput } from '../core/index.js';
import type { LearnerIntake } from './learner-intake.js';
import type { SourceError } from './source-error.js';

/**
 * Options of {@link OnlineLearner.learnFrom}.
 *
 * @example
 * ```ts
 * learner.learnFrom(gaussianSamples({ seed: 1, rate: 50 }), { trusted: true, name: 'generator' } satisfies LearnFromOptions);
 * ```
 */
export interface LearnFromOptions {
  /** A name put in the `source` of this source's rejections and errors (default `source 1`, `source 2`, …). */
  name?: string;
  /**
   * End the learner with this source (default false): its completion closes
   * the learner as `close()` does, and its error closes it too, failing
   * `steps$`, `loss$`, `weights$` and `metrics$` with that error. For
   * one-shot runs (a file, a test); a service leaves it off.
   */
  endWithSource?: boolean;
  /**
   * The source emits typed samples, arrays of them (chunks) or sample blocks,
   * already valid (a generator, a file reader): skip the per-sample check and
   * only check the width (default false). Untrusted sources may emit samples,
   * arrays of them or blocks: each item or row is checked, the bad ones
   * rejected, the good ones learned.
   */
  trusted?: boolean;
}

/**
 * The sources an `OnlineLearner` learns from: each one subscribed with its
 * name and its position counter, its values handed to the intake (checked
 * or trusted), its failure reported on `errors$`, and all of them stopped at
 * once when the learner ends.
 *
 * @example
 * ```ts
 * const sources = new LearnerSources(intake, () => checkpointer.noteSeen(trainer.model.seen), (err) => learner.stopInput(err));
 * sources.add(gaussianSamples({ seed: 1 }), { trusted: true });
 * sources.stopAll();
 * sources.completeErrors();
 * ```
 */
export class LearnerSources {
  /** Sources that failed, by name; completes on {@link LearnerSources.completeErrors}. */
  readonly errors$: Observable<SourceError>;
  private readonly errors = new Subject<SourceError>();
  private readonly live = new Subscription();
  private readonly stopping = new Subject<void>();
  private count = 0;

  /**
   * @param intake - where every value goes
   * @param afterValue - called after each value is taken in (the checkpointer counts samples)
   * @param endLearner - ends the learner (for a source given `endWithSource`); `undefined` for a completion
   */
  constructor(
    private readonly intake: LearnerIntake,
    private readonly afterValue: () => void,
    private readonly endLearner: (err: unknown) => void,
  ) {
    this.errors$ = this.errors.asObservable();
  }

  /**
   * Subscribes to a source.
   *
   * @returns its subscription: unsubscribe to stop this source only
   */
  add(source$: Observable<unknown>, options: LearnFromOptions): Subscription {
    const { trusted = false, endWithSource = false } = options;
    const name = options.name ?? `source ${++this.count}`;
    const intake = this.intake;
    let index = 0;
    let sub: Subscription | undefined; // unset while a synchronous source runs in subscribe()
    const forget = (): void => {
      if (sub !== undefined) this.live.remove(sub);
    };
    sub = source$.pipe(takeUntil(this.stopping)).subscribe({
      next: trusted
        ? (value) => {
            intake.trusted(value as TrainerInput, name);
            this.afterValue();
          }
        : (value) => {
            intake.untrusted(value, index++, name);
            this.afterValue();
          },
      error: (error: unknown) => {
        forget();
        this.errors.next({ source: name, error });
        if (endWithSource) this.endLearner(error);
      },
      complete: () => {
        forget();
        if (endWithSource) this.endLearner(undefined);
      },
    });
    if (!sub.closed) this.live.add(sub);
    return sub;
  }

  /** Unsubscribes every source; none may be added after. */
  stopAll(): void {
    this.stopping.next();
    this.stopping.complete();
    this.live.unsubscribe();
  }

  /** Completes `errors$` (the learner has ended). */
  completeErrors(): void {
    this.errors.complete();
  }
}
