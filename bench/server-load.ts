/**
 * Load benchmark of the live server, on loopback only. The server and its
 * learner run in this process; the WebSocket clients run in a child process,
 * so the server's event loop is measured on its own.
 *
 *   npx tsx bench/server-load.ts [--subscribers 1000] [--window-ms 4000] [--rounds 3]
 *                                [--stuck 10] [--stuck-ms 20000] [--batch-ms 3000]
 *                                [--readers 10] [--only subscribers,stuck,samples,readers]   (defaults shown)
 *
 * 1. Subscribers: the learner learns as fast as it can from the seeded
 *    generator; its samples/s are measured with no client, then with
 *    `--subscribers` clients receiving 10 steps/s each, alternately
 *    (`--rounds` of each; medians; subscribers take steps only, no views). Also the event-loop delay (p50, p99) and
 *    memory in each phase, and the steps/s each subscriber received.
 * 2. Stuck clients: `--stuck` clients that never read (they ask for big
 *    answers, 8 predictions of 40,000 rows with the write token since a
 *    reader may ask 1,000 rows a predict, subscribe to steps at 60/s and to
 *    views, then stop reading),
 *    beside 50 clients at 10 steps/s: server memory over `--stuck-ms`, the
 *    conflated frames, the stuck clients closed by the stall limit (10 s),
 *    and the steps/s the others received before and while the others are
 *    stuck (after the first 2 s, which answer the stuck clients' requests).
 * 3. Samples: one connection sends batches of 1,000 samples, the next when
 *    the ack arrives (and with 4 in flight): accepted samples/s, paced under
 *    the default limit of 50 messages/s per client, then with the limit raised
 *    (the server's own capacity).
 *
 * 4. Readers: `--readers` tokenless clients at their maximum predict load
 *    (each keeps two `predict`s of `hello.limits.maxPredictRows` rows in
 *    flight, so only the server's work budget of 10,000 rows/s holds it back)
 *    beside a bystander subscribed to 10 steps/s, with the learner `rxlogit
 *    serve` runs by default (the generator at 200 samples/s), then again with
 *    a learner that learns as fast as it can: the bystander's steps/s
 *    with readers as a ratio to phases without them (target ≥ 0.9), and the
 *    event-loop delay p99 with readers (target < 50 ms); `--rounds` phases of
 *    each, interleaved ABBA, medians.
 *
 * `--only readers` (or any comma-separated list of subscribers, stuck,
 * samples, readers) runs some of them. Prints one JSON object.
 *
 * @module
 */
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from '../src/cli/args.js';
import { startServer } from '../src/server/create-server.js';
import type { RunningServer } from '../src/server/create-server.js';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { gaussianSamples } from '../src/stream/sources/gaussian-samples.js';
import { Clients } from './server-load-clients.js';

const OPTIONS = {
  subscribers: { kind: 'integer', range: 'positive', description: 'clients of scenario 1 (default 1000)' },
  'window-ms': { kind: 'integer', range: 'positive', description: 'length of each measured phase (default 4000)' },
  rounds: { kind: 'integer', range: 'positive', description: 'no-client and with-clients phases each (default 3)' },
  stuck: { kind: 'integer', range: 'positive', description: 'clients that never read in scenario 2 (default 10)' },
  'stuck-ms': { kind: 'integer', range: 'positive', description: 'length of scenario 2 (default 20000)' },
  'batch-ms': { kind: 'integer', range: 'positive', description: 'length of each run of scenario 3 (default 3000)' },
  readers: { kind: 'integer', range: 'positive', description: 'readers at their maximum predict load in scenario 4 (default 10)' },
  only: { kind: 'string', valueName: 'LIST', description: 'the scenarios to run, comma-separated', defaultText: 'subscribers,stuck,samples,readers' },
} as const;

