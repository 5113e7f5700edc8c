/** How long a learner waits for a broker that does not answer before it gives up (ms). */
export const DEFAULT_BROKER_PATIENCE_MS = 60_000;

/** The broker did not answer for longer than the learner's patience: the process gives up (exit 1). */
export class BrokerUnavailableError extends Error {
  override readonly name = 'BrokerUnavailableError';
}

// What nats.js says while a server restarts, a cluster elects a JetStream, stream or consumer leader,
// or a node dies: none of it means that the stream, the consumer or the bucket is gone.
const TRANSIENT = /timeout|timed out|no responders|jetstream is not enabled|temporarily unavailable|insufficient resources|no suitable peers|leader|not current|is offline|heartbeats missed|disconnect|reconnect|message feed ended/i;

/**
 * Whether an error from the NATS client is one that passes by itself (a
 * timeout, "no responders" while a JetStream leader is being elected, a
 * dropped connection), rather than a missing stream or a refused request.
 *
 * @example
 * ```ts
 * isBrokerUnavailable(new Error('timeout')); // true
 * isBrokerUnavailable(new Error('stream not found')); // false
 * ```
 */
export function isBrokerUnavailable(e: unknown): boolean {
  if (e instanceof BrokerUnavailableError) return true;
  if (!(e instanceof Error)) return false;
  if (e.name === 'TimeoutError' || e.name === 'NoRespondersError') return true;
  return TRANSIENT.test(e.message) || (e.cause !== undefined && e.cause !== e && isBrokerUnavailable(e.cause));
}

/** Options of {@link whileBrokerUnavailable}. */
export interface BrokerPatience {
  /** Give up after the broker has not answered for this long (default {@link DEFAULT_BROKER_PATIENCE_MS}). */
  patienceMs?: number;
  /** Stops waiting: the last error is thrown at once. */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` until it succeeds, retrying (with a growing pause up to 2 s)
 * as long as it fails with {@link isBrokerUnavailable} errors and for at most
 * `patienceMs`; any other error is thrown at once.
 *
 * @param what - what is being done, for the error ("loading the checkpoint of model demo")
 * @throws BrokerUnavailableError naming `what`, the wait and the last error, once patience runs out
 * @example
 * ```ts
 * const info = await whileBrokerUnavailable('reading the consumer', () => jsm.consumers.info('SAMPLES', 'learner'));
 * ```
 */
export async function whileBrokerUnavailable<T>(what: string, attempt: () => Promise<T>, options: BrokerPatience = {}): Promise<T> {
  const patience = options.patienceMs ?? DEFAULT_BROKER_PATIENCE_MS;
  const started = Date.now();
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      if (!isBrokerUnavailable(e) || options.signal?.aborted === true) throw e;
      if (Date.now() - started >= patience) throw brokerGaveUp(what, patience, e);
      await pause(Math.min(2_000, 100 * 2 ** tries), options.signal);
    }
  }
}

/** The error a learner gives up with after `waitedMs` without an answer. */
export function brokerGaveUp(what: string, waitedMs: number, last: unknown): BrokerUnavailableError {
  const message = last instanceof Error ? last.message : String(last);
  return new BrokerUnavailableError(`${what}: the broker did not answer for ${Math.round(waitedMs / 1000)} s (last error: ${message})`, { cause: last });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
