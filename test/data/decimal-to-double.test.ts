import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { decimalToDouble, SIGNIFICAND_HIGH_LIMIT, SIGNIFICAND_LOW_DIGITS } from '../../src/data/decimal-to-double.js';

/** Splits an unsigned decimal (digits, optional point) the way the scanner does. */
function split(text: string): [number, number, number, number] {
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let exponent = 0;
  let fraction = false;
  for (const ch of text) {
    if (ch === '.') {
      fraction = true;
      continue;
    }
    const d = ch.charCodeAt(0) - 48;
    if (high < SIGNIFICAND_HIGH_LIMIT) high = high * 10 + d;
    else if (lowDigits < SIGNIFICAND_LOW_DIGITS) (low = low * 10 + d), lowDigits++;
    else lowDigits = 99;
    if (fraction && lowDigits !== 99) exponent--;
  }
  return [high, low, lowDigits, exponent];
}

/** The decimal text of `digits · 10^-k` (k ≥ 0). */
function withPoint(digits: string, k: number): string {
  if (k === 0) return digits;
  const padded = digits.padStart(k + 1, '0');
  return `${padded.slice(0, padded.length - k)}.${padded.slice(padded.length - k)}`;
}

interface Tally {
  decided: number;
  wrong: string[];
}

function check(text: string, tally: Tally): void {
  const v = decimalToDouble(...split(text));
  if (Number.isNaN(v)) return;
  tally.decided++;
  if (!Object.is(v, Number(text))) tally.wrong.push(`${text}: ${v} ≠ ${Number(text)}`);
}

describe('decimalToDouble', () => {
  it('reads short significands with one IEEE operation', () => {
    expect(decimalToDouble(15, 0, 0, -1)).toBe(1.5);
    expect(decimalToDouble(3, 0, 0, 22)).toBe(3e22);
    expect(decimalToDouble(3, 0, 0, 23)).toBeNaN();
    expect(decimalToDouble(0, 0, 0, -400)).toBe(0);
  });

  it('reads 17-digit significands exactly', () => {
    expect(decimalToDouble(...split('2.5265455283107188'))).toBe(2.5265455283107188);
    expect(decimalToDouble(...split('0.30000000000000004'))).toBe(0.30000000000000004);
  });

  it('gives up (NaN) on exact ties, which need round-half-even from Number()', () => {
    // 2^53 + 1 lies exactly between two doubles.
    expect(decimalToDouble(...split('9007199254740993'))).toBeNaN();
    expect(decimalToDouble(...split('9007199254740994'))).toBe(2 ** 53 + 2);
  });

  it('matches Number() bit for bit on random 16- to 22-digit decimals', () => {
    const rng = seedrandom('decimal');
    const tally: Tally = { decided: 0, wrong: [] };
    for (let i = 0; i < 200_000; i++) {
      const n = 16 + Math.floor(rng() * 7);
      let digits = String(1 + Math.floor(rng() * 9));
      while (digits.length < n) digits += String(Math.floor(rng() * 10));
      check(withPoint(digits, Math.floor(rng() * 23)), tally);
    }
    expect(tally.wrong).toEqual([]);
    expect(tally.decided).toBeGreaterThan(190_000);
  });

  it('rounds correctly just beside the midpoints between doubles', () => {
    // For a random double d in [1, 2), m = d + ulp/2 is a midpoint; the
    // decimals floor(m·10^k) and ceil(m·10^k) (k = 19…21) lie within 10^-k of
    // it, on either side, and must round to d and to d + ulp respectively.
    const rng = seedrandom('midpoints');
    const tally: Tally = { decided: 0, wrong: [] };
    for (let i = 0; i < 20_000; i++) {
      const mantissa = 2n ** 52n + BigInt(Math.floor(rng() * 2 ** 52));
      const k = 19 + Math.floor(rng() * 3);
      const scaled = (2n * mantissa + 1n) * 10n ** BigInt(k); // m·10^k · 2^53
      const below = scaled >> 53n;
      for (const s of [below, below + 1n]) check(withPoint(s.toString(), k), tally);
    }
    expect(tally.wrong).toEqual([]);
    expect(tally.decided).toBeGreaterThan(39_000);
  });

  it('rounds integers beside midpoints above 2^53 correctly', () => {
    const rng = seedrandom('integers');
    const tally: Tally = { decided: 0, wrong: [] };
    for (let i = 0; i < 20_000; i++) {
      const j = BigInt(Math.floor(rng() * 10));
      const odd = 2n ** 53n + 2n * BigInt(Math.floor(rng() * 2 ** 52)) + 1n; // in (2^53, 2^54)
      const midpoint = odd << j; // halfway between two doubles of spacing 2^(j+1)
      for (const s of [midpoint - 1n, midpoint, midpoint + 1n]) check(s.toString(), tally);
    }
    expect(tally.wrong).toEqual([]);
    expect(tally.decided).toBeGreaterThan(39_000);
  });
});
