import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLearn } from '../../src/cli/learn.js';
import { runPublish } from '../../src/cli/publish.js';
import { runFollow } from '../../src/cli/serve-nats.js';
import type { FollowSession } from '../../src/cli/serve-nats.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { assertNatsAvailable, natsAvailable, natsRequired, natsSkipReason, startNatsServer } from '../broker/nats-server.js';
import type { NatsServerProcess } from '../broker/nats-server.js';
import { connect, isType } from '../server/helpers.js';

function io() {
  const out = (): { text: string; write(t: string): boolean } => ({ text: '', write(t: string) { this.text += t; return true; } });
  return { stdin: new PassThrough(), stdout: out(), stderr: out() };
}

// The README's scale-out path in one process: rxlogit learn (leader), rxlogit publish, and a gateway.
describe.skipIf(!natsAvailable && !natsRequired)(`rxlogit learn → serve --follow gateway ${natsSkipReason}`, () => {
  let nats: NatsServerProcess;
  let dir: string;
  const abort = new AbortController();
  let learning: Promise<number> | undefined;
  let gateway: FollowSession | undefined;
  beforeAll(async () => {
    assertNatsAvailable();
    nats = await startNatsServer();
    dir = await mkdtemp(join(tmpdir(), 'rxlogit-learn-gateway-'));
    const lines = Array.from({ length: 5000 }, (_, i) => {
      const t = i % 2;
      return JSON.stringify({ x: [(t ? 1 : -1) + Math.sin(i), Math.cos(i * 0.7)], t });
    });
    await writeFile(join(dir, 'samples.jsonl'), `${lines.join('\n')}\n`);
  });
  afterAll(async () => {
    await gateway?.close();
    abort.abort();
    await learning;
    await nats?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the gateway shows the leader’s steps, its name, its lag and the model from KV', async () => {
    const learnIo = io();
    learning = runLearn(['--from', nats.url, '--consumer', 'learner', '--model', 'e2e', '--create', '--holder', 'learner-one'], learnIo, abort.signal, {});
    await expect.poll(() => learnIo.stderr.text, { timeout: 20_000 }).toMatch(/leader \(learner-one\)/);
    const publishIo = io();
    expect(await runPublish(['--to', nats.url, '--subject', 'samples.in', '--input', join(dir, 'samples.jsonl'), '--samples-per-message', '500'], publishIo, {})).toBe(0);
    gateway = await runFollow(parseServeArgs(['--follow', nats.url, '--model', 'e2e', '--port', '0']), { ...io(), env: {} });
    const client = await connect(gateway.server.url);
    await client.waitFor(isType('hello'));
    const cluster = await client.waitFor((m) => m.type === 'cluster' && m.holder === 'learner-one' && m.pending === 0 && m.modelRevision !== null, 20_000);
    expect(cluster).toMatchObject({ model: 'e2e', holder: 'learner-one', pending: 0 });
    await expect.poll(() => gateway!.learner.currentStep().n, { timeout: 20_000 }).toBe(5000);
    const prediction = await client.request({ type: 'predict', id: 'p', x: [[2, 0], [-2, 0]] });
    expect(prediction).toMatchObject({ type: 'prediction', classes: [1, 0] });
    client.close();
  });
});
