import type { Observable } from 'rxjs';
import type { LearnerDescription, ServerLearner } from './learner-port.js';
import type { ServerEventLearner } from './event-learner-port.js';
import { MAX_PREDICT_ROWS, MAX_SUBSCRIBE_RATE } from './protocol.js';
import { resolveAllowedHosts } from './host-check.js';
import type { AllowedHosts } from './host-check.js';
import { normaliseOrigin } from './upgrade-gate.js';

/** Options of `startServer`. Every limit has a default; all times are in ms, sizes in bytes. */
export interface ServerOptions {
  /** The learner to serve (owned by the caller: `close()` does not close it). */
  readonly learner: ServerLearner;
  /**
   * An event learner beside the learner (owned by the caller): `samples` items
   * with `features`, `predict` with `events`, and `label` messages go to it,
   * and each `step` carries its scores in `events` (default: none; those are refused).
   */
  readonly events?: ServerEventLearner;
  /** More rejections to count in the steps' `rejected` (a source's invalid lines, say), besides the learner's. */
  readonly rejected$?: Observable<unknown>;
  /** How the learner is set up, sent in `hello.config` (default `{}`; `inputs` and `bias` are added). */
  readonly describe?: LearnerDescription;
  /** TCP port (default 8080; 0 picks a free one). */
  readonly port?: number;
  /** Interface to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** The write token (default: a random one, see `createToken`). */
  readonly token?: string;
  /** A token needed to read the streams (default: none, anyone may read). */
  readonly readToken?: string;
  /**
   * Browser `Origin`s allowed to connect besides the server's own page, e.g.
   * `['http://localhost:3000']`; `['*']` allows any (default: none, same origin only).
   * Clients that send no `Origin` (services, CLIs) are not affected.
   */
  readonly origins?: readonly string[];
  /**
   * Host names the `Host` header may give besides `localhost`, `*.localhost`,
   * the listening host and any IP address: `example.org`, `.example.org`
   * (with subdomains), or `'*'` for any (default none). Stops DNS rebinding.
   */
  readonly allowedHosts?: readonly string[];
  /** Largest incoming frame; larger ones close the connection with 1009 (default 1 MiB). */
  readonly maxPayload?: number;
  /** Messages per second a client may send before being closed with 1008 (default 50). */
  readonly maxMessagesPerSecond?: number;
  /**
   * Rows per second a read-only client may have handled: prediction rows, and
   * every message at least its size / 16 bytes (default 10,000). Over it,
   * its requests wait and its socket is not read.
   */
  readonly readerRowsPerSecond?: number;
  /** The same for clients with the write token, samples included (default 2,000,000). */
  readonly writerRowsPerSecond?: number;
  /** The most rows a read-only client's `predict` may carry (default 1,000; writers: 100,000). */
  readonly readerMaxPredictRows?: number;
  /** Unsent bytes above which a client's steps and views are conflated (default 256 KiB). */
  readonly bufferLimit?: number;
  /** A client stuck above `bufferLimit` this long is terminated (default 10,000). */
  readonly stallTimeoutMs?: number;
  /** Ping interval; a client that misses a pong is terminated at the next ping (default 15,000). */
  readonly heartbeatMs?: number;
  /** Steps per second a client gets until it subscribes (default 10). */
  readonly defaultRate?: number;
  /** Most clients at once; more are refused with 503 (default 10,000). */
  readonly maxClients?: number;
  /** How often the view (loss surface, plane) is recomputed when the model changed (default 1000). */
  readonly viewIntervalMs?: number;
  /** Grid points per axis of the view (default 40). */
  readonly gridSize?: number;
  /** Steps kept for late joiners (default 1000). */
  readonly historySize?: number;
  /** The folder served at `/` (default the dashboard's `src/dashboard/public/`). */
  readonly staticRoot?: string;
  /** Where to report server-side failures (default: nowhere). Never given a token. */
  readonly log?: (line: string) => void;
  /**
   * Told of what clients do wrong, for the operator's log (default: nowhere):
   * `client-error` (a malformed HTTP request or WebSocket frame),
   * `client-refused` (an upgrade refused: 401, 403, 404, 503), `client-stalled`
   * (a client closed for not reading). Never given a token.
   */
  readonly onEvent?: (event: ServerEvent) => void;
}

