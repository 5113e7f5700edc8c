import type { ModelSnapshot } from './checkpoint-file.js';
import { writeCheckpoint } from './checkpoint-file.js';
import { contentChecksum } from './content-checksum.js';

/**
 * What one checkpoint write did.
 *
 * @example
 * ```ts
 * learner.checkpoints$.subscribe((r: CheckpointResult) => console.log(r.ok ? `saved ${r.seen}` : r.error.message));
 * ```
 */
export type CheckpointResult =
  | { ok: true; path: string; seen: number; modelVersion: number; time: number }
  | { ok: false; path: string; error: Error; time: number };

/**
 * Options of a {@link Checkpointer}.
 *
 * @example
 * ```ts
 * const options: CheckpointerOptions = { path: 'm.json', everyMs: 10_000, snapshot: () => learner.snapshot() };
 * ```
 */
export interface CheckpointerOptions {
  /** The checkpoint file. */
  path: string;
  /** Save once this many more samples have been learned (default: not by count). */
  everySamples?: number;
  /**
   * Save every this many ms when the state changed since the last write (default: not by time):
   * an idle model is not rewritten, so the file's modification time tells when it last changed.
   * The timer does not keep the process alive.
   */
  everyMs?: number;
  /** Install SIGINT/SIGTERM handlers (default false): run `beforeExit`, then let the signal end the process. */
  onSignals?: boolean;
  /** The state to save, taken when a write starts. */
  snapshot: () => ModelSnapshot;
  /** Called on a signal before the process exits (for example: close the learner, which saves). */
  beforeExit?: () => Promise<unknown>;
  /** Told of every write, successful or not. */
  onResult?: (result: CheckpointResult) => void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Saves a model's state when due: every N samples, every T ms (when it
 * changed), on demand, and on SIGINT/SIGTERM before the process exits. Writes never overlap: a
 * save asked for while one is waiting joins it, and the state is taken when
 * the write starts, so the newest state is what lands.
 *
 * @example
 * ```ts
 * const cp = new Checkpointer({ path: 'm.ckpt.json', everySamples: 10_000, snapshot: () => learner.snapshot() });
 * cp.noteSeen(model.seen); // after learning
 * await cp.save();         // now
 * cp.dispose();            // timers and signal handlers removed
 * ```
 */
export class Checkpointer {
  private nextAt: number;
  private timer: NodeJS.Timeout | undefined;
  private waiting: Promise<CheckpointResult> | null = null;
  private last: Promise<unknown> = Promise.resolve();
  private signalled = false;
  /** The checksum of the content last written (or known to be on disk), to skip idle timer ticks. */
  private savedChecksum: string | undefined;
  /** Whether the waiting write was asked for explicitly (it then writes even an unchanged state). */
  private force = false;
  private disposed = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => void this.handleSignal(signal);

  /** @throws RangeError for a bad `everySamples` or `everyMs` */
  constructor(private readonly options: CheckpointerOptions) {
    const { everySamples, everyMs } = options;
    if (everySamples !== undefined && (!Number.isInteger(everySamples) || everySamples < 1)) {
      throw new RangeError(`checkpoint.everySamples must be an integer ≥ 1, got ${String(everySamples)}`);
    }
    if (everyMs !== undefined && (!Number.isFinite(everyMs) || everyMs <= 0)) {
      throw new RangeError(`checkpoint.everyMs must be a finite number > 0, got ${String(everyMs)}`);
    }
    this.nextAt = everySamples ?? Infinity;
    if (everyMs !== undefined) {
      this.timer = setInterval(() => void this.queue(false), everyMs);
      this.timer.unref();
    }
    if (options.onSignals === true) for (const s of SIGNALS) process.on(s, this.onSignal);
  }

  /** Tells how many samples the model has learned; saves when `everySamples` more have passed. */
  noteSeen(seen: number): void {
    if (seen < this.nextAt) return;
    this.nextAt = seen + (this.options.everySamples ?? Infinity);
    void this.save();
  }

  /**
   * Tells that the file already holds `snapshot` (a learner that resumed from
   * it), so the timer does not rewrite it until the state changes.
   */
  markSaved(snapshot: ModelSnapshot): void {
    this.savedChecksum = checksumOf(snapshot);
  }

  /** Starts counting `everySamples` again from `seen` (after a reset or a resume). */
  restartCount(seen: number): void {
    this.nextAt = seen + (this.options.everySamples ?? Infinity);
  }

  /**
   * Saves now (after any write in progress). Never rejects: the result says
   * whether it worked.
   */
  save(): Promise<CheckpointResult> {
    return this.queue(true);
  }

  /**
   * Queues a write after any in progress, or joins the one already waiting.
   * `force: false` (timer ticks) skips the write when the state is the one
   * last written; an explicit save joining such a write makes it forced.
   */
  private queue(force: boolean): Promise<CheckpointResult> {
    if (force) this.force = true;
    if (this.waiting !== null) return this.waiting;
    const run = this.last.then(async (): Promise<CheckpointResult> => {
      this.waiting = null;
      const forced = this.force;
      this.force = false;
      const { path } = this.options;
      let result: CheckpointResult;
      try {
        const snapshot = this.options.snapshot();
        const ok = { ok: true as const, path, seen: snapshot.seen, modelVersion: snapshot.modelVersion };
        // The file already holds exactly this state: an idle model is not rewritten.
        if (!forced && this.savedChecksum !== undefined && checksumOf(snapshot) === this.savedChecksum) return { ...ok, time: Date.now() };
        this.savedChecksum = await writeCheckpoint(path, snapshot);
        result = { ...ok, time: Date.now() };
      } catch (e) {
        this.savedChecksum = undefined; // a failed write may have left anything: the next tick writes again
        result = { ok: false, path, error: e instanceof Error ? e : new Error(String(e)), time: Date.now() };
      }
      this.options.onResult?.(result);
      return result;
    });
    this.waiting = run;
    this.last = run;
    return run;
  }

  /** Waits for the writes asked for so far. */
  async settled(): Promise<void> {
    await this.last;
  }

  /** Stops the timer and removes the signal handlers; writes in progress finish. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    for (const s of SIGNALS) process.off(s, this.onSignal);
  }

  private async handleSignal(signal: NodeJS.Signals): Promise<void> {
    if (this.signalled) {
      // A second signal while saving: stop waiting.
      this.dispose();
      this.reraise(signal);
      return;
    }
    this.signalled = true;
    try {
      await (this.options.beforeExit?.() ?? this.save());
    } catch {
      // The failure was reported through onResult; the signal still ends the process.
    } finally {
      this.dispose();
      this.reraise(signal);
    }
  }

  private reraise(signal: NodeJS.Signals): void {
    // Only when nobody else listens: another handler (a server's) then decides how to exit.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
}

/** The checksum a checkpoint of `snapshot` carries, or undefined when it cannot be computed (the write will say why). */
function checksumOf(snapshot: ModelSnapshot): string | undefined {
  try {
    return contentChecksum({ ...snapshot });
  } catch {
    return undefined;
  }
}
