/**
 * What a failing or idle checkpoint looks like to an operator, on loopback only:
 *
 *   npx tsx bench/checkpoint-honesty.ts [--samples 5000] [--idle-ms 2000]
 *
 * 1. Failure: `rxlogit serve --source none --checkpoint DIR/m.json
 *    --checkpoint-every-samples 500` in-process; a writer sends 600 samples,
 *    DIR is removed, then `--samples` more in batches of 50. Reports the acks
 *    after the removal that did not carry `checkpointError`, the ms from the
 *    removal to the first stderr line and to the `status` message, the stderr
 *    lines about the checkpoint, the `/healthz` status code and
 *    `rxlogit_checkpoint_failures_total`.
 * 2. Idle: a Checkpointer ticking every 20 ms for `--idle-ms` on an unchanged
 *    model, against one whose model changes every tick (the baseline, as
 *    every tick wrote before): writes and the ratio.
 *
 * Prints one JSON object.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from '../src/cli/args.js';
import { runServe } from '../src/cli/serve.js';
import type { ModelSnapshot } from '../src/io/checkpoint-file.js';
import { Checkpointer } from '../src/io/checkpointer.js';
import { connect, isType } from '../test/server/helpers.js';

const OPTIONS = {
  samples: { kind: 'integer', range: 'positive', description: 'samples sent after the folder is removed (default 5000)' },
  'idle-ms': { kind: 'integer', range: 'positive', description: 'how long the idle checkpointer ticks (default 2000)' },
} as const;

const { options } = parseArgs(process.argv.slice(2), OPTIONS);
const total = options.samples ?? 5000;
const idleMs = options['idle-ms'] ?? 2000;
const TOKEN = 'checkpoint-honesty-token';

async function failure(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'rxlogit-honesty-'));
  let stderr = '';
  let firstLineAt: number | undefined;
  const session = (await runServe(
    ['--port', '0', '--source', 'none', '--token', TOKEN, '--checkpoint', join(dir, 'm.json'), '--checkpoint-every-samples', '500', '--max-messages-per-second', '100000'],
    { stdin: Readable.from([]), stdout: { write: () => true }, stderr: { write: (t: string) => ((stderr += t), (firstLineAt ??= /checkpoint failed/.test(t) ? performance.now() : undefined), true) }, env: {} },
  ))!;
  const client = await connect(session.server.url, { bearer: TOKEN });
  await client.waitFor(isType('snapshot'));
  const batch = (k: number) => Array.from({ length: 50 }, (_, i) => ({ x: [Math.sin(k + i), Math.cos(k + i)], t: ((k + i) % 2) as 0 | 1 }));
  for (let k = 0; k < 600; k += 50) await client.request({ type: 'samples', id: k, samples: batch(k) }, 20_000);
  await session.learner.checkpoint();
  rmSync(dir, { recursive: true, force: true });
  const removedAt = performance.now();
  stderr = '';
  let unmarked = 0, acks = 0;
  for (let k = 600; k < 600 + total; k += 50) {
    const ack = (await client.request({ type: 'samples', id: k, samples: batch(k) }, 20_000)) as { checkpointError?: string };
    acks++;
    if (ack.checkpointError === undefined) unmarked++;
  }
  const status = client.messages.findIndex((m) => m.type === 'status');
  const health = await fetch(`${session.server.url}healthz`);
  const metrics = await session.server.metrics();
  const failures = Number(/^rxlogit_checkpoint_failures_total (\S+)$/m.exec(metrics)?.[1]);
  client.close();
  await session.server.close();
  const closed = await session.close().then(() => 'ok', (e: Error) => e.name);
  return {
    acksAfterRemoval: acks,
    acksWithoutCheckpointError: unmarked,
    msToStderrLine: firstLineAt === undefined ? null : Math.round(firstLineAt - removedAt),
    statusMessageReceived: status >= 0,
    stderrCheckpointLines: stderr.split('\n').filter((l) => /checkpoint/.test(l)).length,
    healthz: health.status,
    checkpointFailuresTotal: failures,
    finalClose: closed,
  };
}

async function idle(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'rxlogit-idle-'));
  const snapshot = (seen: number): ModelSnapshot => ({ format: 'rxlogit-model', version: 1, weights: [seen, -seen], bias: 0, seen, updates: seen, modelVersion: seen, config: {} });
  const run = async (changing: boolean): Promise<number> => {
    let ticks = 0, writes = 0;
    const cp = new Checkpointer({ path: join(dir, `${changing}.json`), everyMs: 20, snapshot: () => snapshot(changing ? ++ticks : 1), onResult: () => writes++ });
    await new Promise((r) => setTimeout(r, idleMs));
    cp.dispose();
    await cp.settled();
    return writes;
  };
  const changed = await run(true);
  const unchanged = await run(false);
  rmSync(dir, { recursive: true, force: true });
  return { tickMs: 20, durationMs: idleMs, writesWhenChangingEveryTick: changed, writesWhenIdle: unchanged, ratio: Math.round((unchanged / changed) * 1000) / 1000 };
}

const result = { failure: await failure(), idle: await idle() };
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
