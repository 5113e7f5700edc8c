import { filter, map, Observable, Subject } from 'rxjs';
import type { Sample } from '../core/index.js';
import { hasScores } from '../core/metrics/index.js';
import type { ScoredMetrics } from '../core/metrics/index.js';
import type { CheckpointResult } from '../io/checkpointer.js';
import type { Rejection } from './rejection.js';
import type { Step } from '../core/index.js';
import { StepCast } from './step-cast.js';

/**
 * The hot, shared output streams of an `OnlineLearner`, and their endings.
 * `steps$` gives a new subscriber the current state at once (or, once ended,
 * the final step and the ending); the others carry events as they happen.
 *
 * @example
 * ```ts
 * const streams = new LearnerStreams(() => trainer.step(Date.now()));
 * streams.steps$.subscribe(console.log); // the current state at once
 * streams.step(trainer.step(Date.now()));
 * streams.end(trainer.step(Date.now()), undefined); // steps$, rejected$, samples$ complete
 * ```
 */
export class LearnerStreams {
  /** Steps: the current state at once, then every emitted step. */
  readonly steps$: Observable<Step>;
  /** Loss of each step (steps without a loss yet are skipped). */
  readonly loss$: Observable<number>;
  /** Weights of each step. */
  readonly weights$: Observable<number[]>;
  /** Metrics of each step (steps before the first sample, whose scores are null, are skipped). */
  readonly metrics$: Observable<ScoredMetrics>;
  /** Rejected inputs. */
  readonly rejected$: Observable<Rejection>;
  /** Accepted samples. */
  readonly samples$: Observable<Sample>;
  /** Checkpoint results. */
  readonly checkpoints$: Observable<CheckpointResult>;
  // Not a Subject: a step per mini-batch would pay its closure and iterator per step.
  private readonly steps = new StepCast<Step>();
  private readonly rejected = new Subject<Rejection>();
  private readonly samples = new Subject<Sample>();
  private readonly checkpoints = new Subject<CheckpointResult>();
  private ended: { step: Step; error: unknown } | null = null;

  /** @param current - the state now, for a new subscriber */
  constructor(current: () => Step) {
    this.steps$ = new Observable<Step>((subscriber) => {
      const ended = this.ended;
      if (ended !== null) {
        subscriber.next(ended.step);
        if (ended.error === undefined) subscriber.complete();
        else subscriber.error(ended.error);
        return undefined;
      }
      subscriber.next(current());
      return subscriber.closed ? undefined : this.steps.add(subscriber);
    });
    this.loss$ = this.steps$.pipe(
      map((s) => s.loss),
      filter((loss) => loss !== null),
    );
    this.weights$ = this.steps$.pipe(map((s) => s.weights));
    this.metrics$ = this.steps$.pipe(
      map((s) => s.metrics),
      filter(hasScores),
    );
    this.rejected$ = this.rejected.asObservable();
    this.samples$ = this.samples.asObservable();
    this.checkpoints$ = this.checkpoints.asObservable();
  }

  /** Whether anyone listens to `samples$` (so the learner can skip the work). */
  get wantsSamples(): boolean {
    return this.samples.observed;
  }

  /** Emits a step. */
  step(step: Step): void {
    this.steps.next(step);
  }

  /** Emits an accepted sample, if anyone listens. */
  sample(sample: Sample): void {
    if (this.samples.observed) this.samples.next(sample);
  }

  /** Emits a rejection. */
  reject(rejection: Rejection): void {
    this.rejected.next(rejection);
  }

  /** Emits a checkpoint result. */
  checkpoint(result: CheckpointResult): void {
    this.checkpoints.next(result);
  }

  /**
   * Ends `steps$` (with `error` when given, else completing), `rejected$` and
   * `samples$`; `finalStep` is what later subscribers of `steps$` get.
   */
  end(finalStep: Step, error: unknown): void {
    if (this.ended !== null) return;
    this.ended = { step: finalStep, error };
    if (error === undefined) this.steps.complete();
    else this.steps.error(error);
    this.rejected.complete();
    this.samples.complete();
  }

  /** Completes `checkpoints$` (after the final checkpoint). */
  endCheckpoints(): void {
    this.checkpoints.complete();
  }
}
