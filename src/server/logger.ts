/** How bad a log event is. */
export type LogLevel = 'info' | 'warn' | 'error';

/** How log lines are written: plain sentences, or one JSON object a line. */
export type LogFormat = 'text' | 'json';

/** Extra facts of a log event (JSON-friendly values). Keys that look like secrets are redacted. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where a server or command reports what happens to it.
 *
 * @example
 * ```ts
 * logger.log('warn', 'checkpoint-failed', 'the checkpoint could not be written: …', { failures: 3 });
 * ```
 */
export interface Logger {
  /**
   * Writes one event: `event` is a stable kebab-case name a machine can
   * match on, `message` the sentence a person reads.
   */
  log(level: LogLevel, event: string, message: string, fields?: LogFields): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** `text` (default): `<prefix>: <message>`; `json`: `{"time","level","event","message",…fields}`. */
  readonly format?: LogFormat;
  /** Receives each line, with its newline. */
  readonly write: (line: string) => void;
  /** Starts each text line (default `'rxlogit'`). */
  readonly prefix?: string;
  /** Lines of one event per second at most (default 20); the rest are counted and reported once. */
  readonly maxPerSecond?: number;
  /** The clock (default `Date.now`). */
  readonly now?: () => number;
}

const SECRET_KEY = /token|secret|password|authorization|cookie/i;
const SECRET_IN_TEXT = /((?:^|[?&\s])(?:token|read-token|access_token)=)[^&\s"']+|(Bearer\s+)\S+/gi;

/**
 * A small logger: one line per event, as text (the default, for people) or
 * JSON (one object a line, for log collectors). Secrets never get out: fields
 * whose names look like tokens or passwords are written as `[redacted]`, and
 * `token=…` or `Bearer …` inside any text is blanked. A flood of one event
 * (a hostile client's errors, say) is cut to `maxPerSecond` lines, and a
 * `log-suppressed` line says how many were left out.
 *
 * Hand-written rather than `pino`: the server logs a few events a minute, and
 * these forty lines do the redaction and flood limit it needs without a dependency.
 *
 * @example
 * ```ts
 * const logger = createLogger({ format: 'json', write: (l) => process.stderr.write(l), prefix: 'rxlogit serve' });
 * logger.log('info', 'start', 'listening on http://127.0.0.1:8080/', { port: 8080 });
 * // {"time":"2026-…Z","level":"info","event":"start","message":"listening on http://127.0.0.1:8080/","port":8080}
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const { write, format = 'text', prefix = 'rxlogit', maxPerSecond = 20, now = Date.now } = options;
  const windows = new Map<string, { start: number; count: number; dropped: number }>();
  const emit = (level: LogLevel, event: string, message: string, fields: LogFields = {}): void => {
    if (format === 'text') {
      write(`${prefix}: ${scrub(message)}\n`);
      return;
    }
    const safe: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'time' || key === 'level' || key === 'event' || key === 'message') continue;
      safe[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(value);
    }
    write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, event, message: scrub(message), ...safe })}\n`);
  };
  const flush = (event: string): void => {
    const w = windows.get(event);
    if (w === undefined || w.dropped === 0) return;
    emit('warn', 'log-suppressed', `${w.dropped} more "${event}" events were not logged (over ${maxPerSecond} a second)`, { of: event, suppressed: w.dropped });
    w.dropped = 0;
  };
  return {
    log(level, event, message, fields) {
      const t = now();
      let w = windows.get(event);
      if (w === undefined || t - w.start >= 1000) {
        flush(event);
        w = { start: t, count: 0, dropped: 0 };
        windows.set(event, w);
      }
      if (++w.count > maxPerSecond) {
        // The count is told when the flood's second is over, even if nothing follows it.
        if (w.dropped++ === 0) setTimeout(() => flush(event), 1000 - (t - w.start)).unref();
        return;
      }
      emit(level, event, message, fields);
    },
  };
}

/**
 * A logger that writes nothing.
 *
 * @example
 * ```ts
 * const logger = options.logger ?? silentLogger;
 * ```
 */
export const silentLogger: Logger = { log: () => {} };

function scrub(text: string): string {
  return text.replace(SECRET_IN_TEXT, (_m, query: string | undefined, bearer: string | undefined) => `${query ?? bearer ?? ''}[redacted]`);
}

function redact(value: unknown): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : redact(v);
    return out;
  }
  return value;
}
