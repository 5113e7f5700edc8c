import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBrokerAddress } from '../../src/broker/broker-address.js';
import { connectBroker } from '../../src/broker/connect-broker.js';
import { parseJsonlSample } from '../../src/data/jsonl-sample-parser.js';
import { runCli } from '../../src/cli/main.js';
import { parsePublishArgs } from '../../src/cli/publish-options.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from '../broker/nats-server.js';
import type { NatsServerProcess } from '../broker/nats-server.js';

const BIN = fileURLToPath(new URL('../../bin/rxlogit.js', import.meta.url));
const TOKEN = 's3cret-token-42';

function collector(): { write(t: string): boolean; text: string } {
  return { text: '', write(t: string) { this.text += t; return true; } };
}

function io(stdinText?: string) {
  const stdin = new PassThrough();
  if (stdinText !== undefined) stdin.end(stdinText);
  return { stdin, stdout: collector(), stderr: collector() };
}

describe('parsePublishArgs', () => {
  it('needs --to, --subject and --input and checks the subject', () => {
    expect(() => parsePublishArgs(['--subject', 's', '--input', 'a'])).toThrow(/--to is required/);
    expect(() => parsePublishArgs(['--to', 'nats://h', '--subject', 'samples.>', '--input', 'a'])).toThrow(/no \* or >/);
    expect(() => parsePublishArgs(['--to', 'nats://h', '--subject', 's', '--input', 'a', '--samples-per-message', '0'])).toThrow(/positive/);
    const c = parsePublishArgs(['--to', 'nats://h', '--subject', 's.in', '--input', 'a.csv']);
    expect(c).toMatchObject({ samplesPerMessage: 1000, maxInFlight: 64, format: 'csv', skipInvalid: false, patienceMs: 60_000, msgIdPrefix: undefined, sharedStream: false });
  });

  it('reads the patience, the msg id prefix and --shared-stream', () => {
    const base = ['--to', 'nats://h', '--subject', 's.in', '--input', 'a'];
    expect(parsePublishArgs([...base, '--patience-ms', '5000', '--msg-id-prefix', 'run-7', '--shared-stream'])).toMatchObject({ patienceMs: 5000, msgIdPrefix: 'run-7', sharedStream: true });
    expect(() => parsePublishArgs([...base, '--msg-id-prefix', 'a b'])).toThrow(/--msg-id-prefix/);
    expect(() => parsePublishArgs([...base, '--patience-ms', '0'])).toThrow(/positive/);
  });
});

