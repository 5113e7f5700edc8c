import { createHash } from 'node:crypto';

/** The prefix of every checksum this module makes: the algorithm's name. */
export const CHECKSUM_PREFIX = 'sha256:';

/**
 * The canonical JSON text of a JSON value: object keys sorted (by UTF-16 code
 * units), no whitespace, numbers as `JSON.stringify` writes them (the
 * shortest text that reads back as the same double). Two values that are
 * equal as JSON give the same text, whatever the order their keys were
 * written in or the spacing of the file they came from.
 *
 * @throws TypeError for a value JSON cannot hold (undefined, a function, a bigint, a cycle)
 * @example
 * ```ts
 * canonicalJson({ b: [1, 2.50], a: null }); // '{"a":null,"b":[1,2.5]}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // JSON has no Infinity or NaN; JSON.stringify would silently write null.
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  if (seen.has(value)) throw new TypeError('canonicalJson: the value has a cycle');
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((v: unknown) => write(v, seen)).join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], seen)}`).join(',')}}`;
  }
  seen.delete(value);
  return out;
}

/**
 * The checksum of a JSON object's content: `sha256:` and the hex SHA-256 of
 * its {@link canonicalJson}, leaving out the field that holds the checksum.
 * Any change to a value (a flipped digit in a number, say) changes it;
 * reformatting the file or reordering its keys does not.
 *
 * @param content - the object (its `omit` field, if present, is not part of the sum)
 * @param omit - the checksum's own field (default `'checksum'`)
 * @example
 * ```ts
 * contentChecksum({ seen: 77700 }) === contentChecksum({ seen: 75700 }); // false
 * contentChecksum({ a: 1, b: 2 }) === contentChecksum({ b: 2, a: 1, checksum: 'x' }); // true
 * ```
 */
export function contentChecksum(content: Readonly<Record<string, unknown>>, omit = 'checksum'): string {
  const rest: Record<string, unknown> = { ...content };
  delete rest[omit];
  return `${CHECKSUM_PREFIX}${createHash('sha256').update(canonicalJson(rest), 'utf8').digest('hex')}`;
}
