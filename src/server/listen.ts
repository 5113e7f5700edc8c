import type { Server } from 'node:http';
import type { WebSocket } from 'ws';
import { ListenError } from './listen-error.js';
import { CloseCode } from './protocol.js';

/**
 * Closes a socket with 1001 (going away) and waits for the peer's close,
 * terminating it after a short grace.
 *
 * @param graceMs - how long to wait for the peer (default 1000 ms)
 * @example
 * ```ts
 * await Promise.all(sockets.map((ws) => closeSocket(ws)));
 * ```
 */
export function closeSocket(ws: WebSocket, graceMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve();
    const timer = setTimeout(() => ws.terminate(), graceMs);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close(CloseCode.goingAway, 'server shutting down');
  });
}

/**
 * Starts listening, turning the usual failures into readable messages.
 *
 * @throws ListenError with the system `code` (`EADDRINUSE`: "port P on H is already in use: …")
 * @example
 * ```ts
 * await listen(http.createServer(), 8080, '127.0.0.1');
 * ```
 */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const code = error.code ?? 'UNKNOWN';
      if (code === 'EADDRINUSE') {
        reject(new ListenError(`port ${port} on ${host} is already in use: stop the other server or choose another port (--port or PORT)`, code));
      } else if (code === 'EACCES') {
        reject(new ListenError(`no permission to listen on port ${port} of ${host}: choose a port above 1023`, code));
      } else {
        reject(new ListenError(`cannot listen on ${host}:${port}: ${error.message}`, code));
      }
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
