import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

/** Memory of the server's process, in bytes (`process.memoryUsage()`). */
export interface MemoryStats {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
}

/**
 * Event-loop delay over the last complete window, in ms: how late a timer
 * due every 10 ms fired (0 on an idle loop); all null before the first
 * window has ended.
 */
export interface EventLoopDelayStats {
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  /** Length of the window the figures cover. */
  readonly windowMs: number;
}

/** Health figures of the process: memory now, and the event loop's delay. */
export interface ProcessStats {
  readonly memory: MemoryStats;
  readonly eventLoopDelay: EventLoopDelayStats;
  /** Seconds since the monitor started. */
  readonly uptime: number;
}

/**
 * Watches the process's event-loop delay in fixed windows (a histogram
 * sampled every 10 ms, read and reset at the end of each window), so a reader
 * sees the last window's p50/p99/max however often, or seldom, it asks.
 *
 * @example
 * ```ts
 * const monitor = new ProcessMonitor(10_000);
 * monitor.start();
 * monitor.get().eventLoopDelay.p99; // ms, null during the first 10 s
 * monitor.stop();
 * ```
 */
export class ProcessMonitor {
  readonly #windowMs: number;
  #histogram: IntervalHistogram | undefined;
  #timer: NodeJS.Timeout | undefined;
  #last: EventLoopDelayStats;
  #started = performance.now();

  /** @param windowMs - length of a window in ms (default 10,000) */
  constructor(windowMs = 10_000) {
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) throw new RangeError(`windowMs must be a finite number > 0, got ${String(windowMs)}`);
    this.#windowMs = windowMs;
    this.#last = { p50: null, p99: null, max: null, windowMs };
  }

  /** Starts sampling (idempotent); the timer does not keep the process alive. */
  start(): void {
    if (this.#histogram !== undefined) return;
    this.#started = performance.now();
    const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    histogram.enable();
    this.#histogram = histogram;
    this.#timer = setInterval(() => {
      // The histogram records the time between ticks of a 10-ms timer: the delay is what exceeds 10 ms.
      const ms = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - RESOLUTION_MS) * 100) / 100);
      this.#last = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), windowMs: this.#windowMs };
      histogram.reset();
    }, this.#windowMs);
    this.#timer.unref();
  }

  /** Stops sampling; the last figures stay readable. */
  stop(): void {
    this.#histogram?.disable();
    this.#histogram = undefined;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Memory now and the last window's event-loop delay. */
  get(): ProcessStats {
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    return { memory: { rss, heapUsed, heapTotal, external }, eventLoopDelay: this.#last, uptime: Math.round(performance.now() - this.#started) / 1000 };
  }
}
