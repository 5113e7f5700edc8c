// Regressions: a tokenless client could send `predict` with 100,000 rows ten
// times a second (under the message limit) and cut another client's steps
// from 10/s to 1.6/s; one `samples` message of 10,000 junk samples produced a
// 17 MB ack and held the event loop for seconds. Now readers have a row
// budget and at most 1,000 rows a predict, and acks repeat 100 rejections.
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { connect, isType, makeLearner } from './helpers.js';
import type { TestClient } from './helpers.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
async function start(options: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const learner = makeLearner();
  const server = await startServer({ learner, port: 0, ...options });
  cleanup.push(() => learner.close(), () => server.close());
  return server;
}
async function client(...args: Parameters<typeof connect>): Promise<TestClient> {
  const c = await connect(...args);
  cleanup.push(() => c.close());
  return c;
}
const rows = (n: number): number[][] => Array.from({ length: n }, (_, i) => [i / n, -i / n]);

describe('fair readers', () => {
  it('tells each client its budget and its predict limit in hello', async () => {
    const server = await start();
    const reader = await client(server.url);
    const writer = await client(server.url, { bearer: server.token });
    expect((await reader.waitFor(isType('hello'))).limits).toMatchObject({ rowsPerSecond: 10_000, maxPredictRows: 1000 });
    expect((await writer.waitFor(isType('hello'))).limits).toMatchObject({ rowsPerSecond: 2_000_000, maxPredictRows: 100_000 });
  });

  it('refuses a reader’s predict over its row limit before checking every row, and answers a writer’s', async () => {
    const server = await start();
    const reader = await client(server.url);
    const refused = await reader.request({ type: 'predict', id: 'big', x: rows(1001) });
    expect(refused).toMatchObject({ type: 'error', code: 'bad-message', id: 'big', message: expect.stringMatching(/x has 1001 rows; this client may send at most 1000/) });
    expect(await reader.request({ type: 'predict', id: 'ok', x: rows(1000) })).toMatchObject({ type: 'prediction', id: 'ok' });
    const writer = await client(server.url, { bearer: server.token });
    const answer = await writer.request({ type: 'predict', id: 'w', x: rows(50_000) }, 30_000);
    expect(answer.type === 'prediction' && answer.probabilities.length).toBe(50_000);
  });

  it('makes a reader over its row budget wait instead of refusing it: every answer comes, no sooner than the budget allows', async () => {
    const server = await start({ readerRowsPerSecond: 2000 });
    const reader = await client(server.url);
    await reader.waitFor(isType('hello'));
    const started = performance.now();
    for (let id = 0; id < 5; id++) reader.send({ type: 'predict', id, x: rows(1000) });
    for (let id = 0; id < 5; id++) await reader.waitFor((m) => m.type === 'prediction' && m.id === id, 20_000);
    // 5 × 1,000 rows (about 16 KB each, so 1,000 units) at 2,000 a second, a burst of 2,000 and one request of
    // debt allowed: at least 1 s (a lower bound: a busy machine only adds). Unbudgeted, it takes a few ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(reader.ofType('error')).toEqual([]);
  });

  it('answers 10,000 junk samples with a small ack: the first 100 rejections with reasons, and the count', async () => {
    const server = await start();
    const writer = await client(server.url, { bearer: server.token });
    const junk = Array.from({ length: 10_000 }, (_, i) => (i === 5 ? { x: [1, 2], t: 1 } : { x: [null, null, null], t: 1 }));
    const before = writer.messages.length;
    writer.send({ type: 'samples', id: 'junk', samples: junk });
    const ack = await writer.waitFor(isType('ack'), 60_000, before);
    expect(ack).toMatchObject({ accepted: 1, rejectedCount: 9999 });
    expect(ack.rejected).toHaveLength(100);
    expect(ack.rejected[5]!.index).toBe(6);
    expect(ack.rejected[0]!.reason).toMatch(/x/);
    expect(JSON.stringify(ack).length).toBeLessThan(20_000); // was 17 MB
  });
});
