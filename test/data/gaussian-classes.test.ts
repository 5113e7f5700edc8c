import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/core/sample.js';
import { gaussianClasses, gaussianClassStream } from '../../src/data/gaussian-classes.js';
import {
  DEFAULT_CLASS_MEANS,
  checkClassMeans,
  classMeansAt,
  resolveGaussianClassesOptions,
  type GaussianClassesOptions,
} from '../../src/data/gaussian-classes-options.js';

function take(iterable: Iterable<Sample>, n: number): Sample[] {
  const out: Sample[] = [];
  for (const s of iterable) {
    if (out.length === n) break;
    out.push(s);
  }
  return out;
}

function classStats(samples: readonly Sample[], label: 0 | 1): { mean: number[]; std: number[] } {
  const rows = samples.filter((s) => s.t === label).map((s) => s.x);
  const dim = rows[0]!.length;
  const mean = Array.from({ length: dim }, (_, k) => rows.reduce((a, r) => a + r[k]!, 0) / rows.length);
  const std = mean.map((m, k) => Math.sqrt(rows.reduce((a, r) => a + (r[k]! - m) ** 2, 0) / (rows.length - 1)));
  return { mean, std };
}

describe('gaussianClasses', () => {
  it('gives the same samples for the same seed, and a number seed is its string', () => {
    const a = gaussianClasses({ seed: 7, perClass: 50 });
    expect(gaussianClasses({ seed: 7, perClass: 50 })).toEqual(a);
    expect(gaussianClasses({ seed: '7', perClass: 50 })).toEqual(a);
  });

  it('gives different samples for different seeds', () => {
    const a = gaussianClasses({ seed: 'a', perClass: 20 });
    const b = gaussianClasses({ seed: 'b', perClass: 20 });
    expect(a.map((s) => s.x)).not.toEqual(b.map((s) => s.x));
  });

  it('draws classes around their means with the given spread', () => {
    const samples = gaussianClasses({ seed: 'stats', perClass: 4000 });
    expect(samples).toHaveLength(8000);
    for (const label of [0, 1] as const) {
      const { mean, std } = classStats(samples, label);
      mean.forEach((m, k) => expect(m).toBeCloseTo(DEFAULT_CLASS_MEANS[label][k]!, 1));
      std.forEach((s) => expect(s).toBeCloseTo(1, 1));
    }
  });

  it('works in any dimension, with one spread per input', () => {
    const samples = gaussianClasses({
      seed: 3,
      count: 6000,
      means: [[0, 0, 5], [2, 2, 5]],
      spread: [0.5, 2, 0],
    });
    expect(samples.every((s) => s.x.length === 3)).toBe(true);
    const { mean, std } = classStats(samples, 1);
    expect(mean[0]).toBeCloseTo(2, 1);
    expect(std[0]).toBeCloseTo(0.5, 1);
    expect(std[1]).toBeCloseTo(2, 1);
    expect(samples.every((s) => s.x[2] === 5)).toBe(true); // spread 0: exactly the mean
  });

  it("orders labels: 'interleaved' alternates, 'grouped' blocks, 'shuffled' mixes but balances", () => {
    const inter = gaussianClasses({ seed: 1, perClass: 5 }).map((s) => s.t);
    expect(inter).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    const grouped = gaussianClasses({ seed: 1, count: 5, order: 'grouped' }).map((s) => s.t);
    expect(grouped).toEqual([0, 0, 0, 1, 1]);
    const shuffled = gaussianClasses({ seed: 1, perClass: 50, order: 'shuffled' }).map((s) => s.t);
    expect(shuffled.filter((t) => t === 1)).toHaveLength(50);
    expect(shuffled).not.toEqual([...Array(50).fill(0), ...Array(50).fill(1)]);
    expect(shuffled).not.toEqual(shuffled.map((_, i) => i % 2));
    expect(gaussianClasses({ seed: 1, perClass: 50, order: 'shuffled' }).map((s) => s.t)).toEqual(shuffled);
  });

  it('runs the documented example', () => {
    const samples = gaussianClasses({ seed: 'demo', perClass: 50, order: 'shuffled' });
    expect(samples).toHaveLength(100);
    expect(samples.filter((s) => s.t === 1)).toHaveLength(50);
  });
});

