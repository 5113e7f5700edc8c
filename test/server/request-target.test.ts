import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '../../src/server/request-target.js';

describe('parseRequestTarget', () => {
  it('reads the origin form: the path as sent, and the query', () => {
    const t = parseRequestTarget('/ws?token=abc&x=1#frag');
    expect(t).toMatchObject({ ok: true, pathname: '/ws' });
    expect(t.ok && t.query.get('token')).toBe('abc');
    expect(parseRequestTarget('/%77s')).toMatchObject({ ok: true, pathname: '/%77s' }); // not decoded: not /ws
  });

  it('keeps targets that new URL() throws on or misreads as paths of their own (no route has them: 404)', () => {
    for (const target of ['//', '///', '/\\', '//[', '//a:b@']) expect(parseRequestTarget(target), target).toMatchObject({ ok: true, pathname: target });
    expect(parseRequestTarget('//evil.example/ws')).toMatchObject({ ok: true, pathname: '//evil.example/ws' });
  });

  it('reads malformed escapes in the query leniently, without throwing', () => {
    const t = parseRequestTarget('/?token=%zz&%');
    expect(t.ok && t.query.get('token')).toBe('%zz');
  });

  it('reads the absolute form, with its authority', () => {
    expect(parseRequestTarget('http://127.0.0.1:8080/ws?token=t')).toMatchObject({ ok: true, pathname: '/ws', authority: '127.0.0.1:8080' });
    expect(parseRequestTarget('HTTP://h')).toMatchObject({ ok: true, pathname: '/', authority: 'h' });
    expect(parseRequestTarget('http://h?x=1')).toMatchObject({ ok: true, pathname: '/' });
  });

  it('refuses anything else with a reason', () => {
    for (const target of [undefined, '', '*', 'ws', '\\', '?', 'http://', 'http:///ws', 'http://[::1', 'ftp://h/ws', 'javascript:alert(1)']) {
      const t = parseRequestTarget(target);
      expect(t.ok, String(target)).toBe(false);
      expect(!t.ok && t.reason, String(target)).toMatch(/target/);
    }
  });
});
