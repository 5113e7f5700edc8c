import type { Observable, Subscription } from 'rxjs';
import type { CheckpointResult } from '../io/checkpointer.js';
import type { Logger } from '../server/logger.js';

/** While the checkpoint keeps failing, a reminder at most this often (ms). */
const REMIND_MS = 60_000;

/**
 * Reports a learner's checkpoint writes on the log, so that an operator
 * learns at once when acknowledged samples stop reaching the disk: the first
 * failure (`checkpoint-failed`, error), a reminder while failures go on
 * (`checkpoint-still-failing`, at most once a minute, with the count), the
 * recovery (`checkpoint-recovered`) and the first write (`checkpoint-saved`).
 * Routine successful writes are not logged: they may come several times a second.
 *
 * @param checkpoints$ - the learner's `checkpoints$`
 * @param logger - where to write
 * @param now - the clock (default `Date.now`)
 * @example
 * ```ts
 * const subscription = logCheckpoints(learner.checkpoints$, logger);
 * ```
 */
export function logCheckpoints(checkpoints$: Observable<CheckpointResult>, logger: Logger, now: () => number = Date.now): Subscription {
  let failing = false;
  let failures = 0;
  let remindedAt = 0;
  let saved = false;
  return checkpoints$.subscribe({
    next: (r) => {
      if (r.ok) {
        if (failing) {
          logger.log('info', 'checkpoint-recovered', `the checkpoint is written again (${r.seen} samples) after ${failures} failed writes`, { path: r.path, seen: r.seen, failures });
        } else if (!saved) {
          logger.log('info', 'checkpoint-saved', `checkpoint written to ${r.path} (${r.seen} samples)`, { path: r.path, seen: r.seen });
        }
        failing = false;
        failures = 0;
        saved = true;
        return;
      }
      failures++;
      const fields = { path: r.path, error: r.error.message, failures };
      if (!failing) {
        failing = true;
        remindedAt = now();
        logger.log('error', 'checkpoint-failed', `the checkpoint failed: ${r.error.message}; samples acknowledged from now on are not safe from a crash until a write succeeds`, fields);
      } else if (now() - remindedAt >= REMIND_MS) {
        remindedAt = now();
        logger.log('error', 'checkpoint-still-failing', `the checkpoint is still failing (${failures} failed writes): ${r.error.message}`, fields);
      }
    },
    error: () => {},
  });
}
