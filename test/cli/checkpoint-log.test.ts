import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { logCheckpoints } from '../../src/cli/checkpoint-log.js';
import type { CheckpointResult } from '../../src/io/checkpointer.js';
import type { LogLevel } from '../../src/server/logger.js';

describe('logCheckpoints', () => {
  it('logs the first failure at once, reminds at most once a minute, and logs the recovery', () => {
    const results = new Subject<CheckpointResult>();
    const logged: { level: LogLevel; event: string; message: string }[] = [];
    let now = 0;
    logCheckpoints(results, { log: (level, event, message) => logged.push({ level, event, message }) }, () => now);
    const ok = (seen: number): CheckpointResult => ({ ok: true, path: 'm.json', seen, modelVersion: seen, time: now });
    const fail = (): CheckpointResult => ({ ok: false, path: 'm.json', error: new Error('cannot save checkpoint "m.json": ENOENT'), time: now });
    results.next(ok(10));
    results.next(ok(20));
    expect(logged.map((l) => l.event)).toEqual(['checkpoint-saved']);
    results.next(fail());
    expect(logged.at(-1)).toMatchObject({ level: 'error', event: 'checkpoint-failed', message: expect.stringMatching(/ENOENT; samples acknowledged from now on are not safe/) });
    for (now = 1000; now < 59_000; now += 1000) results.next(fail());
    expect(logged).toHaveLength(2);
    now = 61_000;
    results.next(fail());
    expect(logged.at(-1)).toMatchObject({ event: 'checkpoint-still-failing', message: expect.stringMatching(/60 failed writes/) });
    results.next(ok(30));
    expect(logged.at(-1)).toMatchObject({ level: 'info', event: 'checkpoint-recovered', message: 'the checkpoint is written again (30 samples) after 60 failed writes' });
    results.next(ok(40));
    expect(logged).toHaveLength(4);
  });
});
