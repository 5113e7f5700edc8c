import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError, guardRequest, guardUpgrade } from '../../src/server/guard-handlers.js';
import { rawRequest, upgradeRequest } from './raw-http.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

async function serve(setup: (http: Server, log: (line: string) => void) => void): Promise<{ port: number; logs: string[] }> {
  const logs: string[] = [];
  const http = createServer();
  setup(http, (line) => logs.push(line));
  servers.push(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return { port: (http.address() as AddressInfo).port, logs };
}
const get = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`;

describe('guardRequest', () => {
  it('answers a handler that throws, or rejects, with 500 and logs it without the query; the server keeps serving', async () => {
    const { port, logs } = await serve((http, log) =>
      http.on(
        'request',
        guardRequest(async (req, res) => {
          if (req.url!.startsWith('/sync')) throw new TypeError('sync boom');
          if (req.url!.startsWith('/async')) {
            await Promise.resolve();
            throw new Error('async boom');
          }
          res.end('ok');
        }, log),
      ),
    );
    expect((await rawRequest(port, get('/sync?token=secret'))).status).toBe(500);
    expect((await rawRequest(port, get('/async'))).status).toBe(500);
    expect((await rawRequest(port, get('/fine'))).status).toBe(200);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/GET "\/sync": TypeError: sync boom/);
    expect(logs.join('\n')).not.toMatch(/secret/);
    expect(logs[1]).toMatch(/async boom/);
  });

  it('ends the connection when the headers were already sent', async () => {
    const { port } = await serve((http, log) =>
      http.on(
        'request',
        guardRequest((_req, res) => {
          res.writeHead(200, { 'Content-Length': '10' });
          res.write('12');
          throw new Error('midway');
        }, log),
      ),
    );
    const answer = await rawRequest(port, get('/'));
    expect(answer.end).not.toBe('timeout'); // not left hanging half-answered
    expect(answer.status).not.toBe(500);
  });
});

describe('guardUpgrade', () => {
  it('answers an upgrade handler that throws with 500', async () => {
    const { port, logs } = await serve((http, log) =>
      http.on(
        'upgrade',
        guardUpgrade(() => {
          throw new Error('upgrade boom');
        }, log),
      ),
    );
    expect((await rawRequest(port, upgradeRequest('/ws'))).status).toBe(500);
    expect((await rawRequest(port, upgradeRequest('/ws'))).status).toBe(500);
    expect(logs[0]).toMatch(/upgrade of GET "\/ws": Error: upgrade boom/);
  });
});

describe('describeError', () => {
  it('gives one line with the frame that threw, and copes with non-errors', () => {
    const line = describeError(new RangeError('bad'));
    expect(line).toMatch(/^RangeError: bad \(at .+\)$/);
    expect(line).not.toContain('\n');
    expect(describeError('text')).toBe('thrown string: text');
  });
});
