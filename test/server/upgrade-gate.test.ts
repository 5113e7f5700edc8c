import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { normaliseOrigin } from '../../src/server/upgrade-gate.js';

import { connect, isType, makeLearner, upgradeStatus } from './helpers.js';

let server: RunningServer | undefined;
const learner = makeLearner();
async function start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  server = await startServer({ learner, port: 0, token: 'write-token-1', ...options });
  return server;
}
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function helloOf(url: string, options: Parameters<typeof connect>[1]): Promise<boolean> {
  const c = await connect(url, options);
  const hello = await c.waitFor(isType('hello'));
  c.close();
  return hello.canWrite;
}

describe('the upgrade gate', () => {
  it('lets anyone read, and the write token (header or query) write', async () => {
    const s = await start();
    expect(await helloOf(s.url, {})).toBe(false);
    expect(await helloOf(s.url, { bearer: 'write-token-1' })).toBe(true);
    expect(await helloOf(s.url, { token: 'write-token-1' })).toBe(true);
  });

  it('refuses a wrong token with 401', async () => {
    const s = await start();
    expect(await upgradeStatus(s.url, { bearer: 'write-token-2' })).toBe(401);
    expect(await upgradeStatus(s.url, { token: 'write-token-1x' })).toBe(401);
    await expect(connect(s.url, { token: 'nope' })).rejects.toThrow('HTTP 401: the token is not valid');
  });

  it('needs the read (or write) token to read when a read token is set', async () => {
    const s = await start({ readToken: 'read-token-1' });
    expect(await upgradeStatus(s.url, {})).toBe(401);
    expect(await helloOf(s.url, { token: 'read-token-1' })).toBe(false);
    expect(await helloOf(s.url, { bearer: 'write-token-1' })).toBe(true);
  });

  it('allows only listed browser origins when an allow-list is set', async () => {
    const s = await start({ origins: ['http://localhost:3000', 'https://example.org'] });
    expect(await upgradeStatus(s.url, { origin: 'http://localhost:3000' })).toBe(101);
    expect(await upgradeStatus(s.url, { origin: 'https://EXAMPLE.org:443' })).toBe(101);
    expect(await upgradeStatus(s.url, { origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(s.url, { origin: 'http://localhost:3001', bearer: 'write-token-1' })).toBe(403);
    // Non-browser clients send no Origin; the server's own dashboard is always allowed.
    expect(await upgradeStatus(s.url, {})).toBe(101);
    expect(await upgradeStatus(s.url, { origin: `http://127.0.0.1:${s.port}` })).toBe(101);
    expect(await upgradeStatus(s.url, { origin: `http://127.0.0.1:${s.port + 1}` })).toBe(403);
  });

  it('has WebSockets at /ws only', async () => {
    const s = await start();
    expect(await upgradeStatus(s.url, { path: '/socket' })).toBe(404);
    const res = await fetch(new URL('/ws', s.url));
    expect(res.status).toBe(426);
  });

  it('refuses bad options', async () => {
    await expect(start({ origins: ['localhost:3000'] })).rejects.toThrow(/origin must look like http:\/\/host:port/);
    await expect(start({ token: 'short' })).rejects.toThrow(/token must be at least 8 characters/);
    await expect(start({ maxPayload: -1 })).rejects.toThrow(/maxPayload/);
  });
});

describe('normaliseOrigin', () => {
  it('canonicalises http(s) origins and refuses the rest', () => {
    expect(normaliseOrigin('HTTP://Localhost:80')).toBe('http://localhost');
    expect(normaliseOrigin('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(normaliseOrigin('ftp://x')).toBeUndefined();
    expect(normaliseOrigin('http://x/path')).toBeUndefined();
    expect(normaliseOrigin('null')).toBeUndefined();
  });
});
