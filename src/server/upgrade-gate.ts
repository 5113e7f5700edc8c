import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { decideAccess, requestToken } from './auth.js';
import type { SecretToken } from './auth.js';
import { requestHostProblem } from './host-check.js';
import type { AllowedHosts } from './host-check.js';
import { parseRequestTarget } from './request-target.js';

/** What the gate checks an upgrade request against. */
export interface GateRules {
  /** The WebSocket path (default `/ws`). */
  readonly path: string;
  readonly tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined };
  /** Allowed `Origin`s besides the server's own (normalised), or `'any'`; default: the server's own only. */
  readonly origins?: ReadonlySet<string> | 'any' | undefined;
  /** Names the `Host` header may give (default any: see {@link resolveAllowedHosts}). */
  readonly hosts?: AllowedHosts | undefined;
}

/** The gate's decision: let the client in (and whether it may write), or refuse with an HTTP status. */
export type GateDecision =
  | { readonly ok: true; readonly canWrite: boolean }
  | { readonly ok: false; readonly status: 400 | 401 | 403 | 404; readonly reason: string };

/**
 * Decides a WebSocket upgrade request: the path must be `/ws`; the `Host`
 * must be on the allow-list (DNS rebinding); a browser's `Origin` must be the
 * server's own (its dashboard) or on the allow-list, so that no other site can
 * read the learner through a visitor's browser (`null` included); requests
 * without an `Origin` come from non-browser clients, which no web page can
 * drive, and pass; the token must be valid when one is presented, or present
 * when a read token is set.
 *
 * @example
 * ```ts
 * const decision = checkUpgrade(req, rules);
 * if (!decision.ok) refuseUpgrade(socket, decision.status, decision.reason);
 * ```
 */
export function checkUpgrade(request: IncomingMessage, rules: GateRules): GateDecision {
  const target = parseRequestTarget(request.url);
  if (!target.ok) return { ok: false, status: 400, reason: target.reason };
  if (target.pathname !== rules.path) return { ok: false, status: 404, reason: `no WebSocket endpoint here; use ${rules.path}` };
  if (rules.hosts !== undefined) {
    const problem = requestHostProblem(request.headers.host, target.authority, rules.hosts);
    if (problem !== undefined) return { ok: false, status: 403, reason: problem };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && rules.origins !== 'any') {
    const normal = normaliseOrigin(origin);
    // The dashboard served by this very server is always welcome (its Host passed the allow-list above).
    const sameOrigin = normal !== undefined && request.headers.host !== undefined && normal === normaliseOrigin(`http://${request.headers.host}`);
    if (!sameOrigin && !(normal !== undefined && rules.origins?.has(normal) === true)) {
      return { ok: false, status: 403, reason: 'this Origin is not allowed: only the server\'s own page, or an origin allowed with --origin, may connect from a browser' };
    }
  }
  const access = decideAccess(requestToken(request), rules.tokens);
  return access.ok ? access : { ok: false, status: 401, reason: access.reason };
}

/**
 * Answers a refused upgrade with a plain HTTP response and closes the socket.
 *
 * @param status - 400, 401, 403, 404, 405, 500 or 503
 */
export function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404 | 405 | 500 | 503, reason: string): void {
  const text = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable' }[status];
  const body = `${reason}\n`;
  const extra = status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`,
  );
}

/**
 * The canonical form of an origin (`scheme://host[:port]`, lower case, default port dropped),
 * or undefined when it is not an http(s) origin.
 *
 * @example
 * ```ts
 * normaliseOrigin('HTTP://Localhost:80'); // 'http://localhost'
 * normaliseOrigin('ftp://x');             // undefined
 * ```
 */
export function normaliseOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}
