import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { accessUrl, checkAccess } = await loadPublic('access-check.js');

/** A `fetch` stand-in answering with `status` and `body`, recording what it was asked. */
function answering(status: number, body: string) {
  const asked: { url: string; init: RequestInit }[] = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    asked.push({ url, init });
    return new Response(body, { status });
  };
  return { fetchFn, asked };
}

describe('accessUrl', () => {
  it('puts access next to the page, without the query', () => {
    expect(accessUrl(new URL('http://127.0.0.1:8080/?token=abc'))).toBe('http://127.0.0.1:8080/access');
    expect(accessUrl(new URL('https://example.org/rx/index.html'))).toBe('https://example.org/rx/access');
  });
});

describe('checkAccess', () => {
  it('sends the token in a header and reads an acceptance', async () => {
    const { fetchFn, asked } = answering(200, '{"read":true,"write":true}');
    expect(await checkAccess('http://h/access', 'tok', fetchFn)).toEqual({ kind: 'accepted', write: true });
    expect(asked[0]!.init.headers).toEqual({ Authorization: 'Bearer tok' });
    expect(asked[0]!.url).toBe('http://h/access');
  });

  it('asks without a header for no token', async () => {
    const { fetchFn, asked } = answering(200, '{"read":true,"write":false}');
    expect(await checkAccess('http://h/access', null, fetchFn)).toEqual({ kind: 'accepted', write: false });
    expect(asked[0]!.init.headers).toEqual({});
  });

  it('reads a refusal with its reason and whether reading needs no token', async () => {
    const body = '{"read":false,"write":false,"reason":"the token is not valid","readWithoutToken":true}';
    expect(await checkAccess('u', 'old', answering(401, body).fetchFn)).toEqual({ kind: 'refused', reason: 'the token is not valid', readWithoutToken: true });
    const strict = '{"read":false,"write":false,"reason":"x","readWithoutToken":false}';
    expect(await checkAccess('u', 'old', answering(401, strict).fetchFn)).toMatchObject({ kind: 'refused', readWithoutToken: false });
  });

  it('answers unknown, never throws, when the server is down, old or odd', async () => {
    const down = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await checkAccess('u', 't', down)).toEqual({ kind: 'unknown', why: 'the server cannot be reached (Failed to fetch)' });
    expect(await checkAccess('u', 't', answering(404, 'not found').fetchFn)).toEqual({ kind: 'unknown', why: 'GET access answered 404' });
    expect((await checkAccess('u', 't', answering(401, '<html>').fetchFn)).kind).toBe('unknown');
    expect((await checkAccess('u', 't', answering(401, 'null').fetchFn)).kind).toBe('unknown');
    expect((await checkAccess('u', 't', answering(200, '{"read":false}').fetchFn)).kind).toBe('unknown');
  });
});
