const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

let bytes = new Uint8Array(256);

/**
 * MurmurHash3 x86_32 of a string's UTF-8 bytes: the hash Vowpal Wabbit and
 * scikit-learn's `FeatureHasher` (`sklearn.utils.murmurhash3_32`) use.
 *
 * @param key - hashed as UTF-8 (lone surrogates as U+FFFD, as `TextEncoder`)
 * @param seed - an unsigned 32-bit seed (default 0)
 * @returns the hash as an unsigned 32-bit integer (scikit-learn's `positive=True`;
 *   `h | 0` is its signed default)
 * @example
 * ```ts
 * murmurhash3('foo'); // 4138058784, as murmurhash3_32('foo', positive=True)
 * ```
 */
export function murmurhash3(key: string, seed = 0): number {
  const n = utf8(key);
  return murmurhash3Bytes(bytes, n, seed);
}

/**
 * MurmurHash3 x86_32 of the first `length` bytes of `data`.
 *
 * @example
 * ```ts
 * murmurhash3Bytes(new TextEncoder().encode('foo'), 3); // 4138058784
 * ```
 */
export function murmurhash3Bytes(data: Uint8Array, length: number, seed = 0): number {
  let h = seed >>> 0;
  const blocks = length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= data[blocks + 2]! << 16;
    if (tail >= 2) k ^= data[blocks + 1]! << 8;
    k ^= data[blocks]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Writes the key's UTF-8 bytes into the shared scratch buffer; returns their count. */
function utf8(key: string): number {
  if (bytes.length < key.length * 3) bytes = new Uint8Array(key.length * 3);
  let n = 0;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c < 0x80) {
      bytes[n++] = c;
      continue;
    }
    if (c < 0x800) {
      bytes[n++] = 0xc0 | (c >> 6);
      bytes[n++] = 0x80 | (c & 63);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = key.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        bytes[n++] = 0xf0 | (cp >> 18);
        bytes[n++] = 0x80 | ((cp >> 12) & 63);
        bytes[n++] = 0x80 | ((cp >> 6) & 63);
        bytes[n++] = 0x80 | (cp & 63);
        continue;
      }
      c = 0xfffd; // a lone surrogate, as TextEncoder writes it
    }
    bytes[n++] = 0xe0 | (c >> 12);
    bytes[n++] = 0x80 | ((c >> 6) & 63);
    bytes[n++] = 0x80 | (c & 63);
  }
  return n;
}
