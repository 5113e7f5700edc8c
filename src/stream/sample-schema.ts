/**
 * The trust boundary for samples: the one place where the shape of a sample
 * is written as a zod schema. The stream layer's validation operator, the
 * learner's `push` and the server's WebSocket messages all use it.
 *
 * @module
 */
import { z } from 'zod';
import { checkSample } from '../core/index.js';
import type { Sample } from '../core/index.js';

/**
 * A class label, 0 or 1.
 *
 * @example
 * ```ts
 * LabelSchema.parse(1); // 1
 * ```
 */
export const LabelSchema = z.literal([0, 1], {
  error: (issue) => `must be 0 or 1, got ${describe(issue.input)}`,
});

/**
 * A sample of any width: `{ x: number[] (finite, at least one), t: 0 | 1 }`.
 * Extra keys are allowed and dropped by `parse`.
 *
 * @example
 * ```ts
 * SampleSchema.parse({ x: [0.5, -1], t: 1 }); // { x: [0.5, -1], t: 1 }
 * SampleSchema.safeParse({ x: [NaN], t: 1 }).success; // false
 * ```
 */
export const SampleSchema = z.object({
  x: z.array(z.number()).min(1, { error: 'x must hold at least one number' }),
  t: LabelSchema,
});

const byWidth = new Map<number, z.ZodType<Sample>>();

/**
 * The schema of a sample with exactly `inputs` values in `x` (cached per width).
 *
 * @param inputs - the model's number of inputs, an integer ≥ 1
 * @throws RangeError when `inputs` is not an integer ≥ 1
 * @example
 * ```ts
 * sampleSchemaFor(2).safeParse({ x: [1], t: 0 }).success; // false: 'has 1 value, expected 2'
 * ```
 */
export function sampleSchemaFor(inputs: number): z.ZodType<Sample> {
  if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`inputs must be an integer ≥ 1, got ${String(inputs)}`);
  let schema = byWidth.get(inputs);
  if (schema === undefined) {
    schema = z.object({
      x: z.array(z.number()).refine((x) => x.length === inputs, {
        error: (issue) => `has ${plural((issue.input as unknown[]).length, 'value')}, expected ${inputs}`,
        abort: true,
      }),
      t: LabelSchema,
    }) as z.ZodType<Sample>;
    byWidth.set(inputs, schema);
  }
  return schema;
}

/**
 * Why an untrusted value is not a sample of width `inputs`, in zod's words
 * with the path of each problem (`x[1]: Invalid input: expected number,
 * received NaN`), or `null` when it is a valid sample.
 *
 * Valid samples take a fast hand-written check (the core's `checkSample`,
 * which accepts exactly what the schema accepts); zod runs only to explain a
 * rejection, so validation costs little on a clean stream.
 *
 * At most {@link MAX_ISSUES_IN_REASON} problems are named (a sample of
 * 100,000 nulls is one reason of a few lines, not 100,000); with
 * `detailed: false` the reason is the core's one-line check, without zod,
 * for callers that meet many rejections at once.
 *
 * @param value - anything, such as one element of a parsed JSON message
 * @param inputs - the expected number of inputs
 * @param detailed - explain with zod, naming every problem up to the cap (default true)
 * @example
 * ```ts
 * sampleRejectionReason({ x: [1, 2], t: 3 }, 2); // 't: must be 0 or 1, got 3'
 * sampleRejectionReason({ x: [1, 2], t: 1 }, 2); // null
 * ```
 */
export function sampleRejectionReason(value: unknown, inputs: number, detailed = true): string | null {
  const quick = Array.isArray(value) ? 'expected an object {x, t}, got an array' : checkSample(value, inputs);
  if (quick === null || !detailed) return quick;
  const result = sampleSchemaFor(inputs).safeParse(value);
  if (result.success) return checkSample(value, inputs) ?? 'expected an object {x, t}, got an array';
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    if (seen.has(path)) continue; // zod may add a second, less helpful issue on the same path
    seen.add(path);
    parts.push(path === '' ? issue.message : `${path}: ${issue.message}`);
  }
  const more = parts.length - MAX_ISSUES_IN_REASON;
  return more > 0 ? `${parts.slice(0, MAX_ISSUES_IN_REASON).join('; ')}; and ${more} more` : parts.join('; ');
}

/** The most problems one rejection reason names. */
export const MAX_ISSUES_IN_REASON = 5;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'object') return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