describe.skipIf(!natsAvailable && !natsRequired)(`rxlogit publish against a real nats-server ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let nc: NatsConnection;
  let dir: string;
  let url: string;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer({ token: TOKEN });
    url = `nats://${TOKEN}@127.0.0.1:${nats.port}`;
    nc = await connectBroker(parseBrokerAddress(url, { env: {} }));
    await (await jetstreamManager(nc)).streams.add({ name: 'SAMPLES', subjects: ['samples.>'] });
    dir = await mkdtemp(join(tmpdir(), 'rxlogit-publish-'));
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ x: [i, -i / 7], t: i % 2 }));
    await writeFile(join(dir, 'a.jsonl'), `${lines.join('\n')}\n`);
    await writeFile(join(dir, 'bad.jsonl'), `${lines.slice(0, 1500).join('\n')}\n{"x":[1],"t":7}\n${lines.slice(0, 10).join('\n')}\n`);
    await writeFile(join(dir, 'token'), `${TOKEN}\n`);
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function streamMessages(subject: string): Promise<string[]> {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('SAMPLES');
    const out: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage('SAMPLES', { seq }).catch(() => null);
      if (m?.subject === subject) out.push(m.string());
    }
    return out;
  }

  it('publishes every sample in order, as JSON Lines messages, and prints the acknowledged totals', async () => {
    const x = io();
    const code = await runCli(['publish', '--to', url, '--subject', 'samples.a', '--input', join(dir, 'a.jsonl'), '--samples-per-message', '1000', '--json'], x);
    expect(x.stderr.text).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(x.stdout.text);
    expect(result).toMatchObject({ subject: 'samples.a', stream: 'SAMPLES', messages: 3, samples: 2500, invalid: 0 });
    const messages = await streamMessages('samples.a');
    expect(messages.map((m) => m.trimEnd().split('\n').length)).toEqual([1000, 1000, 500]);
    const samples = messages.flatMap((m) => m.trimEnd().split('\n').map((line) => parseJsonlSample(line, 1)));
    expect(samples[1234]).toEqual({ x: [1234, -1234 / 7], t: 0 });
    expect(x.stdout.text).not.toContain(TOKEN);
  });

  it('reads stdin and the token from a file', async () => {
    const x = io('{"x":[1,2],"t":1}\n{"x":[3,4],"t":0}\n');
    const code = await runCli(['publish', '--to', `nats://127.0.0.1:${nats.port}`, '--token-file', join(dir, 'token'), '--subject', 'samples.stdin', '--input', '-'], x);
    expect(x.stderr.text).toBe('');
    expect(code).toBe(0);
    expect(x.stdout.text).toMatch(/^published 2 samples in 1 messages to samples.stdin \(stream SAMPLES, last sequence \d+\)/);
    expect(await streamMessages('samples.stdin')).toEqual(['{"x":[1,2],"t":1}\n{"x":[3,4],"t":0}\n']);
  });

  it('stops at an invalid line after publishing the samples before it, or skips it with --skip-invalid', async () => {
    const x = io();
    const code = await runCli(['publish', '--to', url, '--subject', 'samples.bad', '--input', join(dir, 'bad.jsonl')], x);
    expect(code).toBe(1);
    expect(x.stderr.text).toMatch(/bad\.jsonl: line 1501: .*the 1500 samples before it were published and acknowledged/);
    expect((await streamMessages('samples.bad')).join('').trimEnd().split('\n')).toHaveLength(1500);
    const y = io();
    expect(await runCli(['publish', '--to', url, '--subject', 'samples.skip', '--input', join(dir, 'bad.jsonl'), '--skip-invalid'], y)).toBe(0);
    expect(y.stdout.text).toMatch(/published 1510 samples/);
    expect(y.stderr.text).toMatch(/skipped 1 invalid line:\n {2}line 1501: /);
  });

  it('a re-run with the same --msg-id-prefix stores nothing twice (the server checks msg ids before the expected sequence)', async () => {
    const args = ['publish', '--to', url, '--subject', 'samples.rerun', '--input', join(dir, 'a.jsonl'), '--msg-id-prefix', 'rerun-1', '--max-in-flight', '2', '--json'];
    const x = io();
    expect(await runCli(args, x)).toBe(0);
    expect(JSON.parse(x.stdout.text)).toMatchObject({ msgIdPrefix: 'rerun-1', messages: 3 });
    const y = io();
    expect(await runCli(args, y)).toBe(0);
    expect(y.stderr.text).toBe('');
    expect(JSON.parse(y.stdout.text)).toMatchObject({ messages: 3, samples: 2500 });
    expect(await streamMessages('samples.rerun')).toHaveLength(3);
  });

  it('says clearly when no stream stores the subject', async () => {
    const x = io();
    const code = await runCli(['publish', '--to', url, '--subject', 'nowhere.in', '--input', join(dir, 'a.jsonl')], x);
    expect(code).toBe(1);
    expect(x.stderr.text).toMatch(/lines 1-1000 was not acknowledged: no JetStream stream stores subject "nowhere.in"/);
    expect(x.stderr.text).toMatch(/0 samples in 0 messages were acknowledged before it/);
  });

  it('as a process: a wrong token is one clear line, exit code 1, and no secret is printed', async () => {
    const wrong = 'wrong-token-99';
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, 'publish', '--to', `nats://${wrong}@127.0.0.1:${nats.port}`, '--subject', 'samples.a', '--input', join(dir, 'a.jsonl')], (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^rxlogit publish: cannot connect to nats:\/\/\*\*\*@127\.0\.0\.1:\d+: .*authorization/i);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr + result.stdout).not.toContain(wrong);
    expect(result.stderr + result.stdout).not.toContain(TOKEN);
  });

  it('as a process: publishes with the token from the environment', async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'publish', '--to', `nats://127.0.0.1:${nats.port}`, '--subject', 'samples.env', '--input', join(dir, 'a.jsonl'), '--samples-per-message', '500'],
        { env: { ...process.env, RXLOGIT_NATS_TOKEN: TOKEN } },
        (error, stdout, stderr) => resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr }),
      );
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/published 2500 samples in 5 messages/);
  });
});
