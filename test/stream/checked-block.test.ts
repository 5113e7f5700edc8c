import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { blockFromSamples, blockToSamples } from '../../src/core/index.js';
import { checkSampleBlock, checkSampleItems } from '../../src/stream/checked-block.js';

describe('checkSampleItems', () => {
  it('packs the valid items into a fresh block with their indexes, and explains each rejection', () => {
    const items = [{ x: [1, 2], t: 1 }, 'junk', { x: [1], t: 0 }, { x: [3, 4], t: 0, extra: true }, { x: [5, NaN], t: 1 }];
    const { block, rejected } = checkSampleItems(items, 2);
    expect(blockToSamples(block)).toEqual([{ x: [1, 2], t: 1 }, { x: [3, 4], t: 0 }]);
    expect(Array.from(block.positions)).toEqual([0, 3]);
    expect(rejected.map((r) => r.index)).toEqual([1, 2, 4]);
    expect(rejected[1]!.reason).toMatch(/x.*expected 2/);
    expect(rejected[0]!.input).toBe('junk');
    (items[0] as { x: number[] }).x[0] = 99;
    expect(block.x[0]).toBe(1); // no memory shared with the input
  });

  it('gives an all-bad or empty input an empty block of the model width', () => {
    expect(checkSampleItems([], 3).block).toMatchObject({ width: 3, length: 0 });
    const junk = Array.from({ length: 150 }, () => null);
    const { block, rejected } = checkSampleItems(junk, 3);
    expect(block.length).toBe(0);
    expect(rejected.length).toBe(150);
  });
});

describe('checkSampleBlock', () => {
  const good = blockFromSamples([{ x: [1, 2], t: 1 }, { x: [3, 4], t: 0 }, { x: [5, 6], t: 1 }]);

  it('passes a clean block as it is (no copy)', () => {
    const checked = checkSampleBlock(good, 2);
    expect(typeof checked !== 'string' && checked.block).toBe(good);
  });

  it('rejects bad rows by index and copies the good ones', () => {
    const x = Float64Array.of(1, 2, Infinity, 4, 5, 6, 7, 8);
    const checked = checkSampleBlock({ width: 2, length: 4, x, t: Uint8Array.of(1, 0, 2, 0) }, 2);
    if (typeof checked === 'string') throw new Error(checked);
    expect(checked.rejected).toEqual([
      { index: 1, reason: 'x[0] is not a finite number (Infinity)' },
      { index: 2, reason: 't must be 0 or 1, got 2' },
    ]);
    expect(blockToSamples(checked.block)).toEqual([{ x: [1, 2], t: 1 }, { x: [7, 8], t: 0 }]);
  });

  it('finds every bad value wherever it is, and reads nothing past the rows (random blocks)', () => {
    const rng = seedrandom('checked-block');
    const bad = [NaN, Infinity, -Infinity];
    for (let round = 0; round < 300; round++) {
      const width = 1 + Math.floor(rng() * 4);
      const length = Math.floor(rng() * 40);
      const x = Float64Array.from({ length: length * width + 3 }, () => (rng() - 0.5) * 1e300);
      const t = Uint8Array.from({ length: length + 2 }, () => (rng() < 0.5 ? 0 : 1));
      x.fill(NaN, length * width); // past the rows: not part of the block
      t.fill(7, length);
      const badRows = new Set<number>();
      for (let k = 0; k < (round % 3) && length > 0; k++) {
        const r = Math.floor(rng() * length);
        badRows.add(r);
        if (rng() < 0.5) t[r] = 2 + Math.floor(rng() * 254);
        else x[r * width + Math.floor(rng() * width)] = bad[Math.floor(rng() * 3)]!;
      }
      const block = { width, length, x, t };
      const checked = checkSampleBlock(block, width);
      if (typeof checked === 'string') throw new Error(checked);
      expect(checked.rejected.map((r) => r.index)).toEqual([...badRows].sort((a, b) => a - b));
      if (badRows.size === 0) expect(checked.block).toBe(block);
      else expect(checked.block.length).toBe(length - badRows.size);
    }
  });

  it('refuses a block of another width or an inconsistent shape as a whole', () => {
    expect(checkSampleBlock(good, 3)).toBe('the block has 2 features per sample, expected 3');
    expect(checkSampleBlock({ ...good, length: 5 }, 2)).toMatch(/x holds 6 values, 5 rows of 2 need 10/);
    expect(checkSampleBlock({ ...good, length: 1.5 }, 2)).toMatch(/length must be an integer/);
    expect(checkSampleBlock({ ...good, t: [1, 0, 1] as unknown as Uint8Array }, 2)).toMatch(/t must be a Uint8Array/);
  });
});
