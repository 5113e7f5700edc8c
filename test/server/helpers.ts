// Real `ws` clients for the server tests: every received message is checked
// against the protocol's ServerMessage schema and kept, in order.
import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import { ServerMessage } from '../../src/server/protocol.js';
import type { LearnerConfig } from '../../src/stream/learner-config.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';

export type Received = ServerMessage;

export class TestClient {
  readonly messages: Received[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly #waiters = new Set<() => void>();

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const parsed = ServerMessage.safeParse(JSON.parse(String(data)));
      if (!parsed.success) throw new Error(`server sent a message outside the protocol: ${String(data).slice(0, 300)}\n${parsed.error.message}`);
      this.messages.push(parsed.data);
      for (const wake of this.#waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        for (const wake of this.#waiters) wake();
      });
    });
    ws.on('error', () => {});
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  ofType<T extends Received['type']>(type: T): Extract<Received, { type: T }>[] {
    return this.messages.filter((m): m is Extract<Received, { type: T }> => m.type === type);
  }

  /** Waits for the first message (from `from` on) that passes the test. */
  async waitFor<T extends Received>(test: (m: Received) => m is T, timeoutMs?: number, from?: number): Promise<T>;
  async waitFor(test: (m: Received) => boolean, timeoutMs?: number, from?: number): Promise<Received>;
  async waitFor(test: (m: Received) => boolean, timeoutMs = 5000, from = 0): Promise<Received> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(test);
      if (found !== undefined) return found;
      if (this.ws.readyState === WebSocket.CLOSED) throw new Error('the connection closed while waiting');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got types ${this.messages.map((m) => m.type).join(',')}`);
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

  /** Sends a request and waits for the answer that carries its id. */
  async request(message: { id: string | number } & Record<string, unknown>, timeoutMs = 5000): Promise<Received> {
    const from = this.messages.length;
    this.send(message);
    return this.waitFor((m) => 'id' in m && m.id === message.id, timeoutMs, from);
  }

  close(): void {
    this.ws.terminate();
  }
}

/** Opens a client on the server's /ws and waits for it to be open (or rejects with the HTTP status). */
export function connect(
  baseUrl: string,
  options: { token?: string; bearer?: string; origin?: string; path?: string } & ClientOptions = {},
): Promise<TestClient> {
  const { token, bearer, origin, path = '/ws', ...rest } = options;
  const url = new URL(path, baseUrl.replace(/^http/, 'ws'));
  if (token !== undefined) url.searchParams.set('token', token);
  const headers: Record<string, string> = {};
  if (bearer !== undefined) headers['Authorization'] = `Bearer ${bearer}`;
  const ws = new WebSocket(url, { ...rest, headers, ...(origin === undefined ? {} : { origin }) });
  const client = new TestClient(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += String(chunk)));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body.trim()}`), { status: res.statusCode })));
    });
    ws.once('error', reject);
  });
}

/** The HTTP status a refused upgrade answered with. */
export async function upgradeStatus(baseUrl: string, options: Parameters<typeof connect>[1] = {}): Promise<number> {
  try {
    const client = await connect(baseUrl, options);
    client.close();
    return 101;
  } catch (error) {
    return (error as { status?: number }).status ?? -1;
  }
}

export const isType =
  <T extends Received['type']>(type: T) =>
  (m: Received): m is Extract<Received, { type: T }> =>
    m.type === type;

/** Samples of the tutorial's two classes, from a seeded generator. */
export { gaussianClasses } from '../../src/data/gaussian-classes.js';

/** Calls `push` on the learner every `everyMs` with `batch` fresh samples, until stopped. */
export function keepLearning(learner: { push(items: readonly unknown[]): unknown }, everyMs = 5, batch = 4): () => void {
  let k = 0;
  const timer = setInterval(() => {
    const items = Array.from({ length: batch }, () => {
      const t = (k++ % 2) as 0 | 1;
      return { x: [t === 1 ? 1 + Math.sin(k) : -1 + Math.cos(k), Math.sin(k * 0.7)], t };
    });
    learner.push(items);
  }, everyMs);
  return () => clearInterval(timer);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A real learner as the server tests use it: two inputs, a bias, lr 0.1. */
export function makeLearner(config: Partial<LearnerConfig> = {}): OnlineLearner {
  return new OnlineLearner({ inputs: 2, bias: true, schedule: { kind: 'constant', lr: 0.1 }, ...config });
}
