import { basename, dirname } from 'node:path';
import type { Subscription } from 'rxjs';
import type { ServerLearner } from './learner-port.js';

/** The state of the learner's checkpoints, as `/healthz`, `/metrics` and the `status` message show it. */
export interface CheckpointState {
  /** Whether the last write failed (and none has succeeded since). */
  readonly failing: boolean;
  /** Why the last write failed, without the folder's path; null when not failing. */
  readonly error: string | null;
  /** Failed writes since the server started. */
  readonly failures: number;
  /** Successful writes since the server started. */
  readonly writes: number;
  /** `Date.now()` of the last successful write, null before the first one. */
  readonly savedAt: number | null;
  /** Samples held by the last checkpoint written, null before the first one. */
  readonly savedN: number | null;
}

/**
 * Follows the learner's checkpoint writes so that a failing checkpoint is
 * never silent: the server shows it in plain acks (`checkpointError`), in a
 * `status` message to every client, at `/healthz` (503) and at `/metrics`.
 * The error text keeps the file's name but not its folder: readers need not
 * learn the server's paths.
 *
 * @example
 * ```ts
 * const status = new CheckpointStatus(learner, (state) => broadcast(state));
 * status.state?.failing; // undefined without a checkpoint
 * status.stop();
 * ```
 */
export class CheckpointStatus {
  readonly #configured: boolean;
  readonly #subscription: Subscription | undefined;
  #state: CheckpointState = { failing: false, error: null, failures: 0, writes: 0, savedAt: null, savedN: null };

  /**
   * @param learner - the served learner
   * @param onChange - called when the checkpoint starts failing, fails differently, or recovers
   */
  constructor(learner: ServerLearner, onChange: (state: CheckpointState) => void = () => {}) {
    this.#configured = learner.checkpoints$ !== undefined && learner.config?.checkpoint !== undefined;
    this.#subscription = learner.checkpoints$?.subscribe({
      next: (result) => {
        const before = this.#state;
        if (result.ok) {
          this.#state = {
            ...before,
            failing: false,
            error: null,
            writes: before.writes + 1,
            savedAt: result.time ?? Date.now(),
            savedN: typeof result.seen === 'number' ? result.seen : before.savedN,
          };
        } else {
          this.#state = { ...before, failing: true, error: clientSafe(result.error, result.path), failures: before.failures + 1 };
        }
        if (before.failing !== this.#state.failing || before.error !== this.#state.error) onChange(this.#state);
      },
      error: () => {},
    });
  }

  /** The state now, or undefined when the learner has no checkpoint. */
  get state(): CheckpointState | undefined {
    return this.#configured ? this.#state : undefined;
  }

  /** Stops following the learner. */
  stop(): void {
    this.#subscription?.unsubscribe();
  }
}

/** The error's message with the checkpoint's folder left out (the file's own name is kept). */
function clientSafe(error: unknown, path: string | undefined): string {
  let text = error instanceof Error ? error.message : String(error ?? 'the checkpoint could not be written');
  if (path !== undefined && path !== '') {
    text = text.split(path).join(basename(path));
    const folder = dirname(path);
    if (folder !== '.' && folder !== '/') text = text.split(folder).join('…');
  }
  return text;
}
