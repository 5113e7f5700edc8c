/**
 * A JSON syntax tree for the fuzz generators, and its writer: it can express
 * what `JSON.stringify` cannot (raw tokens such as `1e309`, `-0` or a bare
 * `NaN`; objects as ordered key lists with duplicates and own `__proto__`
 * keys), plus the edits the generators make (pollution keys at every level,
 * a duplicate key, one field replaced).
 *
 * @module
 */
import { int, NUMBER_STRINGS, pick, POLLUTION_KEYS } from './generators.js';
import type { Rng } from './generators.js';

/**
 * A JSON syntax tree that can express what `JSON.stringify` cannot: raw tokens
 * (written as is), and objects as ordered key lists (duplicates allowed).
 */
export type JsonNode =
  | { readonly raw: string }
  | { readonly str: string }
  | { readonly arr: readonly JsonNode[] }
  | { readonly obj: readonly (readonly [string, JsonNode])[] };

/** A raw token: a number's text, `true`, `null`, or anything to be written as is. */
export const raw = (text: string): JsonNode => ({ raw: text });
/** A string value. */
export const str = (s: string): JsonNode => ({ str: s });
/** An array. */
export const arr = (items: readonly JsonNode[]): JsonNode => ({ arr: items });
/** An object, its entries in order. */
export const obj = (entries: readonly (readonly [string, JsonNode])[]): JsonNode => ({ obj: entries });
/** A number, `-0` kept as `-0`. */
export const num = (v: number): JsonNode => raw(Object.is(v, -0) ? '-0' : String(v));

/**
 * Writes a {@link JsonNode} as JSON text: compact, or with seeded random JSON
 * whitespace (space, tab, CR; LF too when `newlines`, never in a JSON line).
 *
 * @example
 * ```ts
 * toJson(obj([['__proto__', num(1)], ['a', raw('1e309')]])); // '{"__proto__":1,"a":1e309}'
 * ```
 */
export function toJson(node: JsonNode, rng?: Rng, newlines = false): string {
  const spaces = newlines ? [' ', '  ', '\t', '\r', '\r\n ', '\n'] : [' ', '  ', '\t', '\r'];
  const ws = (): string => (rng !== undefined && rng() < 0.15 ? pick(rng, spaces) : '');
  const write = (n: JsonNode): string => {
    if ('raw' in n) return n.raw;
    if ('str' in n) return JSON.stringify(n.str);
    if ('arr' in n) return `[${n.arr.map((item) => ws() + write(item) + ws()).join(',')}]`;
    return `{${n.obj.map(([k, v]) => `${ws()}${JSON.stringify(k)}${ws()}:${ws()}${write(v)}${ws()}`).join(',')}}`;
  };
  return write(node);
}

/** What a pollution attempt puts under a pollution key. */
export function pollutionPayload(key: string): JsonNode {
  const marker = obj([
    ['polluted', str('yes')],
    ['isAdmin', raw('true')],
    ['toString', str('pwned')],
  ]);
  return key === 'constructor' ? obj([['prototype', marker]]) : marker;
}

/**
 * The node with pollution keys added to every object at every depth (inside
 * arrays too), before or after the existing keys.
 *
 * @param all - add all three keys to each object (default: one, chosen at random)
 */
export function withPollutionKeys(rng: Rng, node: JsonNode, all = false): JsonNode {
  if ('arr' in node) return arr(node.arr.map((n) => withPollutionKeys(rng, n, all)));
  if (!('obj' in node)) return node;
  const entries = node.obj.map(([k, v]) => [k, withPollutionKeys(rng, v, all)] as const);
  const keys = all ? POLLUTION_KEYS : [pick(rng, POLLUTION_KEYS)];
  const added = keys.map((k) => [k, pollutionPayload(k)] as const);
  return obj(rng() < 0.5 ? [...added, ...entries] : [...entries, ...added]);
}

/**
 * The object with one of its keys repeated: the copy holds `value` and comes
 * before the original (`last` false: JSON.parse keeps the original) or after it
 * (`last` true: the copy wins).
 */
export function withDuplicateKey(rng: Rng, node: JsonNode, value: JsonNode, last: boolean): JsonNode {
  if (!('obj' in node) || node.obj.length === 0) return node;
  const i = int(rng, 0, node.obj.length);
  const copy = [node.obj[i]![0], value] as const;
  const entries = [...node.obj];
  entries.splice(last ? i + 1 : i, 0, copy);
  return obj(entries);
}

/** The object with the entry `key` replaced by `value` (added when missing), or removed when `value` is undefined. */
export function withField(node: JsonNode, key: string, value: JsonNode | undefined): JsonNode {
  if (!('obj' in node)) return node;
  const has = node.obj.some(([k]) => k === key);
  if (value === undefined) return obj(node.obj.filter(([k]) => k !== key));
  return obj(has ? node.obj.map(([k, v]) => [k, k === key ? value : v] as const) : [...node.obj, [key, value]]);
}

/** Values of the wrong JSON type for almost any field. */
export function wrongTypeValue(rng: Rng): JsonNode {
  return pick(rng, [
    raw('null'),
    raw('true'),
    raw('false'),
    str('1'),
    str(''),
    str(pick(rng, NUMBER_STRINGS)),
    raw('{}'),
    raw('[]'),
    obj([['a', num(1)]]),
    arr([str('a'), raw('null')]),
    raw(pick(rng, ['1e309', '-1e309'])),
    num(-1),
    num(0.5),
  ]);
}
