import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { correctlyRoundedLog } from '../../src/data/correctly-rounded-log.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/log.json', import.meta.url), 'utf8')) as {
  x: number[];
  correctlyRounded: number[];
  libm: number[];
};

describe('correctlyRoundedLog', () => {
  it('equals ln(x) correctly rounded (60-digit decimal reference) for every fixture value', () => {
    const wrong = fixture.x.filter((x, i) => correctlyRoundedLog(x) !== fixture.correctlyRounded[i]);
    expect(wrong).toEqual([]);
  });

  it('is needed: Math.log alone misses some of them', () => {
    const missed = fixture.x.filter((x, i) => Math.log(x) !== fixture.correctlyRounded[i]).length;
    expect(missed).toBeGreaterThan(0);
  });

  it('passes special values through as Math.log', () => {
    expect(correctlyRoundedLog(1)).toBe(0);
    expect(correctlyRoundedLog(0)).toBe(-Infinity);
    expect(correctlyRoundedLog(-1)).toBeNaN();
    expect(correctlyRoundedLog(Infinity)).toBe(Infinity);
    expect(correctlyRoundedLog(0.5)).toBe(-Math.LN2);
  });
});
