import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestToken } from './auth.js';
import type { SecretToken } from './auth.js';

/**
 * Answers `GET /stats`: the server's counters, memory and event-loop delay
 * as JSON, for the holder of the write token only (an `Authorization: Bearer`
 * header or `?token=`), since client counts and rates are nobody else's
 * business. Anything but GET/HEAD is 405; a missing or wrong token is 401.
 *
 * @param request - the HTTP request for `/stats`
 * @param response - its response
 * @param token - the write token
 * @param read - the figures to send, read at the request
 * @example
 * ```ts
 * if (pathname === '/stats') return serveStats(req, res, tokens.write, () => ({ ...stats(), ...monitor.get() }));
 * ```
 */
export function serveStats(request: IncomingMessage, response: ServerResponse, token: SecretToken, read: () => unknown): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('/stats answers GET only\n');
    return;
  }
  if (!token.matches(requestToken(request))) {
    response
      .writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain; charset=utf-8' })
      .end('/stats needs the write token (an "Authorization: Bearer …" header or ?token=…)\n');
    return;
  }
  const body = `${JSON.stringify(read())}\n`;
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  response.end(request.method === 'HEAD' ? undefined : body);
}
