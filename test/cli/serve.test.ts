import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/args.js';
import { runServe, serveCommand } from '../../src/cli/serve.js';
import type { ServeSession } from '../../src/cli/serve.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { connect, isType } from '../server/helpers.js';

function collector(): { text: string; write(t: string): boolean } {
  return {
    text: '',
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}
function io(stdin: Readable = Readable.from([])) {
  return { stdin, stdout: collector(), stderr: collector(), env: {} as Record<string, string> };
}

const sessions: ServeSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

describe('parseServeArgs', () => {
  it('has the embedded default: the drifting generator at 200/s feeding a learner with a bias, on 127.0.0.1:8080', () => {
    expect(parseServeArgs([])).toMatchObject({
      port: 8080, host: '127.0.0.1', source: 'generator', rate: 200, seed: 'rxlogit', driftPeriod: 20_000, inputs: 2,
      mode: 'sample', lr: 0.05, bias: true, emitEveryMs: 50, stepsRate: 10, maxPayload: 1048576, maxMessagesPerSecond: 50,
      bufferLimit: 262144, stallTimeoutMs: 10_000, heartbeatMs: 15_000, token: undefined, readToken: undefined, origins: [],
    });
  });

  it('reads every option', () => {
    const c = parseServeArgs([
      '--source', 'jsonl', '--input', 'a.jsonl', '--rate', '50', '--inputs', '3', '--mode', 'minibatch', '--batch-size', '8',
      '--lr', '0.2', '--no-bias', '--checkpoint', 'm.json', '--checkpoint-every-ms', '1000', '--checkpoint-every-samples', '250', '--emit-every-ms', '0',
      '--steps-rate', '4', '--port', '0', '--host', '0.0.0.0', '--token', 'tok-12345', '--read-token', 'read-12345',
      '--origin', 'http://a.test', '--origin=http://b.test,http://c.test', '--max-payload', '2048',
      '--max-messages-per-second', '5', '--buffer-limit', '1000', '--stall-timeout-ms', '500', '--heartbeat-ms', '100',
    ]);
    expect(c).toMatchObject({
      source: 'jsonl', input: 'a.jsonl', rate: 50, inputs: 3, mode: 'minibatch', batchSize: 8, lr: 0.2, bias: false,
      checkpoint: 'm.json', checkpointEveryMs: 1000, checkpointEverySamples: 250, emitEveryMs: 0, stepsRate: 4, port: 0, host: '0.0.0.0',
      token: 'tok-12345', readToken: 'read-12345', origins: ['http://a.test', 'http://b.test', 'http://c.test'],
      maxPayload: 2048, maxMessagesPerSecond: 5, bufferLimit: 1000, stallTimeoutMs: 500, heartbeatMs: 100,
    });
    expect(parseServeArgs(['--input', 'x.jsonl']).source).toBe('jsonl');
    expect(parseServeArgs(['--source', 'stdin']).rate).toBeUndefined();
  });

  it('takes PORT and the tokens from the environment, options first', () => {
    const env = { PORT: '9001', RXLOGIT_TOKEN: 'env-token-1', RXLOGIT_READ_TOKEN: 'env-read-1' };
    expect(parseServeArgs([], env)).toMatchObject({ port: 9001, token: 'env-token-1', readToken: 'env-read-1' });
    expect(parseServeArgs(['--port', '9002', '--token', 'flag-token-1'], env)).toMatchObject({ port: 9002, token: 'flag-token-1' });
  });

  it('says what is wrong with a bad command line', () => {
    const cases: [string[], RegExp, Record<string, string>?][] = [
      [['--port', 'http'], /--port: expected a non-negative integer.*, got "http"/],
      [['--port', '70000'], /--port: expected a non-negative integer at most 65,535/],
      [[], /\$PORT must be an integer/, { PORT: 'abc' }],
      [['--source', 'kafka'], /--source: expected one of generator, jsonl, stdin, none/],
      [['--source', 'jsonl'], /--source jsonl needs --input FILE/],
      [['--source', 'none', '--input', 'a.jsonl'], /--input only applies with --source jsonl/],
      [['--source', 'none', '--rate', '5'], /--rate does not apply/],
      [['--inputs', '3'], /--inputs must be 2 with --source generator/],
      [['--batch-size', '8'], /--batch-size only applies with --mode minibatch/],
      [['--bias', '--no-bias'], /contradict/],
      [['--lr', '-1'], /--lr: expected a positive number/],
      [['--token', 'short'], /at least 8 characters/],
      [['--token', 'same-token', '--read-token', 'same-token'], /must differ/],
      [['--steps-rate', '100'], /at most 60/],
      [['--origin'], /--origin: missing value/],
      [['--origin', 'http://a.test,,'], /--origin: empty value/],
      [['--prot', '1'], /unknown option --prot \(did you mean --port\?\)/],
      [['serve'], /unexpected argument "serve"/],
      [['--checkpoint-every-ms', '5'], /needs --checkpoint/],
      [['--checkpoint-every-samples', '5'], /--checkpoint-every-samples needs --checkpoint/],
      [['--seed', 'x', '--source', 'none'], /--seed only applies with --source generator/],
    ];
    for (const [argv, message, env] of cases) {
      expect(() => parseServeArgs(argv, env), argv.join(' ')).toThrow(UsageError);
      expect(() => parseServeArgs(argv, env), argv.join(' ')).toThrow(message);
    }
  });
});

describe('runServe', () => {
  it('prints the dashboard address with the token, once, and serves the generator’s stream', async () => {
    const streams = io();
    const session = (await runServe(['--port', '0', '--rate', '500'], streams))!;
    sessions.push(session);
    const { server } = session;
    expect(streams.stdout.text).toBe(`rxlogit serve: dashboard at http://127.0.0.1:${server.port}/?token=${server.token}\n`);
    // stderr says where it listens, never with the token.
    expect(streams.stderr.text).toBe(`rxlogit serve: listening on ${server.url} (source generator)\n`);
    expect(streams.stderr.text).not.toContain(server.token);
    const client = await connect(server.url);
    const hello = await client.waitFor(isType('hello'));
    expect(hello.config).toMatchObject({ source: 'generator', rate: 500, seed: 'rxlogit', driftPeriod: 20_000, mode: 'sample', lr: 0.05, bias: true });
    await client.waitFor((m) => m.type === 'step' && m.n > 50);
    client.close();
  });

  it('uses the given token and serves nothing but client samples with --source none', async () => {
    const session = (await runServe(['--port', '0', '--source', 'none', '--token', 'my-token-123', '--no-bias'], io()))!;
    sessions.push(session);
    expect(session.server.token).toBe('my-token-123');
    const client = await connect(session.server.url, { token: 'my-token-123' });
    const ack = await client.request({ type: 'samples', id: 1, samples: [{ x: [1, 1], t: 1 }] });
    expect(ack).toMatchObject({ accepted: 1, n: 1 });
    expect(session.learner.currentStep().bias).toBeNull();
    client.close();
  });

  it('learns a JSONL file, counting its invalid lines as rejected, and keeps serving after it ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-serve-'));
    try {
      const file = join(dir, 'samples.jsonl');
      const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ x: [i % 2 === 0 ? -1 : 1, i / 30], t: i % 2 }));
      lines.splice(5, 0, '{"x":[1],"t":1}', 'not json');
      writeFileSync(file, `${lines.join('\n')}\n`);
      const streams = io();
      const session = (await runServe(['--port', '0', '--input', file], streams))!;
      sessions.push(session);
      const client = await connect(session.server.url, { token: session.server.token });
      const step = await client.waitFor((m) => m.type === 'step' && m.n === 30 && m.rejected === 2);
      expect(step).toMatchObject({ n: 30, rejected: 2 });
      await expect.poll(() => streams.stderr.text).toMatch(/the source ended \(30 samples learned\); still serving/);
      expect(await client.request({ type: 'samples', id: 'more', samples: [{ x: [1, 1], t: 1 }] })).toMatchObject({ n: 31 });
      client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads standard input with --source stdin, at --rate', async () => {
    const stdin = new PassThrough();
    const session = (await runServe(['--port', '0', '--source', 'stdin', '--rate', '100'], io(stdin)))!;
    sessions.push(session);
    stdin.write('{"x":[1,2],"t":1}\n{"x":[-1,-2],"t":0}\n');
    await expect.poll(() => session.learner.currentStep().n).toBe(2);
    stdin.end('{"x":[3,1],"t":1}\n');
    await expect.poll(() => session.learner.currentStep().n).toBe(3);
  });

  it('fails clearly when the port is in use or the file is missing', async () => {
    const first = (await runServe(['--port', '0', '--source', 'none'], io()))!;
    sessions.push(first);
    await expect(runServe(['--port', String(first.server.port), '--source', 'none'], io())).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: expect.stringMatching(/already in use/),
    });
    await expect(runServe(['--port', '0', '--input', '/nonexistent/rxlogit.jsonl'], io())).rejects.toThrow(/nonexistent\/rxlogit\.jsonl/);
    // As a command: one line on stderr, exit code 1.
    const streams = io();
    expect(await serveCommand.run(['--port', String(first.server.port), '--source', 'none'], streams)).toBe(1);
    expect(streams.stderr.text).toBe(`rxlogit serve: port ${first.server.port} on 127.0.0.1 is already in use: stop the other server or choose another port (--port or PORT)\n`);
    expect(streams.stdout.text).toBe('');
  });

  it('prints its help and starts nothing with --help', async () => {
    const streams = io();
    expect(await runServe(['--help'], streams)).toBeUndefined();
    expect(streams.stdout.text).toMatch(/^Usage: rxlogit serve \[options\]/);
    expect(streams.stdout.text).toMatch(/--origin ORIGIN/);
    expect(await serveCommand.run(['--help'], streams)).toBe(0);
    expect(serveCommand.name).toBe('serve');
  });
});

