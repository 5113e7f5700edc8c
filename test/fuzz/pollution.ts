/**
 * Checks that no input polluted the built-in prototypes: after a fuzz run,
 * `({}).polluted`, `({}).isAdmin` and friends must still be undefined and
 * the prototypes must hold exactly the keys they held before.
 *
 * @module
 */

const WATCHED: readonly [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
];

/** The own keys (and symbols) of each watched prototype, to compare later. */
export type PrototypeKeys = ReadonlyMap<string, string>;

/** Records the own keys of `Object.prototype` and the other built-in prototypes. */
export function prototypeKeys(): PrototypeKeys {
  return new Map(WATCHED.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort().join('|')]));
}

/**
 * What is polluted now, compared with `before`: an empty list when nothing is.
 *
 * @example
 * ```ts
 * const before = prototypeKeys(); fuzz(); expect(pollution(before)).toEqual([]);
 * ```
 */
export function pollution(before: PrototypeKeys): string[] {
  const found: string[] = [];
  const probe: Record<string, unknown> = {};
  for (const key of ['polluted', 'isAdmin', 'x', 't', 'type', 'id']) {
    if (probe[key] !== undefined) found.push(`({}).${key} is ${String(probe[key])}`);
  }
  if (typeof probe['toString'] !== 'function') found.push('({}).toString is no longer a function');
  if (Object.getPrototypeOf(probe) !== Object.prototype) found.push("a new object's prototype changed");
  const after = prototypeKeys();
  for (const [name, keys] of before) {
    if (after.get(name) !== keys) found.push(`${name} keys changed: ${after.get(name)}`);
  }
  return found;
}
