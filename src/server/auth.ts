import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseRequestTarget } from './request-target.js';

/**
 * Makes a random, URL-safe token (base64url of `bytes` random bytes).
 *
 * @param bytes - entropy in bytes (default 24, giving 32 characters)
 * @example
 * ```ts
 * const token = createToken(); // e.g. 'q3C0u…' (32 characters, [A-Za-z0-9_-])
 * ```
 */
export function createToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A secret token that can only be compared, in constant time: both sides are
 * hashed with SHA-256 first, so neither the content nor the length leaks
 * through timing.
 */
export class SecretToken {
  readonly #digest: Buffer;

  /** @param token - the secret, a non-empty string */
  constructor(token: string) {
    if (typeof token !== 'string' || token.length === 0) throw new RangeError('a token must be a non-empty string');
    this.#digest = digest(token);
  }

  /**
   * Whether `candidate` is this token, in time independent of both.
   *
   * @example
   * ```ts
   * new SecretToken('s3cret').matches('s3cret'); // true
   * new SecretToken('s3cret').matches('guess');  // false
   * ```
   */
  matches(candidate: string | undefined): boolean {
    // The token is never empty, so an absent candidate (hashed as '') never matches.
    return timingSafeEqual(this.#digest, digest(candidate ?? ''));
  }

  /** Never print the secret by accident (logging, `JSON.stringify`, `util.inspect`). */
  toString(): string {
    return '[SecretToken]';
  }

  /** @see toString */
  toJSON(): string {
    return '[SecretToken]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[SecretToken]';
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The token a WebSocket upgrade request presents: an `Authorization: Bearer T`
 * header, else the `token` query parameter (browsers cannot set headers).
 *
 * @returns the token, or `undefined` when none is presented
 * @example
 * ```ts
 * requestToken({ headers: {}, url: '/ws?token=abc' } as IncomingMessage); // 'abc'
 * ```
 */
export function requestToken(request: Pick<IncomingMessage, 'headers' | 'url'>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match) return match[1];
  }
  const target = parseRequestTarget(request.url);
  const query = target.ok ? target.query.get('token') : null;
  return query === null || query === '' ? undefined : query;
}

/** What a request may do, from the tokens it presents. */
export type Access = { readonly ok: true; readonly canWrite: boolean } | { readonly ok: false; readonly reason: string };

/**
 * Decides access for a presented token: the write token may read and write;
 * the read token (when one is set) may read; with no read token set, anyone
 * may read. A token that matches neither is refused, so a mistyped or stale
 * token fails loudly instead of silently giving read-only access.
 *
 * @param presented - the token from {@link requestToken}
 * @param tokens - the write token and the optional read token
 * @example
 * ```ts
 * const write = new SecretToken('w');
 * decideAccess('w', { write });        // { ok: true, canWrite: true }
 * decideAccess(undefined, { write });  // { ok: true, canWrite: false }
 * decideAccess('x', { write });        // { ok: false, reason: 'the token is not valid' }
 * ```
 */
export function decideAccess(
  presented: string | undefined,
  tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined },
): Access {
  // Compare against both whatever happens, so the timing doesn't tell which token matched.
  const isWrite = tokens.write.matches(presented);
  const isRead = tokens.read?.matches(presented) ?? false;
  if (isWrite) return { ok: true, canWrite: true };
  if (isRead) return { ok: true, canWrite: false };
  if (presented !== undefined) return { ok: false, reason: 'the token is not valid' };
  if (tokens.read !== undefined) return { ok: false, reason: 'a token is required to read this stream' };
  return { ok: true, canWrite: false };
}