describe('serveCommand', () => {
  it('shuts down gracefully on SIGTERM and SIGINT: clients closed with 1001, a final checkpoint, exit code 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-serve-signal-'));
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const checkpoint = join(dir, `${signal}.json`);
        const serveUrl = new URL('../../src/cli/serve.ts', import.meta.url).href;
        const script = `import { serveCommand } from ${JSON.stringify(serveUrl)};
process.exitCode = await serveCommand.run(['--port', '0', '--rate', '1000', '--checkpoint', ${JSON.stringify(checkpoint)}], process);`;
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => (out += String(d)));
        child.stderr.on('data', (d: Buffer) => (err += String(d)));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        await expect.poll(() => out, { timeout: 20_000 }).toMatch(/dashboard at http:\/\/127\.0\.0\.1:\d+\/\?token=/);
        const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
        const client = await connect(url);
        await client.waitFor((m) => m.type === 'step' && m.n > 0);
        child.kill(signal);
        expect(await client.closed).toMatchObject({ code: 1001 });
        expect(await exited, err).toBe(0);
        expect(err).toContain(`${signal}: closing clients and saving`);
        expect(existsSync(checkpoint)).toBe(true);
        expect(JSON.parse(readFileSync(checkpoint, 'utf8')).seen).toBeGreaterThan(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
