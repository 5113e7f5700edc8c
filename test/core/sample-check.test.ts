import { describe, expect, it } from 'vitest';
import { assertSample, checkSample } from '../../src/core/sample-check.js';

describe('checkSample', () => {
  it('accepts a valid sample', () => {
    expect(checkSample({ x: [1, -0], t: 0 }, 2)).toBeNull();
  });
  it.each([
    [null, 2, /expected an object/],
    [{ x: 'ab', t: 1 }, 2, /x must be an array/],
    [{ x: [1], t: 1 }, 2, /x has 1 values, expected 2/],
    [{ x: [1, NaN], t: 1 }, 2, /x\[1\] is not a finite number \(NaN\)/],
    [{ x: [1, Infinity], t: 1 }, 2, /x\[1\] is not a finite number/],
    [{ x: [1, '2'], t: 1 }, 2, /x\[1\] is not a finite number \("2"\)/],
    [{ x: [1, 2], t: 2 }, 2, /t must be 0 or 1, got 2/],
    [{ x: [1, 2], t: true }, 2, /t must be 0 or 1/],
  ])('rejects %j with a reason', (value, inputs, reason) => {
    expect(checkSample(value, inputs)).toMatch(reason);
    expect(() => assertSample(value, inputs)).toThrow(reason);
  });
});
