import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SecretToken } from './auth.js';
import type { CheckpointState } from './checkpoint-status.js';
import { allowRead } from './read-guard.js';

/** Why a server is not ready, or `ok`. */
export type HealthStatus = 'ok' | 'checkpoint-failing' | 'learner-stopped' | 'shutting-down';

/**
 * What `GET /healthz` answers (JSON).
 *
 * @example
 * ```json
 * { "status": "ok", "live": true, "ready": true, "uptimeSeconds": 12.3,
 *   "learner": { "running": true, "paused": false, "n": 2400, "version": 2400 },
 *   "checkpoint": { "failing": false, "error": null, "failures": 0, "writes": 4,
 *                   "savedAt": 1796170000000, "savedN": 2000, "ageSeconds": 1.2 } }
 * ```
 */
export interface HealthReport {
  readonly status: HealthStatus;
  /** Always true: the process answered. */
  readonly live: true;
  /** Whether the server does its whole job: learning, and saving what it acknowledges. */
  readonly ready: boolean;
  readonly uptimeSeconds: number;
  readonly learner: { readonly running: boolean; readonly paused: boolean; readonly n: number; readonly version: number };
  /** null when the server has no checkpoint. `ageSeconds`: since the last successful write (null before the first). */
  readonly checkpoint: (CheckpointState & { readonly ageSeconds: number | null }) | null;
}

/** The facts a {@link HealthReport} is made of, read at each request. */
export interface HealthFacts {
  readonly closing: boolean;
  readonly uptimeSeconds: number;
  readonly learner: HealthReport['learner'];
  readonly checkpoint: CheckpointState | undefined;
  /** `Date.now()` now. */
  readonly now: number;
}

/**
 * Builds the health report: ready (200) when the learner runs, the server is
 * not shutting down and the checkpoint (if any) is not failing; otherwise
 * not ready (503), with `status` saying why.
 *
 * @example
 * ```ts
 * healthReport({ closing: false, uptimeSeconds: 1, learner, checkpoint: undefined, now: Date.now() }).ready; // true
 * ```
 */
export function healthReport(facts: HealthFacts): HealthReport {
  const { checkpoint } = facts;
  const status: HealthStatus = facts.closing
    ? 'shutting-down'
    : !facts.learner.running
      ? 'learner-stopped'
      : checkpoint?.failing === true
        ? 'checkpoint-failing'
        : 'ok';
  return {
    status,
    live: true,
    ready: status === 'ok',
    uptimeSeconds: facts.uptimeSeconds,
    learner: facts.learner,
    checkpoint:
      checkpoint === undefined
        ? null
        : { ...checkpoint, ageSeconds: checkpoint.savedAt === null ? null : Math.max(0, facts.now - checkpoint.savedAt) / 1000 },
  };
}

/**
 * Answers `GET /healthz` with a {@link HealthReport}: 200 when ready, 503
 * when not (a load balancer then stops sending traffic; a person reads
 * `status`). Behind the read token when one is set; never cached.
 *
 * @example
 * ```ts
 * if (pathname === '/healthz') return serveHealth(req, res, tokens, () => healthReport(facts()));
 * ```
 */
export function serveHealth(
  request: IncomingMessage,
  response: ServerResponse,
  tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined },
  read: () => HealthReport,
): void {
  if (!allowRead(request, response, tokens, '/healthz')) return;
  const report = read();
  const body = `${JSON.stringify(report)}\n`;
  response.writeHead(report.ready ? 200 : 503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