/** Something a client did that the operator may want to know, for structured logs. */
export interface ServerEvent {
  /** A stable kebab-case name: `client-error`, `client-refused`, `client-stalled`. */
  readonly event: string;
  readonly level: 'info' | 'warn' | 'error';
  /** A sentence for a person. */
  readonly message: string;
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** The longest a Node timer can wait (larger values overflow to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** {@link ServerOptions} with every default filled in and checked. */
export type ResolvedServerOptions = Required<Omit<ServerOptions, 'readToken' | 'origins' | 'allowedHosts' | 'staticRoot' | 'log' | 'onEvent' | 'token' | 'rejected$' | 'events'>> & {
  readonly events: ServerEventLearner | undefined;
  readonly rejected$: Observable<unknown> | undefined;
  readonly token: string | undefined;
  readonly readToken: string | undefined;
  readonly origins: ReadonlySet<string> | 'any';
  readonly allowedHosts: AllowedHosts;
  readonly staticRoot: string | undefined;
  readonly log: (line: string) => void;
  readonly onEvent: (event: ServerEvent) => void;
};

/**
 * Fills in the defaults of {@link ServerOptions} and checks every value.
 *
 * @throws RangeError naming the option and the bad value
 * @example
 * ```ts
 * resolveServerOptions({ learner }).port; // 8080
 * ```
 */
export function resolveServerOptions(options: ServerOptions): ResolvedServerOptions {
  const positive = (name: string, value: number | undefined, fallback: number, max = Infinity): number => {
    const v = value ?? fallback;
    if (!(typeof v === 'number' && v > 0 && v <= max)) throw new RangeError(`${name} must be a number in (0, ${max}], got ${String(v)}`);
    return v;
  };
  const port = options.port ?? 8080;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
  for (const [name, token] of [['token', options.token], ['readToken', options.readToken]] as const) {
    if (token !== undefined && (typeof token !== 'string' || token.length < 8)) throw new RangeError(`${name} must be at least 8 characters`);
  }
  if (options.token !== undefined && options.token === options.readToken) throw new RangeError('readToken must differ from the write token');
  let origins: Set<string> | 'any' = new Set();
  if (options.origins?.includes('*') === true) origins = 'any';
  else if (options.origins !== undefined) {
    origins = new Set(
      options.origins.map((o) => {
        const normal = normaliseOrigin(o);
        if (normal === undefined) throw new RangeError(`origin must look like http://host:port (or * for any), got ${JSON.stringify(o)}`);
        return normal;
      }),
    );
  }
  const integer = (name: string, value: number | undefined, fallback: number, max = Infinity): number => {
    const v = positive(name, value, fallback, max);
    if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer, got ${v}`);
    return v;
  };
  return {
    learner: options.learner,
    events: options.events,
    describe: options.describe ?? {},
    rejected$: options.rejected$,
    port,
    host,
    token: options.token,
    readToken: options.readToken,
    origins,
    allowedHosts: resolveAllowedHosts(host, options.allowedHosts),
    maxPayload: integer('maxPayload', options.maxPayload, 1024 * 1024, 2 ** 28),
    maxMessagesPerSecond: positive('maxMessagesPerSecond', options.maxMessagesPerSecond, 50, 1e6),
    readerRowsPerSecond: positive('readerRowsPerSecond', options.readerRowsPerSecond, 10_000, 1e9),
    writerRowsPerSecond: positive('writerRowsPerSecond', options.writerRowsPerSecond, 2_000_000, 1e9),
    readerMaxPredictRows: integer('readerMaxPredictRows', options.readerMaxPredictRows, 1000, MAX_PREDICT_ROWS),
    bufferLimit: integer('bufferLimit', options.bufferLimit, 256 * 1024, 2 ** 30),
    stallTimeoutMs: positive('stallTimeoutMs', options.stallTimeoutMs, 10_000, MAX_TIMER_MS),
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs, 15_000, MAX_TIMER_MS),
    defaultRate: positive('defaultRate', options.defaultRate, 10, MAX_SUBSCRIBE_RATE),
    maxClients: integer('maxClients', options.maxClients, 10_000, 1_000_000),
    viewIntervalMs: positive('viewIntervalMs', options.viewIntervalMs, 1000, MAX_TIMER_MS),
    gridSize: integer('gridSize', options.gridSize, 40, 400),
    historySize: integer('historySize', options.historySize, 1000, 1_000_000),
    staticRoot: options.staticRoot,
    log: options.log ?? (() => {}),
    onEvent: options.onEvent ?? (() => {}),
  };
}
