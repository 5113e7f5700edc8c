/**
 * Seeded raw HTTP requests for the request-target fuzz: odd targets, methods,
 * versions and headers, with and without a WebSocket `Upgrade`. Half of them
 * are well-formed, and for those the generator knows the status a correct
 * server answers (its oracle, built from how the request was made, not from
 * the server's code); the rest may get any 4xx, never a 5xx, never silence.
 *
 * @module
 */
import { fuzzRng, int, pick, randomBytes, weighted } from './generators.js';
import type { Rng } from './generators.js';

/** What the generator needs to know of the server under test. */
export interface HttpFuzzTarget {
  readonly port: number;
  /** The write token (a request sometimes presents it). */
  readonly writeToken: string;
  /** Paths the server serves with 200 on GET (the page, its scripts, the vendor files). */
  readonly files: readonly string[];
}

/** One generated request. */
export interface HttpCase {
  readonly bytes: Buffer;
  /** The status a correct server answers; undefined when any 4xx (or 1xx-3xx) is right. */
  readonly expected: number | undefined;
  readonly upgrade: boolean;
  /** A short, printable description for reports. */
  readonly label: string;
}

const ODD_PATHS = [
  '//', '///', '//ws', '//stats', '//evil.example/ws', '//evil.example/', '/\\', '/\\ws', '/ws/', '/ws/..', '/WS', '/%77s', '/ws%00',
  '/stats/', '/index.html/', '/../index.html', '/%2e%2e/%2e%2e/etc/passwd', '/js/../index.html', '/.env', '/js/', '/vendor/',
  '/vendor/../package.json', '/node_modules/ws/package.json', '/%', '/%zz', '/%E0%A4%A', '//[', '//a:b@', '/;', '/@',
];
const INVALID_TARGETS = ['*', 'ws', '\\', '?', 'index.html', 'http://', 'http:///ws', 'http://[::1', 'HTTP:///', 'ftp://h/ws', 'javascript:x', '~', '/\u00e9', '/a\u00ff'];
const QUERIES = ['', '?', '?token=%zz', '?%', '?a=b&c', '?token=', '?token=%E0%A4%A', '?token=junk-token-1234', '?&&==', '#frag', '?x=1#y'];
const ODD_METHODS = ['get', 'Get', 'FOO', 'GETT', 'PRI', 'M-SEARCH', 'PROPFIND', 'TRACE', 'CONNECT', 'PURGE', 'LINK', 'SEARCH', 'G\u00c9T', 'GET\tX', ''];
const ODD_VERSIONS = ['HTTP/1.0', 'HTTP/1.1', 'HTTP/2.0', 'HTTP/0.9', 'HTTP/1.2', 'HTTP/3', 'HTTP/11', 'http/1.1', 'HTTP/1.1 extra', 'FOO/1.1', ''];
const NORMAL_METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'];

type Route = 'file' | 'ws' | 'stats' | 'missing' | 'invalid';

/**
 * `count` seeded requests against `target`.
 *
 * @example
 * ```ts
 * for (const c of generateHttpCases('quick', 2000, { port, writeToken, files: ['/'] })) send(c.bytes);
 * ```
 */
export function* generateHttpCases(seed: string, count: number, target: HttpFuzzTarget): Generator<HttpCase> {
  const rng = fuzzRng(`http:${seed}`);
  for (let i = 0; i < count; i++) yield rng() < 0.5 ? wellFormed(rng, target) : odd(rng, target);
}

