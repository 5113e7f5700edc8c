/**
 * Wrappers that keep one request from stopping the server: an exception
 * thrown (or a promise rejected) by a request or upgrade handler is logged
 * and answered with a 500, instead of reaching the process as an uncaught
 * exception. They are the last line: handlers still answer expected failures
 * themselves.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A request handler that may return a promise. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** An upgrade handler that may return a promise. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

/**
 * Makes a request handler that cannot throw: a failure is logged (with the
 * method and path, never the query, which may hold a token) and answered with
 * 500, or, when the headers are already out, ends the connection.
 *
 * @param handler - the real handler
 * @param log - where to report the failure
 * @example
 * ```ts
 * const http = createServer(guardRequest((req, res) => route(req, res), console.error));
 * ```
 */
export function guardRequest(handler: RequestHandler, log: (line: string) => void): RequestHandler {
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    log(`internal error on ${describe(req)}: ${describeError(error)}`);
    try {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('internal server error\n');
      else res.destroy();
    } catch {
      req.socket.destroy();
    }
  };
  return (req, res) => {
    try {
      const done = handler(req, res);
      if (done !== undefined) done.catch((error: unknown) => fail(req, res, error));
    } catch (error) {
      fail(req, res, error);
    }
  };
}

/**
 * Makes an upgrade handler that cannot throw: a failure is logged and
 * answered with a plain `500` response on the socket, which is then closed.
 *
 * @param handler - the real handler
 * @param log - where to report the failure
 * @example
 * ```ts
 * http.on('upgrade', guardUpgrade((req, socket, head) => gate(req, socket, head), console.error));
 * ```
 */
export function guardUpgrade(handler: UpgradeHandler, log: (line: string) => void): UpgradeHandler {
  const fail = (req: IncomingMessage, socket: Duplex, error: unknown): void => {
    log(`internal error on the upgrade of ${describe(req)}: ${describeError(error)}`);
    try {
      if (socket.writable) socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    } catch {
      socket.destroy();
    }
  };
  return (req, socket, head) => {
    try {
      const done = handler(req, socket, head);
      if (done !== undefined) done.catch((error: unknown) => fail(req, socket, error));
    } catch (error) {
      fail(req, socket, error);
    }
  };
}

/** `METHOD /path` with the query left out (it may hold a token) and the length bounded. */
function describe(req: IncomingMessage): string {
  const target = String(req.url ?? '').split('?')[0]!;
  return `${String(req.method)} ${JSON.stringify(target.length > 100 ? `${target.slice(0, 100)}…` : target)}`;
}

/**
 * One line about an unexpected error: its name, message and the frame that threw.
 *
 * @example
 * ```ts
 * describeError(new TypeError('x is undefined')); // 'TypeError: x is undefined (at f (file.ts:3:9))'
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `thrown ${typeof error}: ${String(error).slice(0, 200)}`;
  const frame = /\n\s+at (.+)/.exec(error.stack ?? '')?.[1];
  return `${error.name}: ${error.message}${frame === undefined ? '' : ` (at ${frame})`}`;
}
