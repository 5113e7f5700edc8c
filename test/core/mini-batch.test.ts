import { describe, expect, it } from 'vitest';
import { MiniBatch } from '../../src/core/mini-batch.js';
import { blockFromSamples } from '../../src/core/index.js';

describe('MiniBatch', () => {
  it('fills from samples and blocks across calls, says when full, and empties on take', () => {
    const batch = new MiniBatch(3, 2);
    expect(batch.push({ x: [1, 2], t: 1 })).toBe(false);
    const block = blockFromSamples([
      { x: [3, 4], t: 0 },
      { x: [5, 6], t: 1 },
      { x: [7, 8], t: 0 },
    ]);
    expect(batch.fill(block, 0, 3)).toBe(2);
    expect(batch.full).toBe(true);
    expect(Array.from(batch.x)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(batch.t)).toEqual([1, 0, 1]);
    expect(batch.fill(block, 2, 3)).toBe(0);
    expect(batch.take()).toBe(3);
    expect(batch.fill(block, 2, 3)).toBe(1);
    expect(batch.pending).toBe(1);
    expect(Array.from(batch.x.subarray(0, 2))).toEqual([7, 8]);
  });
});
