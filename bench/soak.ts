/**
 * Soak test of the live server in its default configuration (what `npm start`
 * runs: `rxlogit serve` with the seeded generator at 200 samples/s), on
 * loopback only:
 *
 *   npx tsx bench/soak.ts [--minutes 10] [--subscribers 100] [--every-s 10]
 *
 * The server runs as a child process (`node bin/rxlogit.js serve --port 0
 * --token T`); the subscribers run in a second child process, each a plain
 * read-only WebSocket client taking the default stream (steps at 10/s, views).
 * Every `--every-s` seconds the server's `GET /stats` (with the write token)
 * gives its RSS, heap and the event-loop delay of the last 10-s window, and
 * the subscriber process tells how many steps each client received in the
 * window. Prints one JSON object: every sample, then the start (first
 * window), end (last window) and max figures, and whether they stayed flat.
 * The heap is read without forcing a collection, so single readings follow
 * the collector's sawtooth; the judge is the heap floor (the least reading
 * of each minute): flat when the last third's floor is within 25% of the
 * first third's, RSS likewise for its maximum, and the event-loop delay
 * when the last window's p99 is within 2× the first's (+5 ms).
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { WebSocket } from 'ws';
import { parseArgs } from '../src/cli/args.js';

const OPTIONS = {
  minutes: { kind: 'number', range: 'positive', description: 'length of the soak (default 10)' },
  subscribers: { kind: 'integer', range: 'positive', description: 'read-only clients (default 100)' },
  'every-s': { kind: 'number', range: 'positive', description: 'seconds between samples (default 10; the server’s delay window is 10 s)' },
  role: { kind: 'string', description: '(internal) "subscribers" for the client process' },
  url: { kind: 'string', description: '(internal) the server’s ws URL' },
} as const;

const BIN = fileURLToPath(new URL('../bin/rxlogit.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const STEP_PREFIX = Buffer.from('{"type":"step"');

// ─── the subscriber process ─────────────────────────────────────────────────

async function subscriberProcess(url: string, count: number): Promise<void> {
  const steps = new Int32Array(count);
  const closed = new Uint8Array(count);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 20) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(20, count - i) }, (_, j) => {
        const k = i + j;
        return new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.on('message', (data: Buffer) => {
            if (data.subarray(0, STEP_PREFIX.length).equals(STEP_PREFIX)) steps[k]!++;
          });
          ws.on('close', () => (closed[k] = 1));
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        });
      }),
    );
    sockets.push(...batch);
  }
  process.send!({ ready: sockets.length });
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'read') {
      process.send!({ steps: Array.from(steps), closed: closed.reduce((a, b) => a + b, 0) });
      steps.fill(0);
    } else if (m.cmd === 'exit') {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
  });
}

// ─── the conductor ──────────────────────────────────────────────────────────

interface Sample {
  t: number;
  rss: number;
  vmRss: number;
  heapUsed: number;
  eldP50: number | null;
  eldP99: number | null;
  eldMax: number | null;
  clients: number;
  n: number;
  stepsPerClientPerS: { min: number; median: number };
  subscribersClosed: number;
  load1: number;
}

function startServer(token: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', token], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[server] ${String(d)}`));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /dashboard at (http:\/\/[^/\s]+\/)/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening: ${out}`)));
  });
}

async function readStats(base: string, token: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}stats`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /stats answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

function vmRss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function conductor(minutes: number, subscribers: number, everyS: number): Promise<void> {
  const token = randomBytes(18).toString('base64url');
  const { child: server, base } = await startServer(token);
  const pid = server.pid!;
  const clients = spawn(process.execPath, ['--import', 'tsx', SELF, '--role', 'subscribers', '--url', `${base.replace(/^http/, 'ws')}ws`, '--subscribers', String(subscribers)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(message: unknown): Promise<T> => new Promise((resolve) => {
    clients.once('message', (m) => resolve(m as T));
    if (message !== undefined) clients.send(message as never);
  });
  await ask<{ ready: number }>(undefined);
  process.stderr.write(`soak: ${subscribers} subscribers on ${base}, server pid ${pid}, ${minutes} min\n`);
  await ask<unknown>({ cmd: 'read' }); // start the first window now
  const samples: Sample[] = [];
  const start = performance.now();
  let last = start;
  const end = start + minutes * 60_000;
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, Math.max(0, last + everyS * 1000 - performance.now())));
    const now = performance.now();
    const windowS = (now - last) / 1000;
    last = now;
    const [stats, counts] = await Promise.all([readStats(base, token), ask<{ steps: number[]; closed: number }>({ cmd: 'read' })]);
    const memory = stats['memory'] as { rss: number; heapUsed: number };
    const eld = stats['eventLoopDelay'] as { p50: number | null; p99: number | null; max: number | null };
    const rates = counts.steps.map((s) => s / windowS);
    const sample: Sample = {
      t: Math.round((now - start) / 100) / 10,
      rss: memory.rss,
      vmRss: vmRss(pid),
      heapUsed: memory.heapUsed,
      eldP50: eld.p50,
      eldP99: eld.p99,
      eldMax: eld.max,
      clients: stats['clients'] as number,
      n: stats['n'] as number,
      stepsPerClientPerS: { min: Math.round(Math.min(...rates) * 100) / 100, median: Math.round(median(rates) * 100) / 100 },
      subscribersClosed: counts.closed,
      load1: Math.round(loadavg()[0]! * 100) / 100,
    };
    samples.push(sample);
    process.stderr.write(`soak: ${JSON.stringify(sample)}\n`);
  }
  clients.send({ cmd: 'exit' });
  server.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));

  const MB = 1024 * 1024;
  const withEld = samples.filter((s) => s.eldP99 !== null);
  const first = samples[0]!, lastSample = samples[samples.length - 1]!;
  const half = samples.slice(Math.floor(samples.length / 2));
  const heapSlope = slope(half.map((s) => s.t / 60), half.map((s) => s.heapUsed / MB));
  const perMinute = Math.max(1, Math.round(60 / everyS));
  const floors: number[] = [];
  for (let i = 0; i < samples.length; i += perMinute) floors.push(Math.min(...samples.slice(i, i + perMinute).map((s) => s.heapUsed)) / MB);
  const third = Math.max(1, Math.floor(samples.length / 3));
  const firstThird = samples.slice(0, third), lastThird = samples.slice(-third);
  const floorOf = (xs: readonly Sample[]): number => Math.min(...xs.map((s) => s.heapUsed)) / MB;
  const rssMaxOf = (xs: readonly Sample[]): number => Math.max(...xs.map((s) => s.rss)) / MB;
  const rssSlope = slope(half.map((s) => s.t / 60), half.map((s) => s.rss / MB));
  const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
  const summary = {
    minutes,
    subscribers,
    samples: samples.length,
    memoryMB: {
      rss: { start: round(first.rss / MB), end: round(lastSample.rss / MB), max: round(Math.max(...samples.map((s) => s.rss)) / MB) },
      heapUsed: { start: round(first.heapUsed / MB), end: round(lastSample.heapUsed / MB), max: round(Math.max(...samples.map((s) => s.heapUsed)) / MB) },
      heapFloorPerMinute: floors.map((f) => round(f, 1)),
      heapFloor: { firstThird: round(floorOf(firstThird)), lastThird: round(floorOf(lastThird)) },
      rssMax: { firstThird: round(rssMaxOf(firstThird)), lastThird: round(rssMaxOf(lastThird)) },
      secondHalfSlopeMBPerMin: { heapUsed: round(heapSlope, 3), rss: round(rssSlope, 3) },
    },
    eventLoopDelayMs: {
      start: { p50: withEld[0]?.eldP50 ?? null, p99: withEld[0]?.eldP99 ?? null },
      end: { p50: withEld.at(-1)?.eldP50 ?? null, p99: withEld.at(-1)?.eldP99 ?? null },
      maxP99: Math.max(...withEld.map((s) => s.eldP99!)),
      medianP99: median(withEld.map((s) => s.eldP99!)),
    },
    stepsPerClientPerS: { startMedian: first.stepsPerClientPerS.median, endMedian: lastSample.stepsPerClientPerS.median, minOverRun: Math.min(...samples.map((s) => s.stepsPerClientPerS.min)) },
    subscribersClosed: lastSample.subscribersClosed,
    samplesLearned: { start: first.n, end: lastSample.n },
    flat: {
      heap: floorOf(lastThird) <= 1.25 * floorOf(firstThird),
      rss: rssMaxOf(lastThird) <= 1.25 * rssMaxOf(firstThird),
      eventLoopDelay: withEld.length > 0 && withEld.at(-1)!.eldP99! <= 2 * withEld[0]!.eldP99! + 5,
    },
    serverExitCode: exitCode,
  };
  process.stdout.write(`${JSON.stringify({ summary, samples }, null, 1)}\n`);
}

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
if (options.role === 'subscribers') {
  await subscriberProcess(options.url!, options.subscribers ?? 100);
} else {
  await conductor(options.minutes ?? 10, options.subscribers ?? 100, options['every-s'] ?? 10);
}
