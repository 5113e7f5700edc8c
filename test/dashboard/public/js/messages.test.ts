import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { parseFrame, readStep, readSamples, readGrid } = await loadPublic('messages.js');

describe('parseFrame', () => {
  it('accepts a JSON object with a string type', () => {
    expect(parseFrame('{"type":"step","n":1}')).toEqual({ ok: true, message: { type: 'step', n: 1 } });
  });

  it.each([
    ['{', /not JSON/],
    ['[1]', /not a JSON object/],
    ['null', /not a JSON object/],
    ['{"type":3}', /no string "type"/],
  ])('refuses %s with a reason', (text, reason) => {
    const r = parseFrame(text);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(reason);
  });

  it('refuses binary frames', () => {
    expect(parseFrame(new ArrayBuffer(2)).reason).toMatch(/binary/);
  });
});

describe('readStep', () => {
  it('reads a full step', () => {
    const s = readStep({
      n: 10, loss: 0.3, weights: [1, -2], bias: 0.5, version: 11, lr: 0.05, time: 1, rejected: 2, samplesPerSecond: 99, paused: false,
      metrics: { n: 10, logLoss: 0.4, accuracy: 0.8, rollingLogLoss: 0.35, rollingAccuracy: 0.9 },
    });
    expect(s).toEqual({
      n: 10, loss: 0.3, weights: [1, -2], bias: 0.5, version: 11, lr: 0.05, accuracy: 0.8, rollingAccuracy: 0.9,
      rollingLogLoss: 0.35, rejected: 2, samplesPerSecond: 99, paused: false,
    });
  });

  it('turns null, strings and missing fields into null, keeps the step', () => {
    const s = readStep({ n: 0, loss: null, weights: [null, 'x'], metrics: null });
    expect(s.loss).toBeNull();
    expect(s.weights).toEqual([null, null]);
    expect(s.rollingAccuracy).toBeNull();
    expect(s.paused).toBeNull();
  });

  it('drops a step without a finite n', () => {
    expect(readStep({ loss: 1 })).toBeNull();
    expect(readStep(null)).toBeNull();
    expect(readStep({ n: 'a' })).toBeNull();
  });
});

describe('readSamples', () => {
  it('keeps drawable samples only, and the last max of them', () => {
    const raw = [{ x: [1, 2], t: 0 }, { x: [1], t: 1 }, { x: [1, 2], t: 2 }, null, { x: [3, 4, 5], t: 1 }];
    expect(readSamples(raw)).toEqual([{ x1: 1, x2: 2, t: 0 }, { x1: 3, x2: 4, t: 1 }]);
    expect(readSamples(raw, 1)).toEqual([{ x1: 3, x2: 4, t: 1 }]);
    expect(readSamples('nope')).toEqual([]);
  });
});

describe('readGrid', () => {
  const keys = ['x1', 'x2', 'proba'];

  it('reads a grid, missing values as NaN', () => {
    const { grid } = readGrid({ x1: [0, 1, 2], x2: [-1, 1, 3], proba: [0, 0.5, 1, null, 0, 1] }, keys);
    expect(grid.a).toEqual([0, 1, 2]);
    expect(grid.b).toEqual([-1, 1, 3]);
    expect(Array.from(grid.values)).toEqual([0, 0.5, 1, Number.NaN, 0, 1]);
  });

  it.each([
    [null, 'none yet'],
    [{ x1: [0, 1], x2: [0, 1, 2], proba: [] }, 'x1: not [min, max, n]'],
    [{ x1: [1, 0, 2], x2: [0, 1, 2], proba: [1, 2, 3, 4] }, 'x1: max 0 is not above min 1'],
    [{ x1: [0, 1, 2], x2: [0, 1, 1.5], proba: [1, 2, 3, 4] }, 'x2: n = 1.5 (need an integer ≥ 2)'],
    [{ x1: [0, 1, 2], x2: [0, 1, 2], proba: [1, 2, 3] }, 'proba: 3 values for a 2×2 grid'],
    [{ x1: [0, 1, 2], x2: [0, 1, 2], proba: 'x' }, 'proba: not an array'],
  ])('explains what is wrong with %j', (raw, reason) => {
    expect(readGrid(raw, keys)).toEqual({ grid: null, reason });
  });
});