// ─── the server process ──────────────────────────────────────────────────────

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Learns as fast as it can from the seeded generator, serving it. */
async function fastLearner(): Promise<{ learner: OnlineLearner; server: RunningServer }> {
  const learner = new OnlineLearner({ inputs: 2, bias: true, emitEvery: { ms: 50 } });
  learner.learnFrom(gaussianSamples({ seed: 'bench', drift: { period: 200_000 }, maxBlockMs: 5 }), { trusted: true });
  const server = await startServer({ learner, port: 0, host: '127.0.0.1' });
  return { learner, server };
}

/** What `rxlogit serve` runs by default: the generator at 200 samples/s, a step every 50 ms. */
async function serveDefaultLearner(): Promise<{ learner: OnlineLearner; server: RunningServer }> {
  const learner = new OnlineLearner({ inputs: 2, bias: true, emitEvery: { ms: 50 } });
  learner.learnFrom(gaussianSamples({ seed: 'bench', order: 'shuffled', rate: 200 }), { trusted: true });
  const server = await startServer({ learner, port: 0, host: '127.0.0.1' });
  return { learner, server };
}

/** Samples/s, event-loop delay and memory over one window. */
async function measure(learner: OnlineLearner, ms: number): Promise<Record<string, number>> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const n0 = learner.currentStep().n;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await sleep(ms);
  const elapsed = performance.now() - t0;
  const samplesPerSecond = ((learner.currentStep().n - n0) * 1000) / elapsed;
  const cpu = process.cpuUsage(cpu0);
  delay.disable();
  const mem = process.memoryUsage();
  return {
    samplesPerSecond: Math.round(samplesPerSecond),
    // Factors out the time other processes on the machine took from this one.
    samplesPerServerCpuSecond: Math.round(((learner.currentStep().n - n0) * 1e6) / (cpu.user + cpu.system)),
    serverCpuPercent: Math.round((cpu.user + cpu.system) / 10 / elapsed),
    serverSystemCpuPercent: Math.round(cpu.system / 10 / elapsed),
    eventLoopDelayP50ms: Math.round((delay.percentile(50) / 1e6) * 100) / 100,
    eventLoopDelayP99ms: Math.round((delay.percentile(99) / 1e6) * 100) / 100,
    rssMB: mb(mem.rss),
    heapUsedMB: mb(mem.heapUsed),
  };
}

async function subscribersScenario(clients: Clients, count: number, windowMs: number, rounds: number): Promise<object> {
  const { learner, server } = await fastLearner();
  await sleep(3000); // warm up
  const none: Record<string, number>[] = [];
  const loaded: Record<string, number>[] = [];
  const received: Record<string, number>[] = [];
  for (let r = 0; r < rounds; r++) {
    none.push(await measure(learner, windowMs));
    await clients.ask({ cmd: 'connect', group: 'subs', url: server.url, count, streams: ['steps'], maxRate: 10 });
    await sleep(1000);
    await clients.ask({ cmd: 'count', group: 'subs' });
    const m = await measure(learner, windowMs);
    received.push(await clients.ask({ cmd: 'count', group: 'subs' }));
    m['clients'] = server.stats().clients;
    loaded.push(m);
    await clients.ask({ cmd: 'close', group: 'subs' });
    await sleep(500);
  }
  const ratio = median(loaded.map((m) => m['samplesPerSecond']!)) / median(none.map((m) => m['samplesPerSecond']!));
  const cpuRatio = median(loaded.map((m) => m['samplesPerServerCpuSecond']!)) / median(none.map((m) => m['samplesPerServerCpuSecond']!));
  await server.close();
  await learner.close();
  return {
    subscribers: count,
    samplesPerSecondNone: median(none.map((m) => m['samplesPerSecond']!)),
    samplesPerSecondLoaded: median(loaded.map((m) => m['samplesPerSecond']!)),
    ratio: Math.round(ratio * 1000) / 1000,
    target: 0.8,
    ratioPerServerCpuSecond: Math.round(cpuRatio * 1000) / 1000,
    pass: ratio >= 0.8,
    phases: { none, loaded },
    stepsPerSecondPerSubscriber: received,
  };
}

