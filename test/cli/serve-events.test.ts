import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.js';
import type { ServeSession } from '../../src/cli/serve.js';
import { parseServeArgs } from '../../src/cli/serve-options.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';
import { connect } from '../server/helpers.js';

const collector = () => ({
  text: '',
  write(t: string) {
    this.text += t;
    return true;
  },
});
const io = () => ({ stdin: Readable.from([]), stdout: collector(), stderr: collector(), env: {} as Record<string, string> });
const sessions: ServeSession[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('rxlogit serve --events', () => {
  it('reads the event options, each only with --events', () => {
    expect(parseServeArgs([]).events).toBeUndefined();
    expect(parseServeArgs(['--events', '--max-pending', '10', '--pending-ttl-ms', '5000', '--events-checkpoint', 'e.json']).events).toEqual({ checkpoint: 'e.json', checkpointEveryMs: 30_000, maxPending: 10, ttlMs: 5000 });
    expect(() => parseServeArgs(['--max-pending', '10'])).toThrow(/--max-pending needs --events/);
    expect(() => parseServeArgs(['--events', '--events-checkpoint-every-ms', '10'])).toThrow(/needs --events-checkpoint PATH/);
    expect(() => parseServeArgs(['--follow', 'nats://127.0.0.1:4222', '--model', 'm', '--events'])).toThrow(/--events does not apply with --follow/);
  });

  it('serves events and late labels over /ws, and the final checkpoint holds them for the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxlogit-serve-events-'));
    dirs.push(dir);
    const path = join(dir, 'events.json');
    const args = ['--port', '0', '--source', 'none', '--token', 'events-token-1', '--events', '--events-checkpoint', path, '--max-pending', '100'];
    const session = (await runServe(args, io()))!;
    sessions.push(session);
    const client = await connect(session.server.url, { bearer: 'events-token-1' });
    const served = await client.request({ type: 'predict', id: 1, events: [{ id: 'tx-1', features: { amount: 12, country: 'DE' } }, { id: 'tx-2', features: { amount: 900, country: 'NG' } }] });
    expect(served).toMatchObject({ type: 'prediction', probabilities: [0.5, 0.5] });
    expect(await client.request({ type: 'label', id: 2, labels: [{ id: 'tx-1', t: 0 }, { id: 'tx-9', t: 1 }] })).toMatchObject({ type: 'label-ack', outcomes: ['labelled', 'unknown'], pending: 1 });
    client.close();
    await session.close();
    sessions.pop();
    const resumed = new EventStreamLearner({ checkpointPath: path });
    expect(resumed.options.maxPending).toBe(100);
    expect(resumed.scores()).toMatchObject({ seen: 1, delayed: { pending: 1, labelled: 1, unknown: 1 } });
    expect(resumed.isPending('tx-2')).toBe(true);
  });

  it('refuses to start when the event checkpoint cannot be written', async () => {
    await expect(runServe(['--port', '0', '--source', 'none', '--events', '--events-checkpoint', '/nonexistent-dir/e.json'], io())).rejects.toThrow(/e\.json/);
  });
});
