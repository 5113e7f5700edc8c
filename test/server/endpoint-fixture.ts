// One setup for the HTTP endpoint tests (/healthz, /metrics): a server on
// port 0 with a known write token, an optional read token and an optional
// checkpoint in a fresh folder, and everything a test opened closed after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, makeLearner } from './helpers.js';
import type { TestClient } from './helpers.js';

/** The write token of every fixture server. */
export const WRITE_TOKEN = 'write-token-123';

/** What {@link EndpointFixture.serve} may add to the default server. */
export interface FixtureOptions {
  /** Give the learner a checkpoint `m.json` in a fresh folder (default false). */
  readonly checkpoint?: boolean;
  /** With `checkpoint`: write every this many samples. */
  readonly everySamples?: number;
  /** A read token for the server. */
  readonly readToken?: string;
}

/** A served learner, and the checkpoint's folder when it has one. */
export interface Served {
  readonly server: RunningServer;
  readonly learner: OnlineLearner;
  readonly folder: string | undefined;
}

/** An HTTP answer, read whole. */
export interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: string;
}

/**
 * Servers, learners, clients and folders of one test file, closed and removed
 * after each test (the constructor registers the `afterEach`).
 */
export class EndpointFixture {
  readonly #servers: RunningServer[] = [];
  readonly #learners: OnlineLearner[] = [];
  readonly #clients: TestClient[] = [];
  readonly #folders: string[] = [];

  constructor() {
    afterEach(async () => {
      for (const c of this.#clients.splice(0)) c.close();
      for (const s of this.#servers.splice(0)) await s.close();
      for (const l of this.#learners.splice(0)) await l.close().catch(() => undefined);
      for (const f of this.#folders.splice(0)) rmSync(f, { recursive: true, force: true });
    });
  }

  /** Starts a learner and its server on 127.0.0.1, port 0. */
  async serve(options: FixtureOptions = {}): Promise<Served> {
    const folder = options.checkpoint === true ? this.folder() : undefined;
    const learner = makeLearner(
      folder === undefined ? {} : { checkpoint: { path: join(folder, 'm.json'), ...(options.everySamples === undefined ? {} : { everySamples: options.everySamples }) } },
    );
    this.#learners.push(learner);
    const server = await startServer({ learner, port: 0, host: '127.0.0.1', token: WRITE_TOKEN, ...(options.readToken === undefined ? {} : { readToken: options.readToken }) });
    this.#servers.push(server);
    return { server, learner, folder };
  }

  /** A fresh temporary folder, removed after the test. */
  folder(): string {
    const folder = mkdtempSync(join(tmpdir(), 'rxlogit-endpoint-'));
    this.#folders.push(folder);
    return folder;
  }

  /** A WebSocket client of `server`, closed after the test. */
  async connect(server: RunningServer, options: { token?: string } = {}): Promise<TestClient> {
    const client = await connect(server.url, options);
    this.#clients.push(client);
    return client;
  }
}

/** GETs `path` of `server` (or another method) and reads the whole answer. */
export async function fetchText(server: RunningServer, path: string, init: { headers?: Record<string, string>; method?: string } = {}): Promise<Answer> {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}
