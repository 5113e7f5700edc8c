import { describe, expect, it } from 'vitest';
import { PendingPredictions } from '../../../src/core/delayed/pending-predictions.js';

describe('PendingPredictions', () => {
  it('runs the doc example', () => {
    let t = 0;
    const store = new PendingPredictions<number>({ ttlMs: 1000, now: () => t });
    store.add('a', 0.7);
    expect(store.take('a')).toEqual({ outcome: 'labelled', value: 0.7 });
    expect(store.take('a')).toEqual({ outcome: 'duplicate' });
  });

  it('expires predictions after the TTL and counts their labels as late', () => {
    let t = 0;
    const store = new PendingPredictions<string>({ ttlMs: 100, now: () => t });
    store.add('a', 'A');
    t = 50;
    store.add('b', 'B');
    t = 100; // a's TTL is over (expires at 100), b's is not
    expect(store.size).toBe(1);
    expect(store.take('a')).toEqual({ outcome: 'late' });
    expect(store.take('b')).toEqual({ outcome: 'labelled', value: 'B' });
    expect(store.take('zzz')).toEqual({ outcome: 'unknown' });
    expect(store.stats()).toEqual({ pending: 0, labelled: 1, expired: 1, evicted: 0, late: 1, unknown: 1, duplicate: 0 });
  });

  it('evicts the oldest beyond maxPending; its label is late', () => {
    const store = new PendingPredictions<number>({ maxPending: 2, now: () => 0 });
    store.add('1', 1);
    store.add('2', 2);
    store.add('3', 3);
    expect(store.take('1')).toEqual({ outcome: 'late' });
    expect(store.take('3')).toEqual({ outcome: 'labelled', value: 3 });
    expect(store.stats()).toMatchObject({ pending: 1, evicted: 1, late: 1, labelled: 1 });
  });

  it('remembers at most max(maxPending, 1000) forgotten ids', () => {
    const store = new PendingPredictions<number>({ maxPending: 3, now: () => 0 });
    for (let i = 0; i < 1010; i++) {
      store.add(String(i), i);
      store.take(String(i));
    }
    expect(store.take('1009').outcome).toBe('duplicate');
    expect(store.take('10').outcome).toBe('duplicate');
    expect(store.take('9').outcome).toBe('unknown');
  });

  it('refuses an id already waiting and an empty id, and may reuse an id once labelled', () => {
    const store = new PendingPredictions<number>({ now: () => 0 });
    store.add('x', 1);
    expect(() => store.add('x', 2)).toThrow(/"x" is already waiting/);
    expect(() => store.add('', 2)).toThrow(/non-empty/);
    store.take('x');
    store.add('x', 3);
    expect(store.take('x')).toEqual({ outcome: 'labelled', value: 3 });
    expect(() => new PendingPredictions({ maxPending: 0 })).toThrow(/maxPending/);
    expect(() => new PendingPredictions({ ttlMs: 0 })).toThrow(/ttlMs/);
  });
});

describe('PendingPredictions checkpoints', () => {
  it('restores the waiting predictions and counters; the expired ones count as expired', () => {
    let t = 0;
    const a = new PendingPredictions<number>({ ttlMs: 100, now: () => t });
    a.add('old', 1);
    t = 60;
    a.add('new', 2);
    a.take('nope');
    const saved = JSON.parse(JSON.stringify({ entries: a.saved(), counts: a.stats() })) as { entries: ReturnType<typeof a.saved>; counts: ReturnType<typeof a.stats> };
    t = 120; // 'old' expired meanwhile
    const b = new PendingPredictions<number>({ ttlMs: 100, now: () => t });
    b.restore(saved.entries, saved.counts);
    expect(b.stats()).toEqual({ pending: 1, labelled: 0, expired: 1, evicted: 0, late: 0, unknown: 1, duplicate: 0 });
    expect(b.take('new')).toEqual({ outcome: 'labelled', value: 2 });
    expect(b.take('old')).toEqual({ outcome: 'late' });
  });

  it('refuses bad saved entries', () => {
    const store = new PendingPredictions<number>({ now: () => 0 });
    expect(() => store.restore([{ id: 'a', value: 1, expiresAt: 5 }, { id: 'a', value: 1, expiresAt: 6 }])).toThrow(/twice/);
    expect(() => store.restore([{ id: 'a', value: 1, expiresAt: 5 }, { id: 'b', value: 1, expiresAt: 4 }])).toThrow(/out-of-order/);
    expect(() => store.restore([], { late: -1 })).toThrow(/late/);
  });
});
