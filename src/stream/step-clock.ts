import { asyncScheduler } from 'rxjs';
import type { SchedulerLike } from 'rxjs';

/** Steps that may share one reading of the wall clock within a synchronous run. */
const READING_SHARED_BY = 1024;

/**
 * The clock that stamps `Step.time`: the scheduler's `now()`, read cheaply.
 *
 * Reading the wall clock (`Date.now()`) costs about 60 ns here, more than
 * building a step, so on a fast stream that emits a step per sample it
 * would halve the throughput. With the default `asyncScheduler` on the
 * wall clock, a reading is therefore shared by up to 1,024 steps emitted
 * within one synchronous run (a chunk of samples, a synchronous source):
 * the next turn of the event loop (any later event, timer or I/O) always
 * reads the clock afresh. Such a run of 1,024 steps lasts well under the
 * clock's millisecond, so the stamps stay as exact as `Date.now()` itself.
 * Any other scheduler (a `TestScheduler`, a virtual clock), or
 * `asyncScheduler` while it runs on virtual time, is read for every step.
 *
 * @example
 * ```ts
 * const clock = new StepClock(asyncScheduler);
 * clock.now(); // Date.now()
 * ```
 */
export class StepClock {
  private readonly shared: boolean;
  private reading = 0;
  private uses = 0;
  private expiring = false;
  private readonly expire = (): void => {
    this.uses = 0;
    this.expiring = false;
  };

  /** @param scheduler - the clock to read */
  constructor(private readonly scheduler: SchedulerLike) {
    // asyncScheduler follows virtual time inside TestScheduler.run: then its now() is not Date.now().
    this.shared = scheduler === asyncScheduler && Math.abs(scheduler.now() - Date.now()) < 1000;
  }

  /**
   * The scheduler's time now (within the clock's resolution, see above). A
   * shared reading is a field read, small enough for V8 to inline wherever a
   * step is built (a double returned by a call that is not inlined is boxed).
   */
  now(): number {
    if (this.uses > 0) {
      this.uses--;
      return this.reading;
    }
    return this.read();
  }

  /** A fresh reading: for every step from a scheduler that is not shared (`uses` stays 0 then). */
  private read(): number {
    if (!this.shared) return this.scheduler.now();
    this.uses = READING_SHARED_BY - 1;
    if (!this.expiring) {
      this.expiring = true;
      queueMicrotask(this.expire);
    }
    return (this.reading = Date.now());
  }
}
