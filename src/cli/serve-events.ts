import { EventStreamLearner } from '../stream/event-stream-learner.js';
import type { Logger } from '../server/logger.js';
import type { ServeEventsConfig } from './serve-options.js';

/** The event learner of a `serve --events` session, and how to stop it. */
export interface ServeEvents {
  readonly learner: EventStreamLearner;
  /** Stops the periodic checkpoint and writes the final one (rejects with a CheckpointError when it fails). */
  stop(): Promise<void>;
}

/**
 * Starts the event learner of `rxlogit serve --events`: resumed from
 * `--events-checkpoint` when the file exists, written once at once (so a
 * path that cannot be written stops the start, exit 1, rather than losing
 * labels later), then every `--events-checkpoint-every-ms` and on stop.
 * A periodic write that fails is logged and retried at the next interval.
 *
 * @throws CheckpointError when the checkpoint cannot be read, trusted or written
 * @example
 * ```ts
 * const events = await startServeEvents(config.events, logger);
 * await startServer({ learner, events: events.learner });
 * ```
 */
export async function startServeEvents(config: ServeEventsConfig, logger: Logger): Promise<ServeEvents> {
  const learner = new EventStreamLearner({ maxPending: config.maxPending, ttlMs: config.ttlMs, ...(config.checkpoint === undefined ? {} : { checkpointPath: config.checkpoint }) });
  if (config.checkpoint === undefined) return { learner, stop: async () => learner.close() };
  await learner.checkpoint();
  let writing: Promise<void> | undefined;
  const timer = setInterval(() => {
    writing ??= learner
      .checkpoint()
      .catch((error: unknown) => logger.log('error', 'events-checkpoint-failed', `the event checkpoint failed: ${(error as Error).message}`, { path: config.checkpoint }))
      .finally(() => (writing = undefined));
  }, config.checkpointEveryMs);
  timer.unref();
  return {
    learner,
    stop: async () => {
      clearInterval(timer);
      await writing;
      try {
        await learner.checkpoint();
      } finally {
        learner.close();
      }
    },
  };
}
