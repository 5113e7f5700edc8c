import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { History } = await loadPublic('history.js');
const { readStep } = await loadPublic('messages.js');

const step = (n: number, extra: Record<string, unknown> = {}) =>
  readStep({ n, loss: 1 / (n + 1), weights: [n, -n], bias: 1, metrics: { rollingAccuracy: 0.5 }, ...extra });

describe('History', () => {
  it('appends steps to the loss curve and the weights path', () => {
    const h = new History();
    expect(h.addStep(step(1))).toBe('added');
    expect(h.addStep(step(2))).toBe('added');
    expect(h.loss.column('n')).toEqual([1, 2]);
    expect(h.loss.column('acc')).toEqual([0.5, 0.5]);
    expect(h.path.column('n')).toEqual([1, 2]);
    expect(h.path.column('w1')).toEqual([1, 2]);
    expect(h.path.column('w2')).toEqual([-1, -2]);
    expect(h.boundary()).toEqual({ w1: 2, w2: -2, b: 1 });
  });

  it('replaces the last point when n repeats (paused), restarts when n goes back (reset)', () => {
    const h = new History();
    h.addStep(step(5));
    expect(h.addStep(step(5, { loss: 9 }))).toBe('replaced');
    expect(h.loss.column('loss')).toEqual([9]);
    expect(h.addStep(step(0))).toBe('restarted');
    expect(h.loss.column('n')).toEqual([0]);
    expect(h.path.length).toBe(1);
  });

  it('keeps a step with a null loss as a gap, and has no path or boundary for one weight', () => {
    const h = new History();
    h.addStep(readStep({ n: 1, loss: null, weights: [0.3], bias: null }));
    expect(h.loss.column('loss')).toEqual([null]);
    expect(h.path.length).toBe(0);
    expect(h.boundary()).toBeNull();
  });

  it('uses bias 0 for a model without bias, and stays bounded', () => {
    const h = new History({ maxLossPoints: 50, maxPathPoints: 20 });
    for (let n = 1; n <= 1000; n++) h.addStep(step(n, { bias: null }));
    expect(h.loss.length).toBeLessThanOrEqual(50);
    expect(h.path.length).toBeLessThanOrEqual(20);
    expect(h.boundary()).toEqual({ w1: 1000, w2: -1000, b: 0 });
    h.clear();
    expect(h.lastStep).toBeNull();
  });

  it('keeps older points when a snapshot continues the run (a reconnection)', () => {
    const h = new History();
    for (let n = 1; n <= 10; n++) h.addStep(step(n, { version: n }));
    expect(h.loadSnapshot([6, 7, 8, 9, 10, 11, 12].map((n) => step(n, { version: n, loss: 5 })))).toBe('merged');
    expect(h.loss.column('n')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(h.loss.column('loss').slice(4)).toEqual([1 / 6, 5, 5, 5, 5, 5, 5, 5]);
    expect(h.path.column('n')).toEqual(h.loss.column('n'));
  });

  it('starts over when a snapshot is from another run (n or version went back) or empty', () => {
    const h = new History();
    for (let n = 1; n <= 10; n++) h.addStep(step(n, { version: n }));
    expect(h.loadSnapshot([step(2, { version: 12 }), step(3, { version: 13 })])).toBe('replaced');
    expect(h.loss.column('n')).toEqual([2, 3]);
    h.addStep(step(50, { version: 50 }));
    expect(h.loadSnapshot([step(60, { version: 3 })])).toBe('replaced');
    expect(h.loss.column('n')).toEqual([60]);
    expect(h.loadSnapshot([])).toBe('replaced');
    expect(h.loss.length).toBe(0);
    expect(h.lastStep).toBeNull();
  });
});
