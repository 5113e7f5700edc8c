import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { productError, sumError } from '../../src/data/exact-arithmetic.js';

describe('exact arithmetic', () => {
  it('recovers the exact rounding error of products and sums (checked with BigInt on scaled values)', () => {
    const rng = seedrandom('eft');
    const exact = (v: number): bigint => BigInt(v * 2 ** 60); // integers: exact for values in [1, 2) scaled by 2^60
    for (let i = 0; i < 2000; i++) {
      const a = 1 + rng();
      const b = 1 + rng();
      const s = a + b;
      // a, b, s, and the error are all multiples of 2^-52, so scaling by 2^60 keeps them integers.
      expect(exact(a) + exact(b)).toBe(exact(s) + exact(sumError(a, b, s)));
      const p = a * b;
      const e = productError(a, b, p);
      // a·b needs 2^-104 resolution: compare in units of 2^-104.
      const u = (v: number): bigint => BigInt(v * 2 ** 52) * 2n ** 52n;
      expect(BigInt(a * 2 ** 52) * BigInt(b * 2 ** 52)).toBe(u(p) + BigInt(e * 2 ** 104));
    }
  });

  it('is zero when the operation is exact', () => {
    expect(productError(3, 0.5, 1.5)).toBe(0);
    expect(sumError(1, 2, 3)).toBe(0);
  });
});
