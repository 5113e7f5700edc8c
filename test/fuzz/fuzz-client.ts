/**
 * A WebSocket client for the protocol fuzz: sends frames as they are (text or
 * binary), keeps the answers in order apart from the streams (steps, views),
 * checks every message it receives against the protocol's `ServerMessage`
 * schema, and counts the `null`s (numbers JSON could not carry) in steps.
 *
 * @module
 */
import { WebSocket } from 'ws';
import { ServerMessage } from '../../src/server/protocol.js';

/** A received message, as parsed JSON. */
export type Received = { readonly type: string; readonly [key: string]: unknown };

const STREAM_TYPES = new Set(['step', 'view', 'hello', 'snapshot']);

/** Counts `null`s and non-finite numbers anywhere in a parsed message. */
export function countNonFinite(value: unknown): number {
  if (value === null) return 1;
  if (typeof value === 'number') return Number.isFinite(value) ? 0 : 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countNonFinite(v), 0);
  if (typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + countNonFinite(v), 0);
  return 0;
}

/** One fuzzing connection. */
export class FuzzClient {
  /** Answers (everything but hello, snapshot, step and view), in order; drained by the fuzzer. */
  readonly answers: Received[] = [];
  /** Steps and views received. */
  steps = 0;
  views = 0;
  /** The latest step's `n`. */
  lastN = -1;
  /** `null`s in the steps after the first sample (the documented NaN before it excepted). */
  nullsInSteps = 0;
  /** The first few steps holding such `null`s, as received. */
  readonly nullSamples: string[] = [];
  /** Messages that did not match the protocol's schema. */
  readonly outside: string[] = [];
  /** The close code and reason, once closed. */
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data);
      let message: Received;
      try {
        message = JSON.parse(text) as Received;
      } catch {
        this.outside.push(`not JSON: ${text.slice(0, 200)}`);
        return;
      }
      const checked = ServerMessage.safeParse(message);
      if (!checked.success && this.outside.length < 10) this.outside.push(`${text.slice(0, 200)}: ${checked.error.message.slice(0, 300)}`);
      if (message.type === 'step') {
        this.steps++;
        this.lastN = message['n'] as number;
        const bad = (message['n'] as number) > 0 ? countNonFinite(message) : 0;
        this.nullsInSteps += bad;
        if (bad > 0 && this.nullSamples.length < 3) this.nullSamples.push(text.slice(0, 400));
      } else if (message.type === 'view') {
        this.views++;
      } else if (!STREAM_TYPES.has(message.type)) {
        this.answers.push(message);
      }
      for (const wake of this.#waiters) wake();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => {
      resolve({ code, reason: String(reason) });
      for (const wake of this.#waiters) wake();
    }));
    ws.on('error', () => {});
  }

  /** Opens a connection to `/ws` (with the write token when given). */
  static async open(url: string, token?: string): Promise<FuzzClient> {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + 'ws', token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
    const client = new FuzzClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Waits until `test` holds (checked after every message and at close), or throws after `timeoutMs`. */
  async until(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error(`the connection closed while waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  /** Closes at once. */
  terminate(): void {
    this.ws.terminate();
  }
}
