// Regression: `GET //` (and the same target on the WebSocket upgrade) threw
// `TypeError: Invalid URL` inside the request handler and ended the process;
// any web page could send it from a visitor's browser. Every odd target must
// get a 4xx, and an unexpected exception in a handler must be answered (500,
// or a protocol error with code `internal`) while the server keeps running.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, isType, makeLearner } from './helpers.js';
import type { TestClient } from './helpers.js';
import { rawRequest, upgradeRequest } from './raw-http.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(options: Partial<ServerOptions> = {}, learner: OnlineLearner = makeLearner()): Promise<{ server: RunningServer; logs: string[] }> {
  const logs: string[] = [];
  const server = await startServer({ learner, port: 0, log: (line) => logs.push(line), ...options });
  cleanup.push(() => learner.close(), () => server.close());
  return { server, logs };
}

const get = (target: string, extra: readonly string[] = []): string => [`GET ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...extra, '', ''].join('\r\n');

async function stillServing(server: RunningServer): Promise<void> {
  expect((await rawRequest(server.port, get('/'))).status).toBe(200);
  const client = await connect(server.url);
  cleanup.push(() => client.close());
  await client.waitFor(isType('hello'));
}

const ODD_TARGETS = ['//', '///', '//ws', '//evil.example/ws', '/\\', '\\', '/\\/', '//a:b@', '//[', '//%', '*', 'ws', '?', '/%', '/%zz', 'http://', 'http://[::1', 'http:///ws', '/a/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', `/${'a'.repeat(7000)}`, '/\u00ff'];

describe('odd request targets', () => {
  it('answers GET // with a 4xx and keeps running', async () => {
    const { server } = await start();
    const answer = await rawRequest(server.port, get('//'));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    await stillServing(server);
  });

  it('answers a WebSocket upgrade on // with a 4xx and keeps running', async () => {
    const { server } = await start();
    for (const target of ['//', '//ws', '//evil.example/ws', '/\\']) {
      const answer = await rawRequest(server.port, upgradeRequest(target));
      expect([400, 404], target).toContain(answer.status);
    }
    await stillServing(server);
  });

  it('answers every odd target with 400 or 404, on plain requests, upgrades and /stats', async () => {
    const { server, logs } = await start();
    for (const target of ODD_TARGETS) {
      for (const request of [get(target), upgradeRequest(target)]) {
        const answer = await rawRequest(server.port, request);
        expect([400, 404], `${JSON.stringify(target)} → ${answer.head.slice(0, 80)}`).toContain(answer.status);
      }
    }
    // A malformed query on a real route is read leniently, not a crash: the page, 401 for a token that is not valid.
    expect((await rawRequest(server.port, get('/?token=%zz'))).status).toBe(200);
    expect((await rawRequest(server.port, get('/?%'))).status).toBe(200);
    expect((await rawRequest(server.port, get('/stats?token=%zz'))).status).toBe(401);
    expect((await rawRequest(server.port, upgradeRequest('/ws?token=%'))).status).toBe(401);
    expect((await rawRequest(server.port, upgradeRequest('/ws?token=%E0%A4%A'))).status).toBe(401);
    // The absolute form (`GET http://host/path`) is read like the origin form.
    expect((await rawRequest(server.port, get('http://127.0.0.1/'))).status).toBe(200);
    expect((await rawRequest(server.port, get('http://127.0.0.1/ws'))).status).toBe(426);
    expect(logs).toEqual([]);
    await stillServing(server);
  });

  it('answers a request the HTTP parser refuses with 400 instead of dropping the connection', async () => {
    const { server } = await start();
    const answer = await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
    expect(answer.status).toBe(400);
    await stillServing(server);
  });
});

describe('unexpected exceptions in handlers', () => {
  it('answers a failing message handler with an `internal` error, logs it, and keeps the client and the server', async () => {
    const learner = makeLearner();
    let fail = true;
    const predictProba = learner.predictProba.bind(learner);
    learner.predictProba = (x) => {
      if (fail) throw new Error('boom inside the learner');
      return predictProba(x);
    };
    const { server, logs } = await start({}, learner);
    const client: TestClient = await connect(server.url);
    cleanup.push(() => client.close());
    const answer = await client.request({ type: 'predict', id: 1, x: [[0, 0]] });
    expect(answer).toMatchObject({ type: 'error', code: 'internal', id: 1 });
    expect(logs.join('\n')).toMatch(/boom inside the learner/);
    fail = false;
    expect(await client.request({ type: 'predict', id: 2, x: [[0, 0]] })).toMatchObject({ type: 'prediction', id: 2 });
    await stillServing(server);
  });
});
