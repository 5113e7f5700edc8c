// GET /access: what a token may do on /ws, so the dashboard can tell a refused
// token (a browser only sees code 1006) from a server that is down.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, makeLearner } from './helpers.js';

const TOKEN = 'access-write-token-0123';
const READ = 'access-read-token-0123';
let learner: OnlineLearner | undefined;
let server: RunningServer | undefined;

async function start(readToken?: string): Promise<RunningServer> {
  learner = makeLearner();
  server = await startServer({ learner, port: 0, token: TOKEN, ...(readToken === undefined ? {} : { readToken }) });
  return server;
}
async function ask(url: string, token?: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const res = await fetch(`${url}access`, { headers, ...init });
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : JSON.parse(text), headers: res.headers };
}

afterEach(async () => {
  await server?.close();
  await learner?.close();
  server = learner = undefined;
});

describe('GET /access', () => {
  it('answers what each token may do, as the upgrade decides it (no read token set)', async () => {
    const { url } = await start();
    expect(await ask(url, TOKEN)).toMatchObject({ status: 200, body: { read: true, write: true } });
    expect(await ask(url)).toMatchObject({ status: 200, body: { read: true, write: false } });
    const stale = await ask(url, 'token-of-the-last-run');
    expect(stale).toMatchObject({ status: 401, body: { read: false, write: false, reason: 'the token is not valid', readWithoutToken: true } });
    expect(stale.headers.get('cache-control')).toBe('no-store');
    // the same token in the query, as on /ws
    expect((await (await fetch(`${url}access?token=${TOKEN}`)).json())).toEqual({ read: true, write: true });
    // and the upgrade agrees
    await expect(connect(url, { token: 'token-of-the-last-run' })).rejects.toThrow(/401/);
  });

  it('says that reading needs a token when a read token is set', async () => {
    const { url } = await start(READ);
    expect(await ask(url, READ)).toMatchObject({ status: 200, body: { read: true, write: false } });
    expect(await ask(url, 'wrong-token-0123')).toMatchObject({ status: 401, body: { reason: 'the token is not valid', readWithoutToken: false } });
    expect(await ask(url)).toMatchObject({ status: 401, body: { reason: 'a token is required to read this stream', readWithoutToken: false } });
  });

  it('answers HEAD without a body and refuses other methods with 405', async () => {
    const { url } = await start();
    expect(await ask(url, TOKEN, { method: 'HEAD' })).toMatchObject({ status: 200, body: null });
    const post = await fetch(`${url}access`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });
});