function wellFormed(rng: Rng, t: HttpFuzzTarget): HttpCase {
  const upgrade = rng() < 0.35;
  const route = weighted<Route>(rng, { file: 3, ws: upgrade ? 6 : 1, stats: 2, missing: 3, invalid: 1 });
  const path = route === 'file' ? pick(rng, t.files) : route === 'ws' ? '/ws' : route === 'stats' ? '/stats' : route === 'missing' ? pick(rng, ODD_PATHS) : pick(rng, INVALID_TARGETS);
  const query = route === 'invalid' ? '' : pick(rng, [...QUERIES, '?token=WRITE', '?token=WRITE']);
  const absolute = route !== 'invalid' && rng() < 0.1;
  const targetText = `${absolute ? `http://127.0.0.1:${t.port}` : ''}${path}${query}`.replace('WRITE', t.writeToken);
  const method = upgrade ? 'GET' : pick(rng, NORMAL_METHODS);
  const auth = weighted(rng, { none: 4, write: 1, junk: 1, malformed: 1 });
  const authLine = { none: undefined, write: `Authorization: Bearer ${t.writeToken}`, junk: 'Authorization: Bearer junk-token-5678', malformed: pick(rng, ['Authorization: Basic dXNlcjpwdw==', 'Authorization: Bearer', 'Authorization: Bearer a b']) }[auth];
  const headers = [`Host: 127.0.0.1:${t.port}`, ...(authLine === undefined ? [] : [authLine])];
  if (rng() < 0.3) headers.push(`Origin: http://127.0.0.1:${t.port}`);
  if (upgrade) headers.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', `Sec-WebSocket-Key: ${Buffer.from(randomBytes(rng, 16)).toString('base64')}`);
  else headers.push('Connection: close');
  // The token a correct server reads: a well-formed Bearer header first, else ?token= (empty means none).
  const queryToken = /[?&]token=([^&#]*)/.exec(query.replace('WRITE', t.writeToken))?.[1];
  const presented = auth === 'write' ? t.writeToken : auth === 'junk' ? 'junk-token-5678' : queryToken === undefined || queryToken === '' ? undefined : queryToken;
  const tokenOk = presented === t.writeToken;
  let expected: number;
  if (route === 'invalid') expected = 400;
  else if (upgrade) expected = route !== 'ws' ? 404 : presented === undefined || tokenOk ? 101 : 401;
  else if (route === 'ws') expected = 426;
  else if (method !== 'GET' && method !== 'HEAD') expected = 405;
  else if (route === 'stats') expected = tokenOk ? 200 : 401;
  else expected = route === 'file' ? 200 : 404;
  const version = upgrade || rng() < 0.8 ? 'HTTP/1.1' : 'HTTP/1.0';
  const text = `${method} ${targetText} ${version}\r\n${headers.join('\r\n')}\r\n\r\n`;
  return { bytes: Buffer.from(text, 'latin1'), expected, upgrade, label: `${method} ${show(targetText)}${upgrade ? ' (upgrade)' : ''}` };
}

function odd(rng: Rng, t: HttpFuzzTarget): HttpCase {
  const upgrade = rng() < 0.4;
  const method = rng() < 0.5 ? pick(rng, ODD_METHODS) : pick(rng, NORMAL_METHODS);
  const target = weighted(rng, { odd: 3, invalid: 2, route: 2, bytes: 2, long: 1, empty: 1 });
  const base =
    target === 'odd' ? pick(rng, ODD_PATHS) + pick(rng, QUERIES)
    : target === 'invalid' ? pick(rng, INVALID_TARGETS)
    : target === 'route' ? pick(rng, [...t.files, '/ws', '/stats']) + pick(rng, QUERIES)
    : target === 'bytes' ? `/${randomBytes(rng, int(rng, 1, 40), [0x0d, 0x0a]).toString('latin1')}`
    : target === 'long' ? `/${'a'.repeat(pick(rng, [100, 4000, 9000, 20000]))}`
    : '';
  const version = pick(rng, ODD_VERSIONS);
  const headers: string[] = [];
  const hosts = [`Host: 127.0.0.1:${t.port}`, 'Host: evil.example', 'Host: ', 'Host: [::1', 'Host: a b', `Host: 127.0.0.1:${t.port}\r\nHost: other`];
  if (rng() < 0.8) headers.push(pick(rng, hosts));
  if (upgrade) {
    headers.push(pick(rng, ['Connection: Upgrade', 'Connection: keep-alive, Upgrade', 'Connection: close', 'Connection: upgrade, upgrade']));
    headers.push(pick(rng, ['Upgrade: websocket', 'Upgrade: WebSocket', 'Upgrade: h2c', 'Upgrade: websocket, h2c', 'Upgrade: ']));
    if (rng() < 0.8) headers.push(pick(rng, ['Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 8', 'Sec-WebSocket-Version: x', 'Sec-WebSocket-Version: 13, 13']));
    if (rng() < 0.8) headers.push(pick(rng, ['Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Key: short', 'Sec-WebSocket-Key: ', `Sec-WebSocket-Key: ${'A'.repeat(200)}`]));
    if (rng() < 0.3) headers.push(pick(rng, ['Sec-WebSocket-Protocol: a, , b', 'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99', 'Sec-WebSocket-Extensions: ;;;']));
  } else if (rng() < 0.7) headers.push('Connection: close');
  for (let k = int(rng, 0, 4); k > 0; k--) headers.push(oddHeader(rng, t));
  const body = rng() < 0.2 ? bodyParts(rng) : { headers: [], body: '' };
  headers.push(...body.headers);
  const head = `${method}${rng() < 0.05 ? '  ' : ' '}${base}${version === '' ? '' : ` ${version}`}`;
  const text = `${head}\r\n${headers.join('\r\n')}${headers.length > 0 ? '\r\n' : ''}\r\n${body.body}`;
  return { bytes: Buffer.from(text, 'latin1'), expected: undefined, upgrade, label: `${show(head)}${upgrade ? ' (upgrade)' : ''}` };
}

function oddHeader(rng: Rng, t: HttpFuzzTarget): string {
  return pick(rng, [
    'Origin: null',
    'Origin: http://evil.example',
    `Origin: http://127.0.0.1:${t.port}`,
    'Origin: ',
    'Origin: \u00ff\u00fe',
    `Authorization: Bearer ${t.writeToken}`,
    'Authorization: Bearer \u00ff',
    'X-Bad Header: 1',
    'NoColon',
    ': empty-name',
    ' folded: 1',
    'X-Nul: a\u0000b',
    `X-Long: ${'x'.repeat(pick(rng, [1000, 9000, 17000]))}`,
    Array.from({ length: 120 }, (_, i) => `X-H${i}: ${i}`).join('\r\n'),
    'Expect: 100-continue',
    'Expect: 999-nonsense',
    'Accept-Encoding: gzip;q=x',
    'Cookie: a=%zz',
    'If-None-Match: "0-0"',
    'Range: bytes=-1',
    `X-Bytes: ${randomBytes(rng, 12, [0x0d, 0x0a]).toString('latin1')}`,
  ]);
}

function bodyParts(rng: Rng): { headers: string[]; body: string } {
  return pick(rng, [
    { headers: ['Content-Length: 5'], body: 'hello' },
    { headers: ['Content-Length: -1'], body: '' },
    { headers: ['Content-Length: abc'], body: '' },
    { headers: ['Content-Length: 3', 'Content-Length: 4'], body: 'abcd' },
    { headers: ['Content-Length: 99999999999999999999'], body: '' },
    { headers: ['Transfer-Encoding: chunked'], body: '5\r\nhello\r\n0\r\n\r\n' },
    { headers: ['Transfer-Encoding: chunked'], body: 'zz\r\nhello\r\n0\r\n\r\n' },
    { headers: ['Transfer-Encoding: chunked', 'Content-Length: 3'], body: '0\r\n\r\n' },
    { headers: ['Transfer-Encoding: gzip, chunked'], body: '0\r\n\r\n' },
    { headers: ['Transfer-Encoding: identity'], body: '' },
  ]);
}

function show(text: string): string {
  const shown = JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
  return shown.slice(1, -1);
}
