import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Subject } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/io/checkpoint-error.js';
import { EventStreamLearner } from '../../src/stream/event-stream-learner.js';
import type { EventLearnerScores, EventMessage } from '../../src/stream/event-stream-learner.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempPath = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'rxlogit-events-'));
  dirs.push(d);
  return join(d, 'events.ckpt.json');
};
const event = (i: number) => ({ amount: 10 + (i % 7) * 30, country: ['DE', 'FR', 'NG'][i % 3]!, device: i % 2 === 0 ? 'ios' : 'web' });
const labelOf = (i: number): 0 | 1 => (i % 3 === 2 || (i % 7) * 30 > 150 ? 1 : 0);

describe('EventStreamLearner', () => {
  it('runs the doc example', () => {
    const learner = new EventStreamLearner({ ttlMs: 3_600_000 });
    const p = learner.predict('tx-1', { amount: 129.5, country: 'DE', device: 'ios' });
    expect(p).toBe(0.5);
    expect(learner.label('tx-1', 0)).toBe('labelled');
    expect(learner.scores().delayed.labelled).toBe(1);
  });

  it('scores the prediction that was served, not the one the model would make at label time', () => {
    const learner = new EventStreamLearner();
    const served = learner.predict('a', event(2));
    for (let i = 0; i < 200; i++) learner.learn(event(i), labelOf(i));
    const before = learner.scores();
    expect(learner.predictProba(event(2))).not.toBeCloseTo(served, 3);
    learner.label('a', 1);
    const after = learner.scores();
    expect(after.n).toBe(before.n + 1);
    expect(after.logLoss! * after.n - before.logLoss! * before.n).toBeCloseTo(-Math.log(served), 9);
    expect(after.seen).toBe(201);
  });

  it('counts expired, evicted, late, unknown and duplicate labels', () => {
    let now = 0;
    const learner = new EventStreamLearner({ ttlMs: 1000, maxPending: 2, now: () => now });
    learner.predict('a', event(0));
    now = 500;
    learner.predict('b', event(1));
    learner.predict('c', event(2)); // evicts a
    now = 1600; // b and c, served at 500, expired at 1500
    expect(learner.label('a', 1)).toBe('late');
    expect(learner.label('b', 0)).toBe('late');
    expect(learner.label('zzz', 0)).toBe('unknown');
    learner.predict('d', event(3));
    expect(learner.label('d', 1)).toBe('labelled');
    expect(learner.label('d', 1)).toBe('duplicate');
    expect(learner.scores().delayed).toEqual({ pending: 0, labelled: 1, expired: 2, evicted: 1, late: 2, unknown: 1, duplicate: 1 });
    expect(learner.scores().seen).toBe(1);
  });

  it('follows a joined stream of events, predictions and labels, reporting bad items', () => {
    const learner = new EventStreamLearner({ emitEvery: 10 });
    const published: EventLearnerScores[] = [];
    learner.scores$.subscribe((s) => published.push(s));
    const source = new Subject<EventMessage>();
    const errors: string[] = [];
    learner.learnFrom(source, (e) => errors.push((e as Error).message));
    for (let i = 0; i < 25; i++) source.next({ features: event(i), t: labelOf(i) });
    source.next({ id: 'x', features: event(1) });
    source.next({ id: 'x', t: 1 });
    source.next({ features: { amount: NaN }, t: 1 });
    source.next({ id: 'y', t: 3 as never });
    expect(errors).toEqual(['feature "amount": a number must be finite, got NaN', 'a label must be 0 or 1, got 3']);
    expect(published.map((s) => s.seen)).toEqual([0, 10, 20]);
    expect(learner.scores().seen).toBe(26);
    learner.publish();
    expect(published.at(-1)!.delayed.labelled).toBe(1);
    learner.close();
  });

  it('checkpoints the weights, optimizer and scaler state and the waiting predictions, and resumes them', async () => {
    const path = tempPath();
    let now = 1_000;
    const a = new EventStreamLearner({ checkpointPath: path, optimizer: { kind: 'adagrad' }, now: () => now, ttlMs: 10_000 });
    for (let i = 0; i < 100; i++) a.learn(event(i), labelOf(i));
    a.predict('p1', event(5));
    a.predict('p2', event(6));
    a.label('nope', 1);
    await a.checkpoint();
    const b = new EventStreamLearner({ checkpointPath: path, now: () => now, ttlMs: 10_000 });
    expect(b.options.optimizer).toEqual({ kind: 'adagrad' });
    expect(b.scores().delayed).toMatchObject({ pending: 2, unknown: 1 });
    expect(b.scores().seen).toBe(100);
    now = 2_000;
    for (const l of [a, b]) {
      expect(l.label('p1', 1)).toBe('labelled');
      for (let i = 100; i < 150; i++) l.learn(event(i), labelOf(i));
    }
    expect(b.predictProba(event(3))).toBe(a.predictProba(event(3)));
    expect(b.scores().delayed.pending).toBe(1);
    // a second checkpoint replaces the first
    await b.checkpoint();
    expect(JSON.parse(readFileSync(path, 'utf8')).learner.seen).toBe(151);
  });

  it('refuses a corrupt or foreign checkpoint file, naming it, and never replaces a foreign file', async () => {
    const path = tempPath();
    writeFileSync(path, '{"format":"rxlogit-event-checkpoint","version":1}');
    expect(() => new EventStreamLearner({ checkpointPath: path })).toThrow(CheckpointError);
    expect(() => new EventStreamLearner({ checkpointPath: path })).toThrow(/refusing checkpoint ".*events.ckpt.json": learner/);
    writeFileSync(path, 'my notes');
    expect(() => new EventStreamLearner({ checkpointPath: path })).toThrow(/not JSON/);
    const other = tempPath();
    writeFileSync(other, 'my notes');
    const learner = new EventStreamLearner({ checkpointPath: join(other, '..', 'fresh.json') });
    await learner.checkpoint();
    const fooled = new EventStreamLearner();
    await expect((fooled as unknown as { checkpoint(): Promise<void> }).checkpoint()).rejects.toThrow(/no checkpointPath/);
  });

  it('rejects a bad label value and a reused waiting id', () => {
    const learner = new EventStreamLearner();
    learner.predict('a', event(0));
    expect(() => learner.predict('a', event(0))).toThrow(/already waiting/);
    expect(() => learner.learn(event(0), 2 as never)).toThrow(/label must be 0 or 1/);
    expect(() => new EventStreamLearner({ emitEvery: 0 })).toThrow(/emitEvery/);
  });
});
