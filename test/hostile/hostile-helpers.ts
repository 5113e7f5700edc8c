// Shared pieces of the hostile-client tests: a bystander that records when
// each step reaches it, a raw WebSocket handshake done by hand, and a poller.
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

export { connect, isType, keepLearning, makeLearner, sleep, upgradeStatus } from '../server/helpers.js';
export type { TestClient } from '../server/helpers.js';

/** A read-only client that notes the arrival time of every step (ms, `performance.now()`). */
export class Bystander {
  readonly times: number[] = [];
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(baseUrl: string) {
    this.ws = new WebSocket(new URL('/ws', baseUrl.replace(/^http/, 'ws')));
    this.ws.on('message', (data: Buffer) => {
      if (data.subarray(0, 14).toString() === '{"type":"step"') this.times.push(performance.now());
    });
    this.ws.on('error', () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Steps per second received between two times, and the longest gap between steps in that span (ms). */
  rate(from: number, to: number): { perSecond: number; longestGapMs: number } {
    const inside = this.times.filter((t) => t >= from && t <= to);
    let gap = 0, last = from;
    for (const t of [...inside, to]) {
      gap = Math.max(gap, t - last);
      last = t;
    }
    return { perSecond: Math.round((inside.length / ((to - from) / 1000)) * 10) / 10, longestGapMs: Math.round(gap) };
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    this.ws.terminate();
  }
}

/**
 * Opens a TCP connection and completes the WebSocket handshake by hand,
 * then does nothing at all: it never reads a frame, never answers a ping.
 *
 * @returns the socket (paused after the 101 answer) and a promise of when the server ends it
 */
export function rawHandshake(port: number, path = '/ws'): Promise<{ socket: Socket; ended: Promise<'end' | 'close'> }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    let head = '';
    const ended = new Promise<'end' | 'close'>((done) => {
      socket.once('end', () => done('end'));
      socket.once('close', () => done('close'));
    });
    socket.on('error', () => {});
    socket.once('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
      // From here on, ignore everything: the frames pile up unread in the kernel.
      socket.pause();
      resolve({ socket, ended });
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Waits until `test()` holds, polling every 20 ms. */
export async function waitUntil(test: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens a WebSocket to `wsUrl`, waits for the server's hello, then drops the connection without a close frame. */
export function openAndDrop(wsUrl: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrl);
    ws.once('message', () => {
      ws.terminate();
      resolve();
    });
    ws.once('error', () => resolve());
    ws.once('close', () => resolve());
  });
}

/** Sends half an upgrade request, then resets the connection. */
export function dropMidHandshake(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n`);
      setImmediate(() => socket.resetAndDestroy());
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve());
  });
}
