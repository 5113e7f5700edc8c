import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpointSync } from '../../src/io/checkpoint-file.js';
import type { ModelSnapshot } from '../../src/io/checkpoint-file.js';
import { Checkpointer } from '../../src/io/checkpointer.js';
import type { CheckpointResult } from '../../src/io/checkpointer.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';

const dir = mkdtempSync(join(tmpdir(), 'rxlogit-checkpointer-'));
const state = (seen: number): ModelSnapshot => ({
  format: 'rxlogit-model',
  version: 1,
  weights: [seen / 10, -seen / 10],
  bias: null,
  seen,
  updates: seen,
  modelVersion: seen,
  config: {},
});

describe('Checkpointer', () => {
  it('saves every N samples, never two writes at once, the newest state landing', async () => {
    const path = join(dir, 'count.json');
    let seen = 0;
    const results: CheckpointResult[] = [];
    const cp = new Checkpointer({ path, everySamples: 100, snapshot: () => state(seen), onResult: (r) => results.push(r) });
    for (seen = 1; seen <= 100; seen++) cp.noteSeen(seen);
    seen = 100;
    await Promise.resolve(); // the write starts and takes the state at 100
    for (seen = 101; seen <= 1000; seen++) cp.noteSeen(seen);
    seen = 1000;
    await cp.settled();
    // The nine saves asked for while the first one runs join one waiting write, which takes the newest state.
    expect(results.map((r) => r.ok && r.seen)).toEqual([100, 1000]);
    expect(readCheckpointSync(path)?.seen).toBe(1000);
    const forced = await cp.save();
    expect(forced).toMatchObject({ ok: true, seen: 1000, path });
    cp.dispose();
  });

  it('saves every T ms until disposed, without keeping the process alive', async () => {
    const path = join(dir, 'time.json');
    let writes = 0;
    const cp = new Checkpointer({ path, everyMs: 15, snapshot: () => state(++writes) });
    await new Promise((r) => setTimeout(r, 100));
    cp.dispose();
    await cp.settled();
    const at = writes;
    expect(at).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(writes).toBe(at);
  });

  it('does not rewrite an unchanged state on its timer, so the mtime tells when the model last changed', async () => {
    const path = join(dir, 'idle.json');
    let seen = 5;
    const results: CheckpointResult[] = [];
    const cp = new Checkpointer({ path, everyMs: 10, snapshot: () => state(seen), onResult: (r) => results.push(r) });
    await expect.poll(() => results.length).toBe(1);
    await new Promise((r) => setTimeout(r, 120)); // a dozen ticks, nothing changed
    expect(results.length).toBe(1);
    seen = 6;
    await expect.poll(() => results.length).toBe(2);
    expect(readCheckpointSync(path)?.seen).toBe(6);
    // An explicit save still writes (a durable ack asks for one).
    expect(await cp.save()).toMatchObject({ ok: true, seen: 6 });
    cp.dispose();
    expect(results.length).toBe(3);
  });

  it('retries on its timer after a failed write even when the state did not change', async () => {
    const path = join(dir, 'retry-folder', 'x.json');
    const results: CheckpointResult[] = [];
    const cp = new Checkpointer({ path, everyMs: 10, snapshot: () => state(1), onResult: (r) => results.push(r) });
    await expect.poll(() => results.length).toBeGreaterThanOrEqual(3);
    cp.dispose();
    await cp.settled();
    expect(results.every((r) => !r.ok)).toBe(true);
  });

  it("a resumed learner's timer leaves the file alone until the model changes", async () => {
    const path = join(dir, 'resumed.json');
    const first = new OnlineLearner({ inputs: 2, checkpoint: { path, everyMs: 10 } });
    first.push([{ x: [1, 2], t: 1 }]);
    await first.close();
    const before = statSync(path).mtimeMs;
    const second = new OnlineLearner({ inputs: 2, checkpoint: { path, everyMs: 10 } });
    const writes: CheckpointResult[] = [];
    second.checkpoints$.subscribe((r) => writes.push(r));
    await new Promise((r) => setTimeout(r, 120));
    expect(writes).toEqual([]);
    expect(statSync(path).mtimeMs).toBe(before);
    second.push([{ x: [0, 1], t: 0 }]);
    await expect.poll(() => writes.length).toBe(1);
    expect(readCheckpointSync(path)?.seen).toBe(2);
    await second.close();
  });

  it('reports a failed write without throwing', async () => {
    const cp = new Checkpointer({ path: join(dir, 'missing-folder', 'x.json'), snapshot: () => state(1) });
    const result = await cp.save();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/cannot save checkpoint/);
    cp.dispose();
  });

  it('installs signal handlers only when asked, and removes them on dispose', () => {
    const before = process.listenerCount('SIGTERM');
    const quiet = new Checkpointer({ path: join(dir, 's.json'), snapshot: () => state(1) });
    expect(process.listenerCount('SIGTERM')).toBe(before);
    const loud = new Checkpointer({ path: join(dir, 's.json'), onSignals: true, snapshot: () => state(1) });
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    loud.dispose();
    quiet.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('refuses bad intervals', () => {
    expect(() => new Checkpointer({ path: 'x', everySamples: 0, snapshot: () => state(0) })).toThrow(/everySamples must be an integer ≥ 1/);
    expect(() => new Checkpointer({ path: 'x', everyMs: Number.NaN, snapshot: () => state(0) })).toThrow(/everyMs must be a finite number > 0/);
  });
});
