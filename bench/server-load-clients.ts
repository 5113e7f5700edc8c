/**
 * The WebSocket clients of `bench/server-load.ts`, in a process of their own
 * so that the server's event loop is measured alone. The server process
 * drives them over IPC with {@link Clients}; this file, run with `--clients`,
 * is that process.
 *
 * Groups of clients, by name:
 * - `connect`: subscribers (steps, views) counting the steps they receive;
 *   with `stall`, each first asks for about 7 MB of predictions (it must be
 *   given the write token: readers may ask 1,000 rows a `predict`), then
 *   never reads again.
 * - `readers`: tokenless clients at their maximum predict load: each keeps two
 *   `predict`s of the largest size its `hello.limits` allows in flight, the
 *   next sent as soon as an answer comes, so the server's work budget is all
 *   that holds them back. They count the rows answered and the errors.
 * - `write`: one writer sending batches of 1,000 samples.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { gaussianClasses } from '../src/data/gaussian-classes.js';

/** What the server process asks of the clients' process. */
export type Command =
  | { cmd: 'connect'; group: string; url: string; count: number; streams: string[]; maxRate: number; stall?: boolean; token?: string }
  | { cmd: 'readers'; group: string; url: string; count: number }
  | { cmd: 'count'; group: string }
  | { cmd: 'close'; group: string }
  | { cmd: 'write'; url: string; token: string; ms: number; inflight: number; perSecond?: number }
  | { cmd: 'exit' };

interface Group {
  sockets: WebSocket[];
  steps: Int32Array;
  rows: Float64Array;
  errors: number;
  since: number;
  cpu: NodeJS.CpuUsage;
  /** The limits the server announced to the first client. */
  limits?: Hello['limits'];
}

const STEP_PREFIX = Buffer.from('{"type":"step"');
const PREDICTION_PREFIX = Buffer.from('{"type":"prediction"');
const ERROR_PREFIX = Buffer.from('{"type":"error"');
const startsWith = (data: Buffer, prefix: Buffer): boolean => data.length > prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

interface Hello {
  limits: { maxPredictRows: number; rowsPerSecond: number };
}

function open(url: string, token?: string): Promise<{ ws: WebSocket; hello: Hello }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + 'ws', token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
    ws.once('message', (data: Buffer) => resolve({ ws, hello: JSON.parse(String(data)) as Hello }));
    ws.once('error', reject);
  });
}

const rowsOf = (count: number): string => JSON.stringify(Array.from({ length: count }, (_, r) => [r / 1000, -r / 1000]));

async function connect(c: Extract<Command, { cmd: 'connect' }>): Promise<Group> {
  const steps = new Int32Array(c.count);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < c.count; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, c.count - i) }, () => open(c.url, c.token)));
    for (const { ws } of batch) {
      const k = sockets.push(ws) - 1;
      ws.on('error', () => {});
      ws.on('message', (data: Buffer) => {
        if (startsWith(data, STEP_PREFIX)) steps[k]!++;
      });
      ws.send(JSON.stringify({ type: 'subscribe', streams: c.streams, maxRate: c.maxRate }));
      if (c.stall === true) {
        // Ask for about 7 MB of answers (more than the kernel buffers), then never read again.
        const rows = rowsOf(40_000);
        for (let id = 0; id < 8; id++) ws.send(`{"type":"predict","id":${id},"x":${rows}}`);
        (ws as unknown as { _socket: Socket })._socket.pause();
      }
    }
  }
  return { sockets, steps, rows: new Float64Array(c.count), errors: 0, since: performance.now(), cpu: process.cpuUsage() };
}

async function readers(c: Extract<Command, { cmd: 'readers' }>): Promise<Group> {
  const opened = await Promise.all(Array.from({ length: c.count }, () => open(c.url)));
  const group: Group = { sockets: [], steps: new Int32Array(c.count), rows: new Float64Array(c.count), errors: 0, since: performance.now(), cpu: process.cpuUsage() };
  if (opened[0] !== undefined) group.limits = opened[0].hello.limits;
  opened.forEach(({ ws, hello }, k) => {
    group.sockets.push(ws);
    const size = hello.limits.maxPredictRows;
    const frame = (id: number): string => `{"type":"predict","id":${id},"x":${rowsOf(size)}}`;
    let id = 0;
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      if (startsWith(data, PREDICTION_PREFIX)) {
        group.rows[k]! += size;
        if (ws.readyState === WebSocket.OPEN) ws.send(frame(id++));
      } else if (startsWith(data, ERROR_PREFIX)) group.errors++;
    });
    ws.send(frame(id++));
    ws.send(frame(id++));
  });
  return group;
}

const round2 = (x: number | undefined): number => Math.round((x ?? NaN) * 100) / 100;

/** Rates since the last count (steps/s and, for readers, rows answered/s), then starts counting afresh. */
function count(g: Group): object {
  const seconds = (performance.now() - g.since) / 1000;
  const rates = Array.from(g.steps, (n) => n / seconds).sort((a, b) => a - b);
  const rows = Array.from(g.rows, (n) => n / seconds).sort((a, b) => a - b);
  const openSockets = g.sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
  const cpu = process.cpuUsage(g.cpu);
  const result = {
    open: openSockets,
    minRate: round2(rates[0]),
    p50Rate: round2(rates[Math.floor(rates.length / 2)]),
    maxRate: round2(rates.at(-1)),
    minRowsPerSecond: Math.round(rows[0] ?? 0),
    p50RowsPerSecond: Math.round(rows[Math.floor(rows.length / 2)] ?? 0),
    maxRowsPerSecond: Math.round(rows.at(-1) ?? 0),
    errors: g.errors,
    clientProcessCpuPercent: Math.round((cpu.user + cpu.system) / 10_000 / seconds),
  };
  g.steps.fill(0);
  g.rows.fill(0);
  g.errors = 0;
  g.since = performance.now();
  g.cpu = process.cpuUsage();
  return result;
}

async function clientProcess(): Promise<void> {
  const groups = new Map<string, Group>();
  const reply = (message: unknown): void => void process.send!(message);
  process.on('message', async (c: Command) => {
    if (c.cmd === 'connect' || c.cmd === 'readers') {
      const g = c.cmd === 'connect' ? await connect(c) : await readers(c);
      groups.set(c.group, g);
      reply({ connected: g.sockets.length, ...g.limits });
    } else if (c.cmd === 'count') {
      reply(count(groups.get(c.group)!));
    } else if (c.cmd === 'close') {
      const g = groups.get(c.group)!;
      await Promise.all(g.sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once('close', () => resolve()), ws.terminate())))));
      groups.delete(c.group);
      reply({ closed: true });
    } else if (c.cmd === 'write') {
      reply(await writeBatches((await open(c.url, c.token)).ws, c.ms, c.inflight, c.perSecond));
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

/** The clients' process, seen from the server's: commands in, one answer each, in order. */
export class Clients {
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

if (process.argv.includes('--clients')) void clientProcess();