async function stuckScenario(clients: Clients, stuck: number, ms: number): Promise<object> {
  const { learner, server } = await fastLearner();
  await sleep(1000);
  await clients.ask({ cmd: 'connect', group: 'normal', url: server.url, count: 50, streams: ['steps'], maxRate: 10 });
  await sleep(1000);
  await clients.ask({ cmd: 'count', group: 'normal' }); // from now on
  await sleep(3000);
  const before = await clients.ask({ cmd: 'count', group: 'normal' });
  const base = process.memoryUsage();
  // With the write token: a reader may ask 1,000 rows a predict, too little to fill the buffers at once.
  await clients.ask({ cmd: 'connect', group: 'stuck', url: server.url, count: stuck, streams: ['steps', 'view'], maxRate: 60, stall: true, token: server.token });
  let settled = false;
  const memory: { t: number; rssMB: number; heapUsedMB: number; externalMB: number; maxBufferedKB: number; conflated: number; clients: number }[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await sleep(500);
    if (!settled && performance.now() - t0 >= 2000) {
      // Past the answers to their requests: from here on they only hold conflated steps and views.
      await clients.ask({ cmd: 'count', group: 'normal' });
      settled = true;
    }
    const m = process.memoryUsage();
    const s = server.stats();
    memory.push({
      t: Math.round(performance.now() - t0),
      rssMB: mb(m.rss),
      heapUsedMB: mb(m.heapUsed),
      externalMB: mb(m.external + m.arrayBuffers),
      maxBufferedKB: Math.round(s.maxBufferedAmount / 1024),
      conflated: s.conflated,
      clients: s.clients,
    });
  }
  const during = await clients.ask({ cmd: 'count', group: 'normal' });
  const stats = server.stats();
  await clients.ask({ cmd: 'close', group: 'stuck' });
  await clients.ask({ cmd: 'close', group: 'normal' });
  await server.close();
  await learner.close();
  return {
    stuckClients: stuck,
    otherClients: 50,
    memoryBefore: { rssMB: mb(base.rss), heapUsedMB: mb(base.heapUsed) },
    memoryMax: { rssMB: Math.max(...memory.map((m) => m.rssMB)), heapUsedMB: Math.max(...memory.map((m) => m.heapUsedMB)), maxBufferedKB: Math.max(...memory.map((m) => m.maxBufferedKB)) },
    memoryEnd: memory.at(-1),
    conflated: stats.conflated,
    closedByStallLimit: stats.stalled,
    othersStepsPerSecondBefore: before,
    othersStepsPerSecondWhileStuck: during,
    memory,
  };
}

async function samplesScenario(clients: Clients, ms: number): Promise<object> {
  const results: Record<string, unknown> = {};
  for (const [name, limit, inflight, perSecond] of [
    ['defaultLimitPacedAt48BatchesPerSecond', undefined, 1, 48],
    ['limitRaised', 100_000, 1, undefined],
    ['limitRaised4InFlight', 100_000, 4, undefined],
  ] as const) {
    const learner = new OnlineLearner({ inputs: 2, bias: true, emitEvery: { ms: 50 } });
    const server = await startServer({ learner, port: 0, ...(limit === undefined ? {} : { maxMessagesPerSecond: limit }) });
    results[name] = await clients.ask({ cmd: 'write', url: server.url, token: server.token, ms, inflight, ...(perSecond === undefined ? {} : { perSecond }) });
    results[name] = { ...(results[name] as object), learned: learner.currentStep().n };
    await server.close();
    await learner.close();
  }
  return { batchSize: 1000, ...results };
}

/**
 * Readers at their maximum predict load beside a bystander watching steps:
 * phases without readers and with `readers` of them alternate (ABBA…), the
 * bystander's steps/s and the event-loop delay measured in each.
 */
