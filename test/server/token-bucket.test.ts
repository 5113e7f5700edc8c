import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/server/token-bucket.js';

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then refills at its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now = 100; // one token back at 10/s
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now = 10_000; // never more than the capacity
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
  it('refuses bad settings', () => {
    expect(() => new TokenBucket(0)).toThrow(/ratePerSecond/);
    expect(() => new TokenBucket(5, 0.5)).toThrow(/capacity/);
  });
});
