import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../src/server/rate-meter.js';

describe('RateMeter', () => {
  it('measures counts per second over its window', () => {
    const m = new RateMeter(1000);
    expect(m.rate()).toBe(0);
    m.record(0, 0);
    m.record(500, 100);
    expect(m.rate()).toBe(200);
    // a slower second: only the window counts (plus one reading before it)
    for (let t = 600; t <= 3000; t += 100) m.record(t, 100 + (t - 500) / 10);
    expect(m.rate()).toBeCloseTo(100, 6);
  });
  it('starts again after a reset of the counter', () => {
    const m = new RateMeter(1000);
    m.record(0, 0);
    m.record(100, 1000);
    m.record(200, 5);
    expect(m.rate()).toBe(0);
    m.record(300, 25);
    expect(m.rate()).toBe(200);
  });
});
