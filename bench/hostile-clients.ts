/**
 * The long version of the hostile-client tests, on loopback only:
 *
 *   npx tsx bench/hostile-clients.ts [--flood 10000] [--rounds 3] [--parallel 50] [--compare-rounds 101]
 *
 * 1. Connection flood: `rxlogit serve` (default generator source) runs as a
 *    child process; `--flood` connections are opened and dropped in parallel
 *    batches of `--parallel` (half complete the handshake and are
 *    terminated after the hello, half are reset mid-handshake), beside a
 *    bystander taking the default 10 steps/s, `--rounds` times with 5 s of
 *    rest between. Reports the server's RSS and heap (from its `GET /stats`)
 *    before and 5 s after each round (bounded memory: the rounds after the
 *    first add little), its event-loop delay, the client table, and the
 *    bystander's steps/s before, during and after.
 * 2. Token comparison: `SecretToken.matches` timed in this process for the
 *    right token, a wrong one sharing all but its last character, and one
 *    sharing nothing (medians of `--compare-rounds` rounds of 5,000 calls),
 *    with the ratio long-prefix / no-prefix (1.0 means no leak).
 *
 * Prints one JSON object.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { parseArgs } from '../src/cli/args.js';
import { SecretToken } from '../src/server/auth.js';
import { dropMidHandshake, openAndDrop } from '../test/hostile/hostile-helpers.js';

const OPTIONS = {
  flood: { kind: 'integer', range: 'positive', description: 'connections opened and dropped (default 10000)' },
  parallel: { kind: 'integer', range: 'positive', description: 'connections at once (default 50)' },
  rounds: { kind: 'integer', range: 'positive', description: 'floods one after another (default 3)' },
  'compare-rounds': { kind: 'integer', range: 'positive', description: 'rounds of the token timing (default 101)' },
} as const;
const BIN = fileURLToPath(new URL('../bin/rxlogit.js', import.meta.url));
const MB = 2 ** 20;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function flood(total: number, parallel: number, rounds: number): Promise<Record<string, unknown>> {
  const token = randomBytes(18).toString('base64url');
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', token], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /dashboard at (http:\/\/[^/\s]+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}`)));
  });
  const port = Number(new URL(base).port);
  const ws = `${base.replace(/^http/, 'ws')}ws`;
  const stats = async (): Promise<{ rss: number; heapUsed: number; clients: number; eldP99: number | null }> => {
    const s = (await (await fetch(`${base}stats`, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      memory: { rss: number; heapUsed: number };
      clients: number;
      eventLoopDelay: { p99: number | null };
    };
    return { rss: Math.round((s.memory.rss / MB) * 10) / 10, heapUsed: Math.round((s.memory.heapUsed / MB) * 10) / 10, clients: s.clients, eldP99: s.eventLoopDelay.p99 };
  };
  const times: number[] = [];
  const bystander = new WebSocket(ws);
  bystander.on('message', (d: Buffer) => {
    if (d.subarray(0, 14).toString() === '{"type":"step"') times.push(performance.now());
  });
  await new Promise((r) => bystander.once('open', r));
  await sleep(3000);
  const rate = (from: number, to: number): number => Math.round((times.filter((t) => t >= from && t < to).length / ((to - from) / 1000)) * 10) / 10;
  const before = await stats();
  const perRound: unknown[] = [];
  for (let round = 1; round <= rounds; round++) {
    const start = performance.now();
    for (let i = 0; i < total; i += parallel) {
      await Promise.all(Array.from({ length: Math.min(parallel, total - i) }, (_, j) => ((i + j) % 2 === 0 ? openAndDrop(ws) : dropMidHandshake(port))));
    }
    const end = performance.now();
    await sleep(5000);
    perRound.push({
      round,
      seconds: Math.round(end - start) / 1000,
      fiveSecondsAfter: await stats(),
      bystanderStepsPerSecond: { before: rate(start - 3000, start), during: rate(start, end), after: rate(end, end + 5000) },
    });
  }
  const result = { connectionsPerRound: total, parallel, serverBefore: before, rounds: perRound, bystanderOpen: bystander.readyState === WebSocket.OPEN };
  bystander.terminate();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return result;
}

function tokenTiming(rounds: number): Record<string, unknown> {
  const secret = randomBytes(24).toString('base64url');
  const token = new SecretToken(secret);
  const candidates = {
    right: secret,
    longPrefix: `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`,
    noPrefix: secret.replace(/./g, (c) => (c === 'Z' ? 'Y' : 'Z')),
  };
  const perRound = 5000;
  const samples: Record<string, number[]> = { right: [], longPrefix: [], noPrefix: [] };
  for (let r = 0; r < rounds; r++) {
    // Interleaved, so that drifts of the machine hit the three alike.
    for (const [name, candidate] of Object.entries(candidates)) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < perRound; i++) token.matches(candidate);
      samples[name]!.push(Number(process.hrtime.bigint() - t0) / perRound);
    }
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(median(v))]));
  return { nsPerCallMedian: m, longPrefixOverNoPrefix: Math.round((m['longPrefix']! / m['noPrefix']!) * 1000) / 1000, rounds, perRound };
}

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const floodResult = await flood(options.flood ?? 10_000, options.parallel ?? 50, options.rounds ?? 3);
const timing = tokenTiming(options['compare-rounds'] ?? 101);
process.stdout.write(`${JSON.stringify({ flood: floodResult, tokenCompare: timing }, null, 1)}\n`);