async function readersScenario(clients: Clients, readers: number, windowMs: number, rounds: number, saturated: boolean): Promise<object> {
  const { learner, server } = saturated ? await fastLearner() : await serveDefaultLearner();
  await clients.ask({ cmd: 'connect', group: 'bystander', url: server.url, count: 1, streams: ['steps'], maxRate: 10 });
  await sleep(2000); // warm up
  const none: Record<string, number>[] = [];
  const loaded: Record<string, number>[] = [];
  const answered: Record<string, number>[] = [];
  let limits: Record<string, number> = {};
  for (let r = 0; r < 2 * rounds; r++) {
    const withReaders = r % 4 === 1 || r % 4 === 2;
    if (withReaders) {
      const { maxPredictRows = NaN, rowsPerSecond = NaN } = await clients.ask({ cmd: 'readers', group: 'readers', url: server.url, count: readers });
      limits = { rowsPerSecond, maxPredictRows };
      await sleep(1000); // past their first burst (one second of budget each)
      await clients.ask({ cmd: 'count', group: 'readers' });
    }
    await clients.ask({ cmd: 'count', group: 'bystander' });
    const m = await measure(learner, windowMs);
    m['bystanderStepsPerSecond'] = (await clients.ask({ cmd: 'count', group: 'bystander' }))['p50Rate']!;
    if (withReaders) {
      const a = await clients.ask({ cmd: 'count', group: 'readers' });
      answered.push(a);
      m['readerRowsPerSecondP50'] = a['p50RowsPerSecond']!;
      await clients.ask({ cmd: 'close', group: 'readers' });
      await sleep(500);
      loaded.push(m);
    } else none.push(m);
  }
  await clients.ask({ cmd: 'close', group: 'bystander' });
  await server.close();
  await learner.close();
  const med = (phases: Record<string, number>[], key: string): number => median(phases.map((m) => m[key]!));
  const ratio = med(loaded, 'bystanderStepsPerSecond') / med(none, 'bystanderStepsPerSecond');
  const p99 = med(loaded, 'eventLoopDelayP99ms');
  return {
    learner: saturated ? 'as fast as it can (the event loop always busy in 5 ms blocks)' : 'rxlogit serve default (generator at 200 samples/s)',
    readers,
    readerLimits: limits,
    bystanderStepsPerSecondNone: med(none, 'bystanderStepsPerSecond'),
    bystanderStepsPerSecondWithReaders: med(loaded, 'bystanderStepsPerSecond'),
    ratio: Math.round(ratio * 1000) / 1000,
    ratioTarget: 0.9,
    eventLoopDelayP99msNone: med(none, 'eventLoopDelayP99ms'),
    eventLoopDelayP99msWithReaders: p99,
    eventLoopDelayP99Target: 50,
    learnerSamplesPerSecondRatio: Math.round((med(loaded, 'samplesPerSecond') / med(none, 'samplesPerSecond')) * 1000) / 1000,
    readerRowsPerSecondP50: med(loaded, 'readerRowsPerSecondP50'),
    pass: ratio >= 0.9 && p99 < 50,
    phases: { none, loaded },
    readersAnswered: answered,
  };
}

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2), OPTIONS);
  const only = new Set((options.only ?? 'subscribers,stuck,samples,readers').split(','));
  const clients = new Clients();
  await clients.ready();
  const started = Date.now();
  const windowMs = options['window-ms'] ?? 4000;
  const rounds = options.rounds ?? 3;
  const result = {
    benchmark: 'server-load',
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    subscribers: only.has('subscribers') ? await subscribersScenario(clients, options.subscribers ?? 1000, windowMs, rounds) : undefined,
    stuck: only.has('stuck') ? await stuckScenario(clients, options.stuck ?? 10, options['stuck-ms'] ?? 20_000) : undefined,
    samples: only.has('samples') ? await samplesScenario(clients, options['batch-ms'] ?? 3000) : undefined,
    readers: only.has('readers') ? await readersScenario(clients, options.readers ?? 10, windowMs, rounds, false) : undefined,
    readersSaturatedLearner: only.has('readers') ? await readersScenario(clients, options.readers ?? 10, windowMs, rounds, true) : undefined,
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  clients.exit();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
