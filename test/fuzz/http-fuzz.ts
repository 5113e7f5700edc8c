/**
 * The request-target fuzz: seeded raw HTTP requests (see
 * `http-request-generators.ts`) over TCP to a real server on 127.0.0.1,
 * several at a time, while a writer keeps the learner busy. Checks that every
 * request gets an answer (a status line), that no answer is a 5xx, that every
 * well-formed request gets exactly the status its oracle expects, that the
 * server logged no internal error, and that it still serves the page and the
 * stream at the end. The quick run is in `npm test`, the large one in
 * `bench/fuzz.ts`.
 *
 * @module
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { startServer } from '../../src/server/create-server.js';
import { DASHBOARD_DIR, vendorFiles } from '../../src/server/static-files.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { rawRequest } from '../server/raw-http.js';
import { FuzzClient } from './fuzz-client.js';
import { generateHttpCases } from './http-request-generators.js';
import type { HttpCase } from './http-request-generators.js';

/** Options of {@link fuzzHttp}. */
export interface HttpFuzzOptions {
  readonly seed: string;
  readonly requests: number;
  /** Requests in flight at once (default 32). */
  readonly concurrency?: number;
  /** How long one request may wait for its answer, ms (default 15,000: the machine may be busy). */
  readonly timeoutMs?: number;
}

/** What {@link fuzzHttp} found. */
export interface HttpFuzzReport {
  readonly requests: number;
  readonly wellFormed: number;
  readonly upgrades: number;
  /** Answers by status (`none` when the connection closed without one). */
  readonly byStatus: Record<string, number>;
  /** Requests left without a status line (closed, timed out or reset). */
  readonly unanswered: number;
  /** Answers with a 5xx status. */
  readonly serverErrors: number;
  /** Well-formed requests whose status differed from the oracle's (the first 10). */
  readonly mismatches: readonly string[];
  readonly mismatchCount: number;
  /** Lines the server logged (internal errors; 0 expected). */
  readonly serverLog: readonly string[];
  /** The server still answered `GET /` with 200 and greeted a WebSocket client at the end. */
  readonly aliveAfter: boolean;
  readonly requestsPerSecond: number;
}

/** The paths the dashboard serves with 200: its files and the installed vendor files. */
export function servedFiles(): string[] {
  const files = ['/'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(html|js|css|svg|png|ico|json|map|mjs)$/.test(entry.name) && !entry.name.startsWith('.')) files.push(`/${relative(DASHBOARD_DIR, path).split(sep).join('/')}`);
    }
  };
  walk(DASHBOARD_DIR);
  return [...files, ...vendorFiles().keys()];
}

/**
 * Runs the request-target fuzz against a fresh server.
 *
 * @example
 * ```ts
 * const report = await fuzzHttp({ seed: 'quick', requests: 2000 });
 * report.serverErrors; // 0
 * ```
 */
export async function fuzzHttp(options: HttpFuzzOptions): Promise<HttpFuzzReport> {
  const { seed, requests, concurrency = 32, timeoutMs = 15_000 } = options;
  const learner = new OnlineLearner({ inputs: 2, bias: true, schedule: { kind: 'constant', lr: 0.1 } });
  const serverLog: string[] = [];
  const server = await startServer({ learner, port: 0, host: '127.0.0.1', viewIntervalMs: 200, log: (line) => serverLog.push(line) });
  let k = 0;
  const writer = setInterval(() => {
    learner.push(Array.from({ length: 20 }, () => ({ x: [Math.sin(k), Math.cos(k++)], t: k % 2 })));
  }, 20);
  const byStatus: Record<string, number> = {};
  const mismatches: string[] = [];
  let mismatchCount = 0, unanswered = 0, serverErrors = 0, wellFormed = 0, upgrades = 0;
  const started = performance.now();
  try {
    const cases = generateHttpCases(seed, requests, { port: server.port, writeToken: server.token, files: servedFiles() });
    const worker = async (): Promise<void> => {
      for (let next = cases.next(); !next.done; next = cases.next()) {
        const c: HttpCase = next.value;
        const answer = await rawRequest(server.port, c.bytes, timeoutMs);
        const key = answer.status === undefined ? `none:${answer.end}` : String(answer.status);
        byStatus[key] = (byStatus[key] ?? 0) + 1;
        if (c.upgrade) upgrades++;
        if (answer.status === undefined) unanswered++;
        else if (answer.status >= 500) serverErrors++;
        if (c.expected !== undefined) {
          wellFormed++;
          if (answer.status !== c.expected) {
            mismatchCount++;
            if (mismatches.length < 10) mismatches.push(`${c.label}: expected ${c.expected}, got ${key}`);
          }
        } else if (answer.status === undefined && mismatches.length < 10) {
          mismatches.push(`${c.label}: no answer (${answer.end})`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    return { requests, wellFormed, upgrades, byStatus, unanswered, serverErrors, mismatches, mismatchCount, serverLog: serverLog.slice(0, 10), aliveAfter: await alive(server.port, server.url), requestsPerSecond: Math.round(requests / seconds) };
  } finally {
    clearInterval(writer);
    await server.close();
    await learner.close();
  }
}

async function alive(port: number, url: string): Promise<boolean> {
  const page = await rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
  if (page.status !== 200) return false;
  const client = await FuzzClient.open(url);
  try {
    const before = client.steps;
    await client.until(() => client.steps > before, 10_000, 'a step');
    return true;
  } catch {
    return false;
  } finally {
    client.terminate();
  }
}
