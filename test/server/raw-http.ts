// Raw HTTP over a TCP socket, for requests that no well-behaved client would
// send (odd targets, methods, versions, headers): writes the bytes as given
// and reads the status line of the answer.
import { connect } from 'node:net';

/** What came back for one raw request. */
export interface RawAnswer {
  /** The status code of the first response line, or undefined when none came. */
  readonly status: number | undefined;
  /** The first bytes of the answer (at most 2 KB), as latin1 text. */
  readonly head: string;
  /** Why the exchange ended: the server closed, we stopped after the head, or the time ran out. */
  readonly end: 'closed' | 'answered' | 'timeout' | 'error';
}

/**
 * Sends `request` as raw bytes to 127.0.0.1:`port` and waits for the status
 * line (then closes), for the server to close, or for `timeoutMs`.
 */
export function rawRequest(port: number, request: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let head = '';
    let done = false;
    const finish = (end: RawAnswer['end']): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      resolve({ status: match ? Number(match[1]) : undefined, head: head.slice(0, 2048), end });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n') || head.length > 2048) finish('answered');
    });
    socket.on('close', () => finish('closed'));
    socket.on('error', () => finish('error'));
    socket.write(request);
  });
}

/** A WebSocket handshake request for `target`, with extra header lines (and `host` as its `Host`, none when null). */
export function upgradeRequest(target: string, extra: readonly string[] = [], host: string | null = '127.0.0.1'): string {
  return [
    `GET ${target} HTTP/1.1`,
    ...(host === null ? [] : [`Host: ${host}`]),
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    ...extra,
    '',
    '',
  ].join('\r\n');
}
