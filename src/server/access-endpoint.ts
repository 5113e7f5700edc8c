import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideAccess, requestToken } from './auth.js';
import type { SecretToken } from './auth.js';

/** The answer of `GET /access`: what the presented token (or none) may do on `/ws`. */
export type AccessAnswer =
  | { readonly read: true; readonly write: boolean }
  | { readonly read: false; readonly write: false; readonly reason: string; readonly readWithoutToken: boolean };

/**
 * Answers `GET /access`: what the token presented (an `Authorization: Bearer`
 * header or `?token=`) may do on `/ws`, decided exactly as the WebSocket
 * upgrade decides it. A browser only sees code 1006 when an upgrade is
 * refused, so the dashboard asks here to tell a refused token (say, from
 * before a restart, which makes a new one) from a server that is down, and
 * whether it may fall back to reading without a token.
 *
 * 200 `{ read: true, write }` when the stream would be opened; 401
 * `{ read: false, write: false, reason, readWithoutToken }` when it would be
 * refused. Anything but GET/HEAD is 405. It tells no more than an upgrade
 * attempt does.
 *
 * @param request - the HTTP request for `/access`
 * @param response - its response
 * @param tokens - the write token and the optional read token
 * @example
 * ```ts
 * if (pathname === '/access') return serveAccess(req, res, tokens);
 * // curl -H 'Authorization: Bearer stale' http://127.0.0.1:8080/access
 * // → 401 {"read":false,"write":false,"reason":"the token is not valid","readWithoutToken":true}
 * ```
 */
export function serveAccess(
  request: IncomingMessage,
  response: ServerResponse,
  tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined },
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('/access answers GET only\n');
    return;
  }
  const access = decideAccess(requestToken(request), tokens);
  const answer: AccessAnswer = access.ok
    ? { read: true, write: access.canWrite }
    : { read: false, write: false, reason: access.reason, readWithoutToken: tokens.read === undefined };
  const body = `${JSON.stringify(answer)}\n`;
  response.writeHead(access.ok ? 200 : 401, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...(access.ok ? {} : { 'WWW-Authenticate': 'Bearer' }),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
