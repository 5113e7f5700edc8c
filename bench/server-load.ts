/**
 * Load benchmark of the live server, on loopback only. The server and its
 * learner run in this process; the WebSocket clients run in a child process,
 * so the server's event loop is measured on its own.
 *
 *   npx tsx bench/server-load.ts [--subscribers 1000] [--window-ms 4000] [--rounds 3]
 *                                [--stuck 10] [--stuck-ms 20000] [--batch-ms 3000]   (defaults shown; rounds 3)
 *
 * 1. Subscribers: the learner learns as fast as it can from the seeded
 *    generator; its samples/s are measured with no client, then with
 *    `--subscribers` clients receiving 10 steps/s each, alternately
 *    (`--rounds` of each; medians; subscribers take steps only, no views). Also the event-loop delay (p50, p99) and
 *    memory in each phase, and the steps/s each subscriber received.
 * 2. Stuck clients: `--stuck` clients that never read (they ask for big
 *    answers, subscribe to steps at 60/s and to views, then stop reading),
 *    beside 50 clients at 10 steps/s: server memory over `--stuck-ms`, the
 *    conflated frames, the stuck clients closed by the stall limit (10 s),
 *    and the steps/s the others received before and while the others are
 *    stuck (after the first 2 s, which answer the stuck clients' requests).
 * 3. Samples: one connection sends batches of 1,000 samples, the next when
 *    the ack arrives (and with 4 in flight): accepted samples/s, paced under
 *    the default limit of 50 messages/s per client, then with the limit raised
 *    (the server's own capacity).
 *
 * Prints one JSON object.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { parseArgs } from '../src/cli/args.js';
import { gaussianClasses } from '../src/data/gaussian-classes.js';
import { startServer } from '../src/server/create-server.js';
import type { RunningServer } from '../src/server/create-server.js';
import { OnlineLearner } from '../src/stream/online-learner.js';
import { gaussianSamples } from '../src/stream/sources/gaussian-samples.js';

const OPTIONS = {
  subscribers: { kind: 'integer', range: 'positive', description: 'clients of scenario 1 (default 1000)' },
  'window-ms': { kind: 'integer', range: 'positive', description: 'length of each measured phase (default 4000)' },
  rounds: { kind: 'integer', range: 'positive', description: 'no-client and with-clients phases each (default 3)' },
  stuck: { kind: 'integer', range: 'positive', description: 'clients that never read in scenario 2 (default 10)' },
  'stuck-ms': { kind: 'integer', range: 'positive', description: 'length of scenario 2 (default 20000)' },
  'batch-ms': { kind: 'integer', range: 'positive', description: 'length of each run of scenario 3 (default 3000)' },
} as const;

// ─── the client process ──────────────────────────────────────────────────────

type Command =
  | { cmd: 'connect'; group: string; url: string; count: number; streams: string[]; maxRate: number; stall?: boolean; token?: string }
  | { cmd: 'count'; group: string }
  | { cmd: 'close'; group: string }
  | { cmd: 'write'; url: string; token: string; ms: number; inflight: number; perSecond?: number }
  | { cmd: 'exit' };

const STEP_PREFIX = Buffer.from('{"type":"step"');

async function clientProcess(): Promise<void> {
  const groups = new Map<string, { sockets: WebSocket[]; steps: Int32Array; since: number; cpu: NodeJS.CpuUsage }>();
  const reply = (message: unknown): void => void process.send!(message);
  const open = (url: string, token?: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url.replace(/^http/, 'ws') + 'ws', token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  process.on('message', async (c: Command) => {
    if (c.cmd === 'connect') {
      const steps = new Int32Array(c.count);
      const sockets: WebSocket[] = [];
      for (let i = 0; i < c.count; i += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, c.count - i) }, () => open(c.url, c.token)));
        for (const ws of batch) {
          const k = sockets.push(ws) - 1;
          ws.on('error', () => {});
          ws.on('message', (data: Buffer) => {
            if (data.length > STEP_PREFIX.length && data.compare(STEP_PREFIX, 0, STEP_PREFIX.length, 0, STEP_PREFIX.length) === 0) steps[k]!++;
          });
          ws.send(JSON.stringify({ type: 'subscribe', streams: c.streams, maxRate: c.maxRate }));
          if (c.stall === true) {
            // Ask for about 7 MB of answers (more than the kernel buffers), then never read again.
            const rows = JSON.stringify(Array.from({ length: 40_000 }, (_, r) => [r / 1000, -r / 1000]));
            for (let id = 0; id < 8; id++) ws.send(`{"type":"predict","id":${id},"x":${rows}}`);
            (ws as unknown as { _socket: Socket })._socket.pause();
          }
        }
      }
      groups.set(c.group, { sockets, steps, since: performance.now(), cpu: process.cpuUsage() });
      reply({ connected: sockets.length });
    } else if (c.cmd === 'count') {
      const g = groups.get(c.group)!;
      const seconds = (performance.now() - g.since) / 1000;
      const rates = Array.from(g.steps, (n) => n / seconds).sort((a, b) => a - b);
      const open = g.sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
      const cpu = process.cpuUsage(g.cpu);
      const clientProcessCpuPercent = Math.round((cpu.user + cpu.system) / 10_000 / seconds);
      g.steps.fill(0);
      g.since = performance.now();
      g.cpu = process.cpuUsage();
      const round2 = (x: number | undefined): number => Math.round((x ?? NaN) * 100) / 100;
      reply({ open, minRate: round2(rates[0]), p50Rate: round2(rates[Math.floor(rates.length / 2)]), maxRate: round2(rates.at(-1)), clientProcessCpuPercent });
    } else if (c.cmd === 'close') {
      const g = groups.get(c.group)!;
      await Promise.all(g.sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.terminate())))));
      groups.delete(c.group);
      reply({ closed: true });
    } else if (c.cmd === 'write') {
      reply(await writeBatches(await open(c.url, c.token), c.ms, c.inflight, c.perSecond));
    } else {
      process.exit(0);
    }
  });
  reply({ ready: true });
}

/** Sends batches of 1,000 samples, `inflight` at a time (at most `perSecond` a second), for `ms`; counts the accepted samples acked. */
async function writeBatches(ws: WebSocket, ms: number, inflight: number, perSecond = Infinity): Promise<object> {
  const frames = Array.from({ length: 16 }, (_, b) =>
    gaussianClasses({ seed: `writer-${b}`, count: 1000, order: 'shuffled' }).map((s) => JSON.stringify(s)).join(','),
  );
  let accepted = 0;
  let acks = 0;
  let next = 0;
  let closeCode: number | undefined;
  const start = performance.now();
  let waiting = 0;
  let done = false;
  return new Promise((resolve) => {
    const finish = (): void => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - start) / 1000;
      ws.terminate();
      resolve({ acceptedPerSecond: Math.round(accepted / seconds), batchesPerSecond: Math.round((acks / seconds) * 10) / 10, closeCode });
    };
    const send = (): void => {
      if (done) return;
      const now = performance.now();
      if (now - start >= ms) {
        if (waiting === 0) finish();
        return;
      }
      const due = start + (next * 1000) / perSecond;
      if (due > now) {
        setTimeout(send, due - now);
        return;
      }
      waiting++;
      ws.send(`{"type":"samples","id":${next},"samples":[${frames[next++ % frames.length]}]}`);
    };
    ws.on('message', (data: Buffer) => {
      if (data.compare(Buffer.from('{"type":"ack"'), 0, 13, 0, 13) !== 0) return;
      const ack = JSON.parse(String(data)) as { accepted: number };
      accepted += ack.accepted;
      acks++;
      waiting--;
      send();
    });
    ws.on('close', (code) => {
      closeCode = code;
      finish();
    });
    for (let i = 0; i < inflight; i++) send();
  });
}

