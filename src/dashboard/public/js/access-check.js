// @ts-check
/**
 * Asks the server what the page's token may do (`GET /access`). A browser
 * sees a refused WebSocket upgrade only as close code 1006, the same as a
 * server that is down; this tells the two apart, so a page holding a token
 * from before a restart (every start makes a new one) can say so and fall
 * back to reading without it.
 */

/**
 * @typedef {{ kind: 'accepted', write: boolean }
 *   | { kind: 'refused', reason: string, readWithoutToken: boolean }
 *   | { kind: 'unknown', why: string }} AccessResult
 */

/**
 * The `access` address next to the page (as `/ws` is).
 * @param {Location | URL} location - the page's location
 * @returns {string}
 * @example
 * accessUrl(new URL('http://127.0.0.1:8080/?token=abc')); // → 'http://127.0.0.1:8080/access'
 */
export function accessUrl(location) {
  const dir = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1) || '/';
  return `${location.protocol}//${location.host}${dir}access`;
}

/**
 * Asks whether `token` is accepted. Never throws: a server that cannot be
 * reached, an older server without `/access`, or an odd answer give
 * `{ kind: 'unknown' }`, and the page simply keeps trying to reconnect.
 *
 * @param {string} url - from {@link accessUrl}
 * @param {string | null} token - the page's token, or null to ask about reading without one
 * @param {typeof fetch} [fetchFn] - `fetch` (a stand-in in tests)
 * @returns {Promise<AccessResult>}
 * @example
 * const r = await checkAccess(accessUrl(location), token);
 * if (r.kind === 'refused') connection.setUrl(streamUrl(location, null));
 */
export async function checkAccess(url, token, fetchFn = fetch) {
  let res;
  try {
    // The token goes in a header, not the address, so it stays out of access logs.
    res = await fetchFn(url, { headers: token === null ? {} : { Authorization: `Bearer ${token}` }, cache: 'no-store' });
  } catch (e) {
    return { kind: 'unknown', why: `the server cannot be reached (${e instanceof Error ? e.message : String(e)})` };
  }
  if (res.status !== 200 && res.status !== 401) return { kind: 'unknown', why: `GET access answered ${res.status}` };
  /** @type {any} */
  let body;
  try {
    body = await res.json();
  } catch {
    return { kind: 'unknown', why: 'GET access answered something other than JSON' };
  }
  if (body === null || typeof body !== 'object') return { kind: 'unknown', why: 'GET access answered an odd body' };
  if (res.status === 200 && body.read === true) return { kind: 'accepted', write: body.write === true };
  if (res.status === 401 && body.read === false) {
    const reason = typeof body.reason === 'string' ? body.reason.slice(0, 200) : 'the token is not valid';
    return { kind: 'refused', reason, readWithoutToken: body.readWithoutToken === true };
  }
  return { kind: 'unknown', why: 'GET access answered an odd body' };
}
