let identity = new Float64Array(0);

/**
 * `0, 1, …, count − 1` as a view of one array shared by every caller: the
 * index of a message's samples when none was rejected, with no allocation per
 * message. Read it, never write to it.
 *
 * @example
 * ```ts
 * identityIndex(3); // Float64Array [0, 1, 2]
 * ```
 */
export function identityIndex(count: number): Float64Array {
  if (identity.length < count) {
    identity = new Float64Array(Math.max(count, 2 * identity.length, 1024));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, count);
}
