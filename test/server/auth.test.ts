import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { createToken, decideAccess, requestToken, SecretToken } from '../../src/server/auth.js';

describe('createToken', () => {
  it('makes distinct URL-safe tokens of 32 characters', () => {
    const a = createToken();
    const b = createToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a).not.toBe(b);
    expect(encodeURIComponent(a)).toBe(a);
  });
});

describe('SecretToken', () => {
  it('matches only the same string, whatever the lengths', () => {
    const t = new SecretToken('s3cret-token');
    expect(t.matches('s3cret-token')).toBe(true);
    expect(t.matches('s3cret-toke')).toBe(false);
    expect(t.matches('s3cret-token!')).toBe(false);
    expect(t.matches('')).toBe(false);
    expect(t.matches(undefined)).toBe(false);
  });

  it('never shows the secret when logged or serialised', () => {
    const t = new SecretToken('s3cret-token');
    expect(String(t)).not.toContain('s3cret');
    expect(JSON.stringify({ t })).not.toContain('s3cret');
    expect(inspect(t)).not.toContain('s3cret');
  });

  it('refuses an empty token', () => {
    expect(() => new SecretToken('')).toThrow(RangeError);
  });
});

describe('requestToken', () => {
  it('reads a Bearer header first, then the token query parameter', () => {
    expect(requestToken({ headers: { authorization: 'Bearer abc' }, url: '/ws?token=q' })).toBe('abc');
    expect(requestToken({ headers: { authorization: 'bearer  abc ' }, url: '/ws' })).toBe('abc');
    expect(requestToken({ headers: {}, url: '/ws?token=a%2Bb' })).toBe('a+b');
    expect(requestToken({ headers: { authorization: 'Basic xyz' }, url: '/ws' })).toBeUndefined();
    expect(requestToken({ headers: {}, url: '/ws?token=' })).toBeUndefined();
  });
});

describe('decideAccess', () => {
  const write = new SecretToken('write-token');
  const read = new SecretToken('read-token');
  it('gives writing to the write token and reading to anyone without a read token', () => {
    expect(decideAccess('write-token', { write })).toEqual({ ok: true, canWrite: true });
    expect(decideAccess(undefined, { write })).toEqual({ ok: true, canWrite: false });
    expect(decideAccess('wrong', { write })).toEqual({ ok: false, reason: 'the token is not valid' });
  });
  it('needs a token to read when a read token is set', () => {
    expect(decideAccess('read-token', { write, read })).toEqual({ ok: true, canWrite: false });
    expect(decideAccess('write-token', { write, read })).toEqual({ ok: true, canWrite: true });
    expect(decideAccess(undefined, { write, read })).toMatchObject({ ok: false });
  });
});
