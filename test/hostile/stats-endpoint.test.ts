// GET /stats (added for the soak test): counters, memory and event-loop delay,
// for the write token's holder only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import { ProcessMonitor } from '../../src/server/process-stats.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { connect, isType, makeLearner, sleep } from './hostile-helpers.js';

const TOKEN = 'stats-token-0123456789';
let learner: OnlineLearner;
let server: RunningServer;
beforeAll(async () => {
  learner = makeLearner();
  server = await startServer({ learner, port: 0, token: TOKEN, readToken: 'stats-read-token-0123' });
});
afterAll(async () => {
  await server.close();
  await learner.close();
});

describe('GET /stats', () => {
  it('answers the write token with the counters, memory and event-loop delay', async () => {
    const client = await connect(server.url, { bearer: TOKEN });
    await client.waitFor(isType('snapshot'));
    learner.push([{ x: [1, 2], t: 1 }]);
    for (const init of [{ headers: { Authorization: `Bearer ${TOKEN}` } }, {}]) {
      const url = Object.keys(init).length === 0 ? `${server.url}stats?token=${TOKEN}` : `${server.url}stats`;
      const res = await fetch(url, init);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ clients: 1, writers: 1, n: 1, eventLoopDelay: { windowMs: 10_000 } });
      const memory = body['memory'] as Record<string, number>;
      expect(memory['rss']).toBeGreaterThan(memory['heapUsed']!);
      expect(memory['heapUsed']).toBeGreaterThan(0);
    }
    client.close();
  });

  it('refuses no token, a wrong one and the read token with 401, and other methods with 405', async () => {
    expect((await fetch(`${server.url}stats`)).status).toBe(401);
    expect((await fetch(`${server.url}stats`, { headers: { Authorization: 'Bearer wrong-token-123' } })).status).toBe(401);
    expect((await fetch(`${server.url}stats?token=stats-read-token-0123`)).status).toBe(401);
    expect((await fetch(`${server.url}stats`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });
});

describe('ProcessMonitor', () => {
  it('reports null delays until a window ends, then the window\'s p50 ≤ p99 ≤ max, including a stall of the loop', async () => {
    const monitor = new ProcessMonitor(300);
    monitor.start();
    expect(monitor.get().eventLoopDelay).toEqual({ p50: null, p99: null, max: null, windowMs: 300 });
    await sleep(50);
    const until = performance.now() + 120;
    while (performance.now() < until); // block the loop for 120 ms
    // The first window (which holds the stall) ends 300 ms after the start.
    for (let i = 0; i < 150 && monitor.get().eventLoopDelay.p50 === null; i++) await sleep(20);
    const { p50, p99, max } = monitor.get().eventLoopDelay;
    monitor.stop();
    expect(p50).not.toBeNull();
    expect(p50!).toBeGreaterThanOrEqual(0);
    expect(p99!).toBeGreaterThanOrEqual(p50!);
    expect(max!).toBeGreaterThanOrEqual(p99!);
    expect(max!).toBeGreaterThan(60); // the blocked 120 ms show up (less the 10-ms sampling interval)
    expect(() => new ProcessMonitor(0)).toThrow(/windowMs must be a finite number > 0, got 0/);
  });
});