// ─── the server process ──────────────────────────────────────────────────────

class Clients {
  readonly #child: ChildProcess;
  #queue: ((message: unknown) => void)[] = [];
  constructor() {
    this.#child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--clients'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (m) => this.#queue.shift()?.(m));
  }
  ready(): Promise<unknown> {
    return new Promise((resolve) => this.#queue.push(resolve));
  }
  ask<T = Record<string, number>>(command: Command): Promise<T> {
    return new Promise((resolve) => {
      this.#queue.push(resolve as (m: unknown) => void);
      this.#child.send(command);
    });
  }
  exit(): void {
    this.#child.send({ cmd: 'exit' });
  }
}

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
  await clients.ask({ cmd: 'connect', group: 'stuck', url: server.url, count: stuck, streams: ['steps', 'view'], maxRate: 60, stall: true });
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

async function main(): Promise<void> {
  const { options } = parseArgs(process.argv.slice(2), OPTIONS);
  const clients = new Clients();
  await clients.ready();
  const started = Date.now();
  const result = {
    benchmark: 'server-load',
    node: process.version,
    cpus: cpus().length,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    subscribers: await subscribersScenario(clients, options.subscribers ?? 1000, options['window-ms'] ?? 4000, options.rounds ?? 3),
    stuck: await stuckScenario(clients, options.stuck ?? 10, options['stuck-ms'] ?? 20_000),
    samples: await samplesScenario(clients, options['batch-ms'] ?? 3000),
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  clients.exit();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv.includes('--clients')) void clientProcess();
else await main();
