/**
 * The `Host` allow-list that stops DNS rebinding: a page on `evil.example`
 * whose name the attacker re-points at 127.0.0.1 reaches this server with
 * `Host: evil.example:PORT` and, being same-origin with itself, could read
 * everything. Names must be loopback (`localhost`, `*.localhost`), the name
 * the server listens on, or allowed by the operator (`--allowed-host`).
 *
 * IP literals always pass, by design (webpack-dev-server's `allowedHosts`
 * does the same), because they cannot be rebound:
 * - A browser puts in `Host` the host of the URL it fetches, and with an IP
 *   literal it connects to that very address: no DNS lookup takes place, so
 *   there is no answer an attacker could change. A request that reaches this
 *   server with `Host: 10.1.2.3` came from a page whose origin is
 *   `http://10.1.2.3:PORT`, the address of this server (or of a proxy or port
 *   mapping in front of it): the page is this server's own.
 * - A page on another origin that sends a request to the IP is cross-origin:
 *   the browser gives it no access to the answer, and its WebSocket upgrade
 *   carries its own `Origin`, which the Origin check refuses.
 * - Browsers canonicalise numeric hosts before sending them (`2130706433`,
 *   `0x7f.1` and `127.0.0.1.` become `127.0.0.1`), so the forms `isIP` does
 *   not know are treated as names here and refused; no browser sends them.
 * - A client outside a browser can write any `Host` it likes, so the check
 *   was never a defence against it: tokens are.
 *
 * Limiting IPs to loopback and the listening addresses would break what
 * people really run (`--host 0.0.0.0` reached through the LAN address or a
 * container's port mapping, whose address the server never sees) and close
 * no hole.
 *
 * @module
 */
import { isIP } from 'node:net';

/** The resolved allow-list: `'any'`, or exact names and `.suffix` patterns (lower case). */
export type AllowedHosts = 'any' | { readonly names: ReadonlySet<string>; readonly suffixes: readonly string[] };

/**
 * Builds the allow-list from the listening host and the operator's entries.
 *
 * @param listenHost - the interface the server binds (a name listed there is allowed)
 * @param extra - more names: `example.org`, `.example.org` (the name and its subdomains), or `*` for any
 * @throws RangeError for an entry that is not a host name
 * @example
 * ```ts
 * const hosts = resolveAllowedHosts('0.0.0.0', ['learner.lan']);
 * isAllowedHost('learner.lan:8080', hosts); // true
 * isAllowedHost('evil.example:8080', hosts); // false
 * ```
 */
export function resolveAllowedHosts(listenHost: string, extra: readonly string[] = []): AllowedHosts {
  if (extra.includes('*')) return 'any';
  const names = new Set(['localhost']);
  const suffixes = ['.localhost'];
  const listen = listenHost.toLowerCase();
  if (isIP(listen) === 0 && listen !== '') names.add(listen);
  for (const entry of extra) {
    const host = entry.trim().toLowerCase();
    if (!/^\.?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host) && isIP(host) === 0) {
      throw new RangeError(`allowed host must be a host name such as example.org or .example.org (or * for any), got ${JSON.stringify(entry)}`);
    }
    if (host.startsWith('.')) {
      suffixes.push(host);
      names.add(host.slice(1));
    } else names.add(host);
  }
  return { names, suffixes };
}

/**
 * Whether a `Host` header (or an absolute-form target's authority) names this server.
 *
 * @param host - `name[:port]`, `[v6][:port]` or `v4[:port]`
 * @returns false for a missing, malformed or unlisted name; true for any IP address
 * @example
 * ```ts
 * isAllowedHost('127.0.0.1:8080', resolveAllowedHosts('127.0.0.1')); // true
 * isAllowedHost('[::1]:8080', resolveAllowedHosts('127.0.0.1'));     // true
 * isAllowedHost('evil.example:8080', resolveAllowedHosts('127.0.0.1')); // false
 * ```
 */
export function isAllowedHost(host: string | undefined, allowed: AllowedHosts): boolean {
  if (allowed === 'any') return host !== undefined;
  const name = hostName(host);
  if (name === undefined) return false;
  if (name.startsWith('[') ? isIP(name.slice(1, -1)) === 6 : isIP(name) === 4) return true;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name; // 'localhost.' is 'localhost'
  return allowed.names.has(bare) || allowed.suffixes.some((suffix) => bare.endsWith(suffix));
}

/**
 * Checks the names a request gives for this server: its `Host` header and,
 * for an absolute-form target, the target's authority.
 *
 * @returns undefined when allowed, else the reason for a 403
 * @example
 * ```ts
 * requestHostProblem(req.headers.host, target.authority, allowed); // undefined, or 'this Host is not allowed …'
 * ```
 */
export function requestHostProblem(host: string | undefined, authority: string | undefined, allowed: AllowedHosts): string | undefined {
  if (host === undefined) return 'a Host header is required';
  if (!isAllowedHost(host, allowed) || (authority !== undefined && !isAllowedHost(authority, allowed))) {
    return 'this Host is not allowed: start the server with --allowed-host NAME to serve it under that name';
  }
  return undefined;
}

/** The name part of `host[:port]` in lower case, or undefined when it is not of that shape. */
function hostName(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/\s@]+)(?::\d{1,5})?$/.exec(host.trim());
  return match === null ? undefined : match[1]!.toLowerCase();
}
