// Quick protocol fuzz (part of `npm test`): seeded frames against a real
// server on 127.0.0.1:0, and many more straight into parseClientMessage.
// The large run is `bench/fuzz.ts`.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import { FuzzClient } from './fuzz-client.js';
import { fuzzParser } from './parser-fuzz.js';
import { fuzzProtocol } from './protocol-fuzz.js';

describe('protocol fuzz', () => {
  it('a real server answers 3,000 seeded frames as documented, stays up, keeps streaming, and learns only the valid samples', async () => {
    const r = await fuzzProtocol({ seed: 'quick', frames: 3_000, readers: 3, batch: 100 });
    expect(r.mismatches).toEqual([]);
    expect(r.outsideProtocol).toEqual([]);
    expect(r.pollution).toEqual([]);
    expect(r.frames).toBe(3_000);
    // Every documented error code and close code occurred, so none of the checks is vacuous.
    for (const code of ['bad-json', 'bad-message', 'unknown-type', 'unauthorized', 'bad-request']) expect(r.errorsByCode[code] ?? 0, code).toBeGreaterThan(0);
    expect(r.closesByCode).toEqual({ 1007: 2, 1008: 1, 1009: 4 });
    expect(r.answersByType['ack']).toBeGreaterThan(20);
    expect(r.answersByType['prediction']).toBeGreaterThan(20);
    expect(r.learned).toBeGreaterThan(100);
    expect(r.modelMatches).toBe(true);
    expect(r.observerSteps).toBeGreaterThan(0);
    expect(r.observerGotFinalStep).toBe(true);
  });

  it('parseClientMessage agrees with the oracle on 10,000 seeded frames and the big ones, never throwing', () => {
    const r = fuzzParser('quick', 10_000);
    expect(r.mismatches).toEqual([]);
    expect(r.thrown).toBe(0);
    expect(r.pollution).toEqual([]);
    expect(r.inputs).toBe(10_014);
    for (const outcome of ['ok', 'bad-json', 'bad-message', 'unknown-type']) expect(r.byOutcome[outcome] ?? 0, outcome).toBeGreaterThan(500);
  });
});

describe('protocol fuzz regressions', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  // Regression: `maxRate` accepts any positive number, and 1000 / 1e-9 ms does
  // not fit a Node timer, which Node then runs every 1 ms (with a
  // TimeoutOverflowWarning): the client asking for the fewest steps got up to
  // 1000 a second, beyond the documented maximum of 60.
  it('a tiny subscribed maxRate does not overflow the step timer (1e-9/s gave steps every millisecond)', async () => {
    const learner = new OnlineLearner({ inputs: 2, bias: true, schedule: { kind: 'constant', lr: 0.1 } });
    const server: RunningServer = await startServer({ learner, port: 0, host: '127.0.0.1' });
    const client = await FuzzClient.open(server.url);
    cleanup.push(() => learner.close(), () => server.close(), () => client.terminate());
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    cleanup.push(() => void process.off('warning', onWarning));
    client.ws.send(JSON.stringify({ type: 'subscribe', id: 's', streams: ['steps'], maxRate: 1e-9 }));
    await client.until(() => client.answers.some((a) => a.type === 'subscribed'), 5_000, 'subscribed');
    const before = client.steps;
    for (let i = 0; i < 30; i++) {
      learner.push([{ x: [i, 1], t: (i % 2) as 0 | 1 }]);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(warnings.filter((w) => w === 'TimeoutOverflowWarning')).toEqual([]);
    // At 1e-9 steps per second, not one more step is due in these 300 ms.
    expect(client.steps - before).toBeLessThanOrEqual(1);
  });

  // Regression: the learner's ring of recent samples keeps a reference to each
  // accepted object as it came in, so every extra key of an untrusted sample
  // (a `samples` message may carry a 1 MB string beside x and t) stayed alive:
  // 500 recent samples × up to 1 MiB each, about 500 MB for one writer.
  it('the learner does not keep the extra keys of pushed samples alive (the recent-samples ring held whole untrusted objects)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const learner = new OnlineLearner({ inputs: 2, bias: true });
    cleanup.push(() => learner.close());
    await new Promise((r) => setTimeout(r, 0));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 40; i++) learner.push([JSON.parse(`{"x":[${i},1],"t":1,"pad":"${'a'.repeat(1_000_000)}"}`)]);
    await new Promise((r) => setTimeout(r, 0));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(learner.recentSamples()).toHaveLength(40);
    // 40 samples of two numbers need a few kB; 40 MB means the pads are kept.
    expect(grown).toBeLessThan(10_000_000);
  });
});

