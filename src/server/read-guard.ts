import type { IncomingMessage, ServerResponse } from 'node:http';
import { decideAccess, requestToken } from './auth.js';
import type { SecretToken } from './auth.js';

/**
 * Lets a request to a read-only HTTP endpoint (`/healthz`, `/metrics`)
 * through, or answers it: anything but GET/HEAD is 405; when a read token is
 * set, a request without the read or the write token is 401, and a wrong
 * token is 401 whether or not one is needed (as on `/ws`).
 *
 * @param what - the endpoint's path, for the messages
 * @returns true when the caller should answer the request
 * @example
 * ```ts
 * if (!allowRead(req, res, tokens, '/healthz')) return;
 * ```
 */
export function allowRead(
  request: IncomingMessage,
  response: ServerResponse,
  tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined },
  what: string,
): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end(`${what} answers GET only\n`);
    return false;
  }
  const access = decideAccess(requestToken(request), tokens);
  if (!access.ok) {
    response
      .writeHead(401, { 'WWW-Authenticate': 'Bearer', 'Content-Type': 'text/plain; charset=utf-8' })
      .end(`${what}: ${access.reason} (send the read token as "Authorization: Bearer …" or ?token=…)\n`);
    return false;
  }
  return true;
}
