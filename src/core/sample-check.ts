import type { Sample } from './sample.js';

/**
 * Why a value is not a valid sample of the given width, or `null` when it is.
 *
 * A valid sample is `{ x, t }` with `x` an array of `inputs` finite numbers and `t` exactly 0 or 1.
 *
 * @param inputs - the expected number of inputs
 * @example
 * ```ts
 * checkSample({ x: [1, NaN], t: 1 }, 2); // "x[1] is not a finite number (NaN)"
 * checkSample({ x: [1, 2], t: 1 }, 2);   // null
 * ```
 */
export function checkSample(value: unknown, inputs: number): string | null {
  if (typeof value !== 'object' || value === null) return `expected an object {x, t}, got ${describe(value)}`;
  const { x, t } = value as { x?: unknown; t?: unknown };
  if (!Array.isArray(x)) return `x must be an array of numbers, got ${describe(x)}`;
  if (x.length !== inputs) return `x has ${x.length} values, expected ${inputs}`;
  for (let i = 0; i < x.length; i++) {
    const v: unknown = x[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `x[${i}] is not a finite number (${describe(v)})`;
  }
  if (t !== 0 && t !== 1) return `t must be 0 or 1, got ${describe(t)}`;
  return null;
}

/** Asserts that a value is a valid sample; see {@link checkSample}. */
export function assertSample(value: unknown, inputs: number): asserts value is Sample {
  const reason = checkSample(value, inputs);
  if (reason !== null) throw new TypeError(`invalid sample: ${reason}`);
}

function describe(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return v === null ? 'null' : typeof v;
}
