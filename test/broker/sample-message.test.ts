import { describe, expect, it } from 'vitest';
import { parseSampleMessage } from '../../src/broker/sample-message.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('parseSampleMessage', () => {
  it('reads JSON Lines with each sample’s index in the message (blank lines not counted), CRLF included', () => {
    const b = parseSampleMessage(enc('{"x":[1,2],"t":1}\r\n\n{"x":[3,4],"t":0,"id":"a"}\n  \n{"x":[5],"t":1}\n'), 2);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.count).toBe(2);
    expect([...b.x]).toEqual([1, 2, 3, 4]);
    expect([...b.t]).toEqual([1, 0]);
    expect([...b.index]).toEqual([0, 1]);
    expect(b.total).toBe(3);
    expect(b.rejected).toEqual([{ index: 2, reason: 'x: has 1 value, expected 2' }]);
  });

  it('reads a JSON array of samples, rejecting the invalid ones by index', () => {
    const b = parseSampleMessage(enc(' [{"x":[1],"t":0},{"x":[null],"t":1},{"x":[2],"t":1}]'), 1);
    if (!b.ok) throw new Error(b.reason);
    expect([...b.index]).toEqual([0, 2]);
    expect(b.rejected.map((r) => r.index)).toEqual([1]);
  });

  it('grows past its first guess of the row count', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `{"x":[${i}],"t":${i % 2}}`).join('\n');
    const b = parseSampleMessage(enc(lines), 1);
    if (!b.ok) throw new Error(b.reason);
    expect(b.count).toBe(300);
    expect(b.x[299]).toBe(299);
    expect(b.index[299]).toBe(299);
  });

  it('calls a message unparseable when it is not UTF-8, empty, broken JSON or has a line that is not JSON', () => {
    expect(parseSampleMessage(Uint8Array.of(0xff, 0xfe), 1)).toEqual({ ok: false, reason: 'the message is not UTF-8' });
    expect(parseSampleMessage(enc(' \n '), 1)).toEqual({ ok: false, reason: 'the message is empty' });
    expect(parseSampleMessage(enc('[{"x":[1],"t":0}'), 1)).toMatchObject({ ok: false, reason: expect.stringMatching(/^the message is not JSON/) });
    expect(parseSampleMessage(enc('{"x":[1],"t":0}\nnope'), 1)).toMatchObject({ ok: false, reason: expect.stringMatching(/^line 2 is not JSON/) });
  });
});

describe('parseSampleMessage on its fast and slow paths', () => {
  it('gives the same samples with or without a trailing newline, and refuses two objects on one line', () => {
    const a = parseSampleMessage(enc('{"x":[0.1],"t":1}\n{"x":[2e-3],"t":0}'), 1);
    const b = parseSampleMessage(enc('{"x":[0.1],"t":1}\n{"x":[2e-3],"t":0}\n'), 1);
    expect(a).toEqual(b);
    expect(parseSampleMessage(enc('{"x":[1],"t":1},{"x":[2],"t":0}\n{"x":[3],"t":1}'), 1)).toMatchObject({ ok: false, reason: expect.stringMatching(/^line 1 is not JSON/) });
  });
});
