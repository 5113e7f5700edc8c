/** Where a progress bar draws: a terminal stream such as `process.stderr`. */
export interface ProgressOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** Options of {@link createProgressBar}. */
export interface ProgressBarOptions {
  /** Show nothing until this many milliseconds have passed (default 1000: quick runs stay quiet). */
  readonly delayMs?: number;
  /** Least time between two redraws in milliseconds (default 100). */
  readonly intervalMs?: number;
  /** The clock, in milliseconds (default `performance.now`); tests pass a fake one. */
  readonly now?: () => number;
}

/** A progress bar on one terminal line. */
export interface ProgressBar {
  /**
   * Reports progress: `done` of `total` units (bytes); `label` names the stage.
   * Cheap when nothing needs drawing.
   */
  update(done: number, total: number, label: string): void;
  /** Erases the bar, if it was drawn. */
  clear(): void;
}

const NO_PROGRESS: ProgressBar = { update: () => undefined, clear: () => undefined };

/**
 * A progress bar such as `epoch 1/3 [#######.........] 45% 48.2/106 MB`,
 * drawn on `output` with carriage returns, only when `output` is a terminal
 * (`isTTY`) and the work has lasted longer than `delayMs`. It never writes
 * to anything but `output` (stderr), so stdout stays clean for `--json`.
 *
 * @param output - the terminal stream (stderr)
 * @param options - delayMs (default 1000), intervalMs (default 100), now (default `performance.now`)
 * @example
 * ```ts
 * const bar = createProgressBar(process.stderr);
 * bar.update(bytesRead, fileSize, 'epoch 1/1');
 * bar.clear();
 * ```
 */
export function createProgressBar(output: ProgressOutput, options: ProgressBarOptions = {}): ProgressBar {
  if (output.isTTY !== true) return NO_PROGRESS;
  const { delayMs = 1000, intervalMs = 100, now = () => performance.now() } = options;
  const start = now();
  let last = -Infinity;
  let drawn = false;
  return {
    update(done, total, label) {
      const t = now();
      if (t - start < delayMs || t - last < intervalMs) return;
      last = t;
      drawn = true;
      const columns = output.columns !== undefined && output.columns > 20 ? output.columns : 80;
      output.write(`\r${renderProgress(done, total, label, columns)}\x1b[K`);
    },
    clear() {
      if (drawn) output.write('\r\x1b[K');
      drawn = false;
    },
  };
}

/**
 * One line of progress text, at most `columns − 1` characters.
 *
 * @example
 * ```ts
 * renderProgress(50, 100, 'epoch 1/1', 40); // 'epoch 1/1 [#######.......] 50% 0.0/0.0 MB'
 * ```
 */
export function renderProgress(done: number, total: number, label: string, columns: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const percent = `${Math.floor(fraction * 100)}%`;
  const amount = `${(done / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB`;
  const room = Math.max(0, columns - 1 - label.length - percent.length - amount.length - 6);
  const width = Math.min(40, room);
  const filled = Math.round(fraction * width);
  const bar = width > 0 ? ` [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]` : '';
  return `${label}${bar} ${percent} ${amount}`.slice(0, Math.max(0, columns - 1));
}
