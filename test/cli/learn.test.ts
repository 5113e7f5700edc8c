import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { KvModelStore } from '../../src/broker/kv-model-store.js';
import { runLearn } from '../../src/cli/learn.js';
import { parseLearnArgs } from '../../src/cli/learn-options.js';
import { runCli } from '../../src/cli/main.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from '../broker/nats-server.js';
import type { NatsServerProcess } from '../broker/nats-server.js';
import { publishMessages, referenceModel, sampleMessages } from '../broker/sample-stream.js';

const TOKEN = 'learn-s3cret-77';

function collector(): { write(t: string): boolean; text: string } {
  return { text: '', write(t: string) { this.text += t; return true; } };
}
const io = () => ({ stdin: new PassThrough(), stdout: collector(), stderr: collector() });

describe('parseLearnArgs', () => {
  it('needs --from, --consumer and --model, and checks the rest', () => {
    expect(() => parseLearnArgs(['--consumer', 'c', '--model', 'm'])).toThrow(/--from is required/);
    expect(() => parseLearnArgs(['--from', 'nats://h', '--model', 'm'])).toThrow(/--consumer is required/);
    expect(() => parseLearnArgs(['--from', 'nats://h', '--consumer', 'c', '--model', 'm', '--batch-size', '8'])).toThrow(/only applies with --mode minibatch/);
    expect(() => parseLearnArgs(['--from', 'nats://h', '--consumer', 'c.d', '--model', 'm'])).toThrow(/--consumer: use letters/);
    expect(parseLearnArgs(['--from', 'nats://h', '--consumer', 'c', '--model', 'm'])).toMatchObject({ stream: 'SAMPLES', subject: 'samples.>', leaseMs: 5000, create: false });
  });

  it('refuses a bad model name as usage (exit 2)', async () => {
    const o = io();
    expect(await runCli(['learn', '--from', 'nats://127.0.0.1:1', '--consumer', 'c', '--model', 'a.b'], o)).toBe(2);
    expect(o.stderr.text).toMatch(/--model: bad model name "a\.b"/);
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`rxlogit learn against a token-requiring nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let dir: string;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer({ token: TOKEN });
    dir = await mkdtemp(join(tmpdir(), 'rxlogit-learn-'));
  });
  afterAll(async () => {
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('names what is missing without --create, and never prints the token', async () => {
    const o = io();
    const code = await runCli(['learn', '--from', `nats://${TOKEN}@127.0.0.1:${nats.port}`, '--stream', 'NOPE', '--consumer', 'c', '--model', 'm'], o);
    expect(code).toBe(1);
    expect(o.stderr.text).toMatch(/the stream "NOPE" does not exist \(create it with --create/);
    expect(o.stderr.text + o.stdout.text).not.toContain(TOKEN);
  });

  it('with --create and a token file: creates stream, consumer and bucket, learns, stops cleanly on a signal', async () => {
    const tokenFile = join(dir, 'token');
    await writeFile(tokenFile, `${TOKEN}\n`);
    const url = `nats://127.0.0.1:${nats.port}`;
    const o = io();
    const stop = new AbortController();
    const settings = { inputs: 2, schedule: { kind: 'constant' as const, lr: 0.05 } };
    const messages = sampleMessages('cli', 5, 20);
    const run = runLearn(['--from', url, '--token-file', tokenFile, '--stream', 'CLI', '--subject', 'cli.>', '--consumer', 'c', '--model', 'cli', '--create', '--json', '--checkpoint-every-ms', '100'], o, stop.signal, {});
    const nc = await connectBroker(parseBrokerAddress(url, { env: {}, tokenFile }));
    const statuses: { holder: string | null; sequence: number | null }[] = [];
    let steps = 0;
    const sampleMessagesSeen: { x: number[]; t: number }[][] = [];
    nc.subscribe('rxlogit.cli.samples', { callback: (_e, m) => void sampleMessagesSeen.push(m.json()) });
    nc.subscribe('rxlogit.cli.status', { callback: (_e, m) => void statuses.push(m.json()) });
    nc.subscribe('rxlogit.cli.steps', { callback: () => void steps++ });
    try {
      for (let i = 0; i < 200 && !o.stdout.text.includes('"event":"leader"'); i++) await new Promise((r) => setTimeout(r, 100));
      await publishMessages(nc, 'cli.in', messages);
      const store = await KvModelStore.open(nc);
      for (let i = 0; i < 300 && (await store.load('cli'))?.snapshot.seen !== 100; i++) await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 100 && !statuses.some((st) => st.sequence === 5); i++) await new Promise((r) => setTimeout(r, 100));
      const lastLine = JSON.parse(messages.at(-1)!.split('\n').at(-1)!) as { x: number[] };
      for (let i = 0; i < 100 && sampleMessagesSeen.at(-1)?.at(-1)?.x[0] !== lastLine.x[0]; i++) await new Promise((r) => setTimeout(r, 100));
      stop.abort();
      expect(await run).toBe(0);
      // The leader published its status (for gateways: rxlogit serve --follow) and its steps.
      expect(statuses.at(-1)).toMatchObject({ holder: expect.stringMatching(/:\d+$/), sequence: 5 });
      expect(steps).toBeGreaterThan(0);
      // … and the samples it learned (the newest, at most 100 a message), for the dashboards' boundary chart.
      expect(sampleMessagesSeen.length).toBeGreaterThan(0);
      const published = sampleMessagesSeen.flat();
      expect(sampleMessagesSeen.every((m) => m.length >= 1 && m.length <= 100)).toBe(true);
      const learned = messages.flatMap((m) => m.split('\n').map((l) => JSON.parse(l) as { x: number[]; t: number }));
      expect(published.at(-1)).toEqual(learned.at(-1));
      for (const sample of published) expect(learned).toContainEqual(sample);
      const stored = (await store.load('cli'))!.snapshot;
      expect(stored.weights).toEqual(referenceModel(messages, settings).weights);
      expect(stored.source).toEqual({ stream: 'CLI', sequence: 5 });
      expect(o.stdout.text).toMatch(/"event":"checkpoint"/);
      expect(o.stderr.text).toMatch(/leader \(.*\) for model cli on nats:\/\/127\.0\.0\.1:\d+, stream CLI, consumer c/);
      expect(o.stderr.text + o.stdout.text).not.toContain(TOKEN);
    } finally {
      stop.abort();
      await run.catch(() => undefined);
      await nc.drain();
    }
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`rxlogit learn when the broker stops answering ${natsSkipReason}`, () => {
  it('a standby gives up after --patience-ms with exit 1 and one line saying why (never exit 0)', { timeout: 60_000 }, async () => {
    assertNatsAvailable();
    const own = await startNatsServer();
    const nc = await connectBroker(parseBrokerAddress(own.url, { env: {} }));
    try {
      const store = await KvModelStore.open(nc, { create: true });
      await store.kv.put('quiet.lease', JSON.stringify({ holder: 'someone-else', expires: Date.now() + 600_000 }));
      const o = io();
      const args = ['--from', own.url, '--stream', 'QUIET', '--subject', 'quiet.>', '--consumer', 'c', '--model', 'quiet', '--create', '--lease-ms', '400', '--patience-ms', '1500'];
      const run = runLearn(args, o, new AbortController().signal, {});
      for (let i = 0; i < 100 && !o.stderr.text.includes('standby'); i++) await new Promise((r) => setTimeout(r, 100));
      await nc.close();
      await own.kill();
      expect(await run).toBe(1);
      const lines = o.stderr.text.trimEnd().split('\n');
      expect(lines.at(-1)).toMatch(/^rxlogit learn: waiting for the lease of quiet\.lease: the broker did not answer for \d+ s \(last error: .+\)$/);
      expect(o.stderr.text).not.toMatch(/^\s+at /m);
    } finally {
      await nc.close().catch(() => undefined);
      await own.stop();
    }
  });
});
