import { describe, expect, it } from 'vitest';
import { checkSample } from '../../src/core/index.js';
import { LabelSchema, sampleRejectionReason, SampleSchema, sampleSchemaFor } from '../../src/stream/sample-schema.js';

const tricky: unknown[] = [
  null, undefined, 0, 'x', true, [], [1, 2], { x: [1, 2] }, { t: 1 }, { x: [1, 2], t: 1 }, { x: [1, 2], t: 0, id: 'extra' },
  { x: [1, 2], t: -0 }, { x: [1, 2], t: 2 }, { x: [1, 2], t: '1' }, { x: [1, 2], t: true }, { x: [1, 2], t: null },
  { x: [1], t: 1 }, { x: [1, 2, 3], t: 0 }, { x: [], t: 0 }, { x: [1, NaN], t: 1 }, { x: [Infinity, 1], t: 1 },
  { x: [1, -Infinity], t: 0 }, { x: [1, '2'], t: 1 }, { x: [1, null], t: 1 }, { x: '1,2', t: 0 }, { x: { 0: 1, 1: 2, length: 2 }, t: 1 },
  // eslint-disable-next-line no-sparse-arrays
  { x: [1, , 3], t: 1 }, { x: [1e308, -1e308], t: 1 }, { x: [0, -0], t: 0 }, Object.assign([1, 2], { x: [1, 2], t: 1 }),
  new (class Point { x = [3, 4]; t = 1; })(),
];

describe('sampleRejectionReason', () => {
  it('accepts exactly what the zod schema accepts (the fast path never disagrees)', () => {
    for (const value of tricky) {
      const zodOk = sampleSchemaFor(2).safeParse(value).success;
      expect(sampleRejectionReason(value, 2) === null, `value ${JSON.stringify(value)}`).toBe(zodOk);
    }
  });

  it('explains each rejection with the path and zod\'s reason', () => {
    expect(sampleRejectionReason(null, 2)).toBe('Invalid input: expected object, received null');
    expect(sampleRejectionReason([1, 2], 2)).toBe('Invalid input: expected object, received array');
    expect(sampleRejectionReason({ x: [1, NaN], t: 1 }, 2)).toBe('x[1]: Invalid input: expected number, received NaN');
    expect(sampleRejectionReason({ x: [1], t: 0 }, 2)).toBe('x: has 1 value, expected 2');
    expect(sampleRejectionReason({ x: [1, 2, 3], t: '1' }, 2)).toBe('x: has 3 values, expected 2; t: must be 0 or 1, got "1"');
    expect(sampleRejectionReason({ x: '1,2', t: 0 }, 2)).toBe('x: Invalid input: expected array, received string');
    expect(sampleRejectionReason({ x: [1, 2] }, 2)).toBe('t: must be 0 or 1, got nothing');
  });

  it('passes valid samples, extra keys allowed', () => {
    expect(sampleRejectionReason({ x: [0.5, -1], t: 1, id: 7 }, 2)).toBeNull();
    expect(checkSample({ x: [0.5, -1], t: 1 }, 2)).toBeNull();
  });
});

describe('schemas', () => {
  it('SampleSchema takes any width ≥ 1, LabelSchema only 0 and 1', () => {
    expect(SampleSchema.parse({ x: [1, 2, 3], t: 0, extra: 1 })).toEqual({ x: [1, 2, 3], t: 0 });
    expect(SampleSchema.safeParse({ x: [], t: 0 }).success).toBe(false);
    expect(LabelSchema.safeParse(1).success).toBe(true);
    expect(LabelSchema.safeParse(0.5).success).toBe(false);
  });

  it('sampleSchemaFor caches per width and refuses a bad width', () => {
    expect(sampleSchemaFor(3)).toBe(sampleSchemaFor(3));
    expect(() => sampleSchemaFor(0)).toThrow(/inputs must be an integer ≥ 1, got 0/);
  });
});
