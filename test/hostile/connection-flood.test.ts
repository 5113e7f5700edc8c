// A connection flood against a real server on 127.0.0.1: 1,000 connections
// opened and dropped in parallel batches of 50 (half complete the WebSocket
// handshake and are terminated, half are dropped mid-handshake), beside a
// bystander taking its steps. The server stays up, forgets every dropped
// client, its memory stays bounded, and the bystander keeps getting steps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { Bystander, connect, dropMidHandshake, isType, keepLearning, makeLearner, openAndDrop, sleep, waitUntil } from './hostile-helpers.js';

const FLOOD = 1000;
const PARALLEL = 50;
let learner: OnlineLearner;
let server: RunningServer;
let stopLearning = (): void => {};

beforeAll(async () => {
  learner = makeLearner();
  server = await startServer({ learner, port: 0 });
  stopLearning = keepLearning(learner, 5);
});

afterAll(async () => {
  stopLearning();
  await server.close();
  await learner.close();
});

describe('a connection flood', () => {
  it('leaves the server up, its client table empty, its memory bounded and the bystander served', async () => {
    const bystander = new Bystander(server.url);
    await bystander.opened;
    await sleep(1000);
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    for (let i = 0; i < FLOOD; i += PARALLEL) {
      await Promise.all(Array.from({ length: PARALLEL }, (_, j) => ((i + j) % 2 === 0 ? openAndDrop(new URL('/ws', server.url.replace(/^http/, 'ws')).href) : dropMidHandshake(server.port))));
    }
    const end = performance.now();
    // Every dropped client is forgotten: only the bystander is left.
    await waitUntil(() => server.stats().clients === 1, 5000, 'the flood forgotten');
    const rssAfter = process.memoryUsage().rss;
    const before = bystander.rate(start - 1000, start);
    const during = bystander.rate(start, end);
    console.info(
      `hostile: flood of ${FLOOD} connections in ${Math.round(end - start)} ms; test-process RSS ${(rssBefore / 2 ** 20).toFixed(1)} → ${(rssAfter / 2 ** 20).toFixed(1)} MB; ` +
        `bystander ${before.perSecond} steps/s before, ${during.perSecond} during (longest gap ${during.longestGapMs} ms)`,
    );
    expect(bystander.open).toBe(true);
    // Steps kept arriving during the flood: at least one per 2 s of flood (10 per second is the default rate).
    expect(bystander.times.filter((t) => t >= start && t <= end).length).toBeGreaterThanOrEqual(Math.floor((end - start) / 2000));
    // Bounded memory: the server and the 1,000 clients of this process together grew by less than 100 MB.
    expect(rssAfter - rssBefore).toBeLessThan(100 * 2 ** 20);
    // And the server still takes and serves a new client.
    const fresh = await connect(server.url);
    await fresh.waitFor(isType('step'));
    fresh.close();
    bystander.close();
  });
});
