/**
 * Reads an HTTP request target without ever throwing. `new URL(target, base)`
 * throws on targets such as `//` or `/\` (it takes them for a scheme-relative
 * URL with an empty host), and resolves `//evil.example/ws` to the path `/ws`;
 * here a target is read as the server receives it.
 *
 * @module
 */

/** A request target, read: its path (as sent, not decoded) and its query. */
export interface RequestTarget {
  /** The path, e.g. `/ws` or `/vendor/uplot.min.css`; never decoded, so `/%77s` is not `/ws`. */
  readonly pathname: string;
  /** The query's parameters (lenient: malformed escapes are kept as they are). */
  readonly query: URLSearchParams;
  /** The authority of an absolute-form target (`GET http://host:port/path`), else undefined. */
  readonly authority?: string;
}

/** The outcome of {@link parseRequestTarget}. */
export type ParsedTarget = ({ readonly ok: true } & RequestTarget) | { readonly ok: false; readonly reason: string };

/**
 * Parses a request target: the origin form (`/path?query`) or the absolute
 * form (`http://host:port/path?query`). Anything else (`*`, `ws`, `\`, a
 * malformed absolute URL) is refused with a reason, for a 400.
 *
 * @param target - `request.url` as Node gives it
 * @example
 * ```ts
 * parseRequestTarget('/ws?token=abc');      // { ok: true, pathname: '/ws', query: URLSearchParams { token: 'abc' } }
 * parseRequestTarget('//');                 // { ok: true, pathname: '//', … } (no route has it: 404)
 * parseRequestTarget('*');                  // { ok: false, reason: 'the request target must start with "/"' }
 * ```
 */
export function parseRequestTarget(target: string | undefined): ParsedTarget {
  if (typeof target !== 'string' || target === '') return { ok: false, reason: 'the request has no target' };
  if (target.startsWith('/')) return split(target);
  if (/^https?:\/\//i.test(target)) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { ok: false, reason: 'the request target is not a valid absolute URL' };
    }
    // Read the path from the text, not from URL (which folds `\` into `/` and resolves dot segments).
    const rest = target.slice(target.indexOf('://') + 3);
    const end = rest.search(/[/?#\\]/);
    if (end === 0) return { ok: false, reason: 'the request target has an empty host' };
    const tail = end === -1 ? '' : rest.slice(end);
    const parsed = split(tail.startsWith('/') ? tail : `/${tail}`);
    return parsed.ok ? { ...parsed, authority: url.host } : parsed;
  }
  return { ok: false, reason: 'the request target must start with "/"' };
}

function split(target: string): ParsedTarget {
  const hash = target.indexOf('#');
  const withoutHash = hash === -1 ? target : target.slice(0, hash);
  const question = withoutHash.indexOf('?');
  const pathname = question === -1 ? withoutHash : withoutHash.slice(0, question);
  const query = new URLSearchParams(question === -1 ? '' : withoutHash.slice(question + 1));
  return { ok: true, pathname, query };
}