describe('gaussianClassStream', () => {
  it('replays the same samples on every pass', () => {
    const stream = gaussianClassStream({ seed: 42, drift: { period: 2000 } });
    const first = take(stream, 500);
    expect(take(stream, 500)).toEqual(first);
    // Two live iterators do not share state.
    const it1 = stream[Symbol.iterator]();
    const it2 = stream[Symbol.iterator]();
    expect(it1.next().value).toEqual(first[0]);
    expect(it1.next().value).toEqual(first[1]);
    expect(it2.next().value).toEqual(first[0]);
  });

  it('is endless without perClass/count and finite with them', () => {
    const endless = gaussianClassStream({ seed: 'e' });
    expect(endless.size).toBe(Infinity);
    expect(endless.inputs).toBe(2);
    expect(take(endless, 10_000)).toHaveLength(10_000);
    const finite = gaussianClassStream({ seed: 'e', perClass: 3 });
    expect(finite.size).toBe(6);
    expect([...finite]).toEqual(gaussianClasses({ seed: 'e', perClass: 3 }));
    expect([...finite]).toEqual(take(endless, 6)); // same seed, same draws
  });

  it('draws seeded random labels when endless and shuffled', () => {
    const labels = take(gaussianClassStream({ seed: 's', order: 'shuffled' }), 4000).map((s) => s.t);
    const ones = labels.filter((t) => t === 1).length;
    expect(ones).toBeGreaterThan(1800);
    expect(ones).toBeLessThan(2200);
    expect(labels.slice(0, 40)).not.toEqual(labels.slice(0, 40).map((_, i) => i % 2));
    expect(take(gaussianClassStream({ seed: 's', order: 'shuffled' }), 4000).map((s) => s.t)).toEqual(labels);
  });

  it('turns the means about their midpoint with drift, moving the boundary', () => {
    const quarter = classMeansAt([[-1, 0], [1, 0]], 400, 100);
    expect(quarter[0][0]).toBeCloseTo(0, 12);
    expect(quarter[0][1]).toBeCloseTo(-1, 12);
    expect(quarter[1][1]).toBeCloseTo(1, 12);
    const half = classMeansAt([[0, 1, 7], [2, 1, 9]], 10, 5);
    expect(half[0][0]).toBeCloseTo(2, 12);
    expect(half[1][0]).toBeCloseTo(0, 12);
    expect([half[0][2], half[1][2]]).toEqual([7, 9]); // third input untouched
    expect(classMeansAt([[-1, 0], [1, 0]], undefined, 123)).toEqual([[-1, 0], [1, 0]]);

    // Empirically: around n = period/4 class 0 sits near (0, -1), not (-1, 0).
    const period = 8000;
    const samples = take(gaussianClassStream({ seed: 'drift', drift: { period } }), 2600);
    const window = samples.slice(1600, 2400); // n ≈ 2000 = period/4, angle ≈ 90°
    const { mean } = classStats(window, 0);
    expect(mean[0]).toBeCloseTo(0, 0);
    expect(mean[1]).toBeLessThan(-0.7);
    const still = take(gaussianClassStream({ seed: 'drift' }), 2600).slice(1600, 2400);
    expect(classStats(still, 0).mean[0]).toBeLessThan(-0.7);
  });

  it('runs the documented example', () => {
    const stream = gaussianClassStream({ seed: 42, drift: { period: 2000 } });
    const first = stream[Symbol.iterator]().next().value;
    const again = stream[Symbol.iterator]().next().value;
    expect(first).toEqual(again);
    expect(first?.t).toBe(0);
  });
});

describe('gaussian classes options', () => {
  const bad: [string, unknown, RegExp][] = [
    ['no seed', {}, /seed is required and must be a string or a finite number, got undefined/],
    ['NaN seed', { seed: Number.NaN }, /seed is required/],
    ['perClass 0', { seed: 1, perClass: 0 }, /perClass must be an integer ≥ 1, got 0/],
    ['count 2.5', { seed: 1, count: 2.5 }, /count must be an integer ≥ 1, got 2.5/],
    ['both sizes', { seed: 1, count: 2, perClass: 1 }, /give perClass or count, not both/],
    ['bad order', { seed: 1, order: 'random' }, /order must be one of grouped, interleaved, shuffled, got random/],
    ['grouped endless', { seed: 1, order: 'grouped' }, /order 'grouped' needs perClass or count/],
    ['negative spread', { seed: 1, spread: -1 }, /spread must be a finite number ≥ 0, got -1/],
    ['spread entry', { seed: 1, spread: [1, Infinity] }, /spread\[1\] must be a finite number ≥ 0, got Infinity/],
    ['spread length', { seed: 1, spread: [1] }, /spread must be a number or an array of 2 numbers/],
    ['one mean', { seed: 1, means: [[0, 0]] }, /means must be two arrays/],
    ['mean lengths', { seed: 1, means: [[0, 0], [1]] }, /means\[0\] and means\[1\] must be non-empty arrays of the same length/],
    ['mean entry', { seed: 1, means: [[0, 0], [1, '1']] }, /means\[1\]\[1\] must be a finite number, got 1/],
    ['drift period', { seed: 1, drift: { period: 0 } }, /drift.period must be a finite number > 0 \(samples per full turn\), got 0/],
    ['drift 1-D', { seed: 1, means: [[0], [1]], drift: { period: 10 } }, /drift needs at least 2 inputs/],
  ];

  it.each(bad)('rejects %s with a RangeError naming it', (_name, options, message) => {
    const call = (): unknown => gaussianClassStream(options as GaussianClassesOptions);
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
    expect(call).toThrow(/^gaussianClassStream: /);
  });

  it('checkClassMeans runs its documented example', () => {
    expect(checkClassMeans([[-1, 0], [1, 0]], 'demo')).toEqual([[-1, 0], [1, 0]]);
    expect(() => checkClassMeans([[-1, 0], [1]], 'demo')).toThrow(RangeError);
    expect(() => checkClassMeans('x', 'demo')).toThrow(/^demo: means must be two arrays/);
  });

  it('asks gaussianClasses for a size', () => {
    expect(() => gaussianClasses({ seed: 1 })).toThrow(/gaussianClasses: give perClass or count/);
  });

  it('fills in the defaults', () => {
    const config = resolveGaussianClassesOptions({ seed: 7, perClass: 5 }, 'demo');
    expect(config).toEqual({
      seed: '7',
      means: [[-1, 0], [1, 0]],
      spread: [1, 1],
      total: 10,
      order: 'interleaved',
      period: undefined,
    });
  });
});
