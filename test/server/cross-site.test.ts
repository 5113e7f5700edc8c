// Regressions: with no --origin any Origin (null included) could read the
// learner through a visitor's browser; and with --origin set, DNS rebinding
// (`Origin` and `Host` both evil.example:P) passed the same-origin check,
// which trusted the Host header. Now: same origin by default, and a Host
// allow-list for the page, its files, /stats and /ws.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { exposureWarning, isLoopback } from '../../src/server/exposure-warning.js';
import { isAllowedHost, resolveAllowedHosts } from '../../src/server/host-check.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { makeLearner, upgradeStatus } from './helpers.js';
import { rawRequest, upgradeRequest } from './raw-http.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
async function start(options: Partial<ServerOptions> = {}): Promise<{ server: RunningServer; logs: string[] }> {
  const learner = makeLearner();
  const logs: string[] = [];
  const server = await startServer({ learner, port: 0, token: 'write-token-1', log: (l) => logs.push(l), ...options });
  cleanup.push(() => learner.close(), () => server.close());
  return { server, logs };
}
const get = (target: string, host: string | null, extra: readonly string[] = [], version = '1.1'): string =>
  [`GET ${target} HTTP/${version}`, ...(host === null ? [] : [`Host: ${host}`]), 'Connection: close', ...extra, '', ''].join('\r\n');
const status = async (port: number, request: string): Promise<number | undefined> => (await rawRequest(port, request)).status;

describe('browser origins', () => {
  it('by default lets in the server’s own page and clients without an Origin, and refuses every other Origin, null included', async () => {
    const { server } = await start();
    const p = server.port;
    expect(await upgradeStatus(server.url, {})).toBe(101);
    expect(await upgradeStatus(server.url, { origin: `http://127.0.0.1:${p}` })).toBe(101);
    for (const origin of ['http://evil.example', `http://evil.example:${p}`, 'null', `http://127.0.0.1:${p + 1}`, `https://127.0.0.1:${p}`, 'file://', 'garbage']) {
      expect(await upgradeStatus(server.url, { origin }), origin).toBe(403);
      expect(await upgradeStatus(server.url, { origin, bearer: 'write-token-1' }), origin).toBe(403);
    }
    // Under another loopback name the page is its own origin too.
    expect(await status(p, upgradeRequest('/ws', [`Origin: http://localhost:${p}`], `localhost:${p}`))).toBe(101);
    expect(await status(p, upgradeRequest('/ws', [`Origin: http://localhost:${p}`], `127.0.0.1:${p}`))).toBe(403);
  });

  it('lets in listed origins, or any with *', async () => {
    const listed = (await start({ origins: ['http://localhost:3000'] })).server;
    expect(await upgradeStatus(listed.url, { origin: 'http://localhost:3000' })).toBe(101);
    expect(await upgradeStatus(listed.url, { origin: 'null' })).toBe(403);
    const any = (await start({ origins: ['*'] })).server;
    expect(await upgradeStatus(any.url, { origin: 'http://evil.example' })).toBe(101);
    expect(await upgradeStatus(any.url, { origin: 'null' })).toBe(101);
  });
});

describe('DNS rebinding', () => {
  it('refuses a rebound name on /ws even when its Origin matches its Host (the reported case)', async () => {
    const { server } = await start({ origins: [`http://127.0.0.1:0`] });
    const p = server.port;
    const rebound = upgradeRequest('/ws', [`Origin: http://evil.example:${p}`], `evil.example:${p}`);
    expect(await status(p, rebound)).toBe(403);
    expect((await rawRequest(p, rebound)).head).toMatch(/Host is not allowed/);
  });

  it('refuses a rebound name on the page, its files, /stats and /ws, and serves loopback names and IP addresses', async () => {
    const { server } = await start();
    const p = server.port;
    for (const target of ['/', '/index.html', '/js/main.js', '/vendor/uplot.min.css', '/stats?token=write-token-1', '/ws', '/nope']) {
      expect(await status(p, get(target, `evil.example:${p}`)), target).toBe(403);
      expect(await status(p, get(`http://evil.example:${p}${target}`, `127.0.0.1:${p}`)), `absolute ${target}`).toBe(403);
    }
    for (const host of [`127.0.0.1:${p}`, `localhost:${p}`, `LOCALHOST:${p}`, `localhost.:${p}`, `app.localhost:${p}`, `[::1]:${p}`, `10.1.2.3:${p}`, '127.0.0.1']) {
      expect(await status(p, get('/', host)), host).toBe(200);
    }
    expect(await status(p, get('/stats?token=write-token-1', `localhost:${p}`))).toBe(200);
    for (const host of ['evil.example', `localhost.evil.example:${p}`, `evillocalhost:${p}`, `127.0.0.1.nip.io:${p}`, 'a b', '', '[::1', `user@127.0.0.1:${p}`]) {
      expect(await status(p, get('/', host)), JSON.stringify(host)).toBeGreaterThanOrEqual(400);
    }
    expect(await status(p, get('/', null, [], '1.0'))).toBe(403); // no Host at all
  });

  it('serves the names given with allowedHosts (.name with subdomains), or any with *', async () => {
    const { server } = await start({ allowedHosts: ['learner.lan', '.example.org'] });
    const p = server.port;
    for (const host of ['learner.lan', 'example.org', 'a.b.example.org']) expect(await status(p, get('/', `${host}:${p}`)), host).toBe(200);
    expect(await status(p, get('/', `notexample.org:${p}`))).toBe(403);
    const any = (await start({ allowedHosts: ['*'] })).server;
    expect(await status(any.port, get('/', 'evil.example'))).toBe(200);
    await expect(start({ allowedHosts: ['http://x'] })).rejects.toThrow(/allowed host must be a host name/);
  });
});

describe('host allow-list and exposure warning', () => {
  it('adds the listening host when it is a name', () => {
    expect(isAllowedHost('box.lan:80', resolveAllowedHosts('box.lan'))).toBe(true);
    expect(isAllowedHost('box.lan:80', resolveAllowedHosts('0.0.0.0'))).toBe(false);
    expect(isAllowedHost(undefined, resolveAllowedHosts('0.0.0.0', ['*']))).toBe(false);
  });

  it('warns when listening beyond loopback with no read token and no origin list, saying what is exposed', () => {
    const warning = exposureWarning({ host: '0.0.0.0', port: 8080, readToken: undefined, originsGiven: false });
    expect(warning).toMatch(/0\.0\.0\.0:8080.*no read token.*anyone who can reach this port.*weights.*training samples.*--read-token/);
    expect(exposureWarning({ host: '::', port: 1, readToken: undefined, originsGiven: false })).toMatch(/\[::\]:1/);
    expect(exposureWarning({ host: '0.0.0.0', port: 8080, readToken: 'read-token-1', originsGiven: false })).toBeUndefined();
    expect(exposureWarning({ host: '0.0.0.0', port: 8080, readToken: undefined, originsGiven: true })).toBeUndefined();
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(isLoopback(host), host).toBe(true);
      expect(exposureWarning({ host, port: 8080, readToken: undefined, originsGiven: false }), host).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'box.lan']) expect(isLoopback(host), host).toBe(false);
  });

  it('does not warn on loopback', async () => {
    const { logs } = await start();
    expect(logs).toEqual([]);
  });
});
