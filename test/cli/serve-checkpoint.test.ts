// `rxlogit serve` with a checkpoint that cannot be written, as an operator
// meets it: real child processes, SIGKILL and SIGTERM, restarts.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { runServe, serveCommand } from '../../src/cli/serve.js';
import { readCheckpointSync, writeCheckpoint } from '../../src/io/checkpoint-file.js';
import { connect, isType } from '../server/helpers.js';
import type { TestClient } from '../server/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'serve-checkpoint-token-1';
const folders: string[] = [];
const children: ChildProcess[] = [];
const clients: TestClient[] = [];

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxlogit-serve-ckpt-'));
  folders.push(dir);
  return dir;
}

interface Child {
  readonly child: ChildProcess;
  readonly exited: Promise<number | string>;
  out(): string;
  err(): string;
}

function serve(args: readonly string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/entry.ts', 'serve', '--port', '0', '--source', 'none', '--token', TOKEN, '--max-messages-per-second', '10000', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '', err = '';
  child.stdout!.on('data', (d: Buffer) => (out += String(d)));
  child.stderr!.on('data', (d: Buffer) => (err += String(d)));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? String(signal))));
  return { child, exited, out: () => out, err: () => err };
}

async function listening(c: Child): Promise<string> {
  await expect.poll(() => /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(c.out())?.[1] ?? c.child.exitCode, { timeout: 30_000 }).toMatch(/^http/);
  return /dashboard at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(c.out())![1]!;
}

/** Sends `count` samples in batches of 50, one batch in flight, and returns the acks. */
async function feed(client: TestClient, from: number, count: number): Promise<Record<string, unknown>[]> {
  const acks: Record<string, unknown>[] = [];
  for (let k = from; k < from + count; k += 50) {
    const samples = Array.from({ length: 50 }, (_, i) => ({ x: [Math.sin(k + i), Math.cos(k + i)], t: ((k + i) % 2) as 0 | 1 }));
    const ack = await client.request({ type: 'samples', id: k, samples }, 20_000);
    expect(ack.type).toBe('ack');
    acks.push(ack as unknown as Record<string, unknown>);
  }
  return acks;
}

describe('serve refuses to start when its checkpoint cannot be written', () => {
  it('a missing folder, or a file used as a folder: exit 1, one clear line, nothing served', { timeout: 60_000 }, async () => {
    const dir = folder();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const cases = [
      [join(dir, 'missing', 'm.json'), `rxlogit serve: cannot write checkpoint "${join(dir, 'missing', 'm.json')}": the folder "${join(dir, 'missing')}" does not exist\n`],
      [
        join(file, 'm.json'),
        `rxlogit serve: cannot write checkpoint "${join(file, 'm.json')}": "${file}" is not a folder\n`,
      ],
      [
        join(file, 'sub', 'm.json'),
        `rxlogit serve: cannot write checkpoint "${join(file, 'sub', 'm.json')}": "${join(file, 'sub')}" is not a folder (a file is in its path)\n`,
      ],
    ] as const;
    const runs = cases.map(([path]) => serve(['--checkpoint', path, '--checkpoint-every-samples', '500']));
    for (const [i, run] of runs.entries()) {
      expect(await run.exited, run.err()).toBe(1);
      expect(run.err()).toBe(cases[i]![1]);
      expect(run.out()).toBe('');
    }
  });

  it('a damaged checkpoint (seen 77700 → 75700) is refused, not resumed from', async () => {
    const path = join(folder(), 'm.json');
    await writeCheckpoint(path, { format: 'rxlogit-model', version: 1, weights: [0.5, -0.25], bias: 0.125, seen: 77700, updates: 77700, modelVersion: 77700, refused: 0, config: { inputs: 2 } });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"seen": 77700', '"seen": 75700'));
    const stderr = { text: '', write(t: string) { this.text += t; return true; } };
    const stdout = { text: '', write(t: string) { this.text += t; return true; } };
    const code = await serveCommand.run(['--port', '0', '--source', 'none', '--checkpoint', path], { stdin: Readable.from([]), stdout, stderr });
    expect(code).toBe(1);
    expect(stderr.text).toMatch(/^rxlogit serve: refusing checkpoint ".*m\.json": its content does not match its checksum.*\n$/);
    expect(stderr.text.split('\n')).toHaveLength(2);
    expect(stdout.text).toBe('');
  });
});

