import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { createStaticHandler } from '../../src/server/static-files.js';

/** A scripted stand-in for the real server: the dashboard's files plus a bare `/ws` the test drives. */
export interface FakeServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** Every message any client sent, parsed. */
  readonly received: unknown[];
  /** Sends a message (an object is JSON-encoded; a string is sent as is) to every open client. */
  broadcast(message: object | string): void;
  close(): Promise<void>;
}

/**
 * Serves `src/dashboard/public/` and the vendor files (with the real server's
 * static handler) and accepts WebSocket clients at `/ws`, calling
 * `onConnection` for each so a test can send odd messages the real learner never would.
 *
 * @example
 * ```ts
 * const fake = await startFakeServer((ws) => ws.send(JSON.stringify({ type: 'hello', … })));
 * ```
 */
export async function startFakeServer(onConnection: (ws: WebSocket, url: URL) => void): Promise<FakeServer> {
  const serveStatic = createStaticHandler();
  const http = createServer((req, res) => void serveStatic(req, res));
  const wss = new WebSocketServer({ noServer: true });
  const received: unknown[] = [];
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        try {
          received.push(JSON.parse(String(data)));
        } catch {
          received.push(String(data));
        }
      });
      onConnection(ws, url);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received,
    broadcast(message) {
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