describe('serve with a checkpoint that fails later', () => {
  it('says so on stderr at once, marks acks, answers /healthz with 503, and on SIGTERM exits 1 with one line', { timeout: 90_000 }, async () => {
    const dir = folder();
    const run = serve(['--checkpoint', join(dir, 'm.json'), '--checkpoint-every-samples', '500']);
    const url = await listening(run);
    const client = await connect(url, { bearer: TOKEN });
    clients.push(client);
    await client.waitFor(isType('snapshot'));
    const before = await feed(client, 0, 600);
    expect(before.every((a) => !('checkpointError' in a))).toBe(true);
    await expect.poll(() => readCheckpointSync(join(dir, 'm.json'))?.seen ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(500);
    rmSync(dir, { recursive: true, force: true });
    const after = await feed(client, 600, 2000);
    // Within one checkpoint interval the acks say the samples are not safe.
    const marked = after.filter((a) => typeof a['checkpointError'] === 'string');
    expect(marked.length).toBeGreaterThanOrEqual(after.length - 500 / 50 - 1);
    expect(marked.at(-1)!['checkpointError']).toMatch(/cannot save checkpoint "m\.json"/);
    await expect.poll(run.err, { timeout: 10_000 }).toMatch(/rxlogit serve: the checkpoint failed: cannot save checkpoint ".*m\.json".*not safe from a crash/);
    // Logged once, not once per failed write.
    expect(run.err().match(/the checkpoint failed/g)).toHaveLength(1);
    expect((await client.waitFor(isType('status'))).checkpoint).toMatchObject({ failing: true });
    const health = await fetch(`${url}healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'checkpoint-failing', ready: false });

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(1);
    const lines = run.err().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^rxlogit serve: stopped, but the final checkpoint failed: cannot save checkpoint ".*m\.json": .*; the samples learned since the last checkpoint written are lost \(2600 learned in all\)$/);
    expect(run.err()).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.err()).not.toContain(TOKEN);
  });

  it('with a good checkpoint, kill -9 and a restart lose at most one interval of acknowledged samples', { timeout: 90_000 }, async () => {
    const path = join(folder(), 'm.json');
    const first = serve(['--checkpoint', path, '--checkpoint-every-samples', '500']);
    const client = await connect(await listening(first), { bearer: TOKEN });
    clients.push(client);
    await client.waitFor(isType('snapshot'));
    const acks = await feed(client, 0, 5000);
    expect(acks.at(-1)).toMatchObject({ n: 5000 });
    expect(acks.some((a) => 'checkpointError' in a)).toBe(false);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const second = serve(['--checkpoint', path, '--checkpoint-every-samples', '500']);
    const again = await connect(await listening(second), { bearer: TOKEN });
    clients.push(again);
    const step = await again.waitFor(isType('step'), 20_000);
    expect(step.n).toBeGreaterThanOrEqual(4500);
    expect(step.n).toBeLessThanOrEqual(5000);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.err()).toBe(0);
  });
});

describe('serve --log-format json', () => {
  it('writes one JSON object a line with time, level and event, and never a token', async () => {
    const lines: string[] = [];
    const stderr = { write: (t: string) => (lines.push(...t.split('\n').filter((l) => l !== '')), true) };
    const stdout = { write: () => true };
    const session = (await runServe(['--port', '0', '--source', 'none', '--token', TOKEN, '--log-format', 'json'], { stdin: Readable.from([]), stdout, stderr, env: {} }))!;
    try {
      const refused = await fetch(session.server.url.replace('http', 'http'), { headers: {} });
      expect(refused.status).toBe(200);
      await connect(session.server.url, { token: 'wrong-token-9999' }).catch(() => undefined);
      await expect.poll(() => lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      await session.close();
    }
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) {
      expect(typeof e['time']).toBe('string');
      expect(Number.isNaN(Date.parse(e['time'] as string))).toBe(false);
      expect(['info', 'warn', 'error']).toContain(e['level']);
      expect(typeof e['event']).toBe('string');
    }
    expect(events[0]).toMatchObject({ level: 'info', event: 'start', url: session.server.url, port: session.server.port, source: 'none', checkpoint: null });
    expect(events.find((e) => e['event'] === 'client-refused')).toMatchObject({ level: 'warn', status: 401 });
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain('wrong-token-9999');
  });
});


