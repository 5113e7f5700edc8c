import { describe, expect, it } from 'vitest';
import { encodeBinarySamples, parseBinarySampleMessage } from '../../src/broker/binary-sample-message.js';
import { parseSampleMessage } from '../../src/broker/sample-message.js';

describe('binary sample messages', () => {
  it('round-trips features and labels bit for bit, found by parseSampleMessage from the magic', () => {
    const x = Float64Array.of(0.1, -2.5e-300, Math.PI, -0, 1e308, 7);
    const data = encodeBinarySamples(2, x, Uint8Array.of(1, 0, 1));
    expect(data.length).toBe(16 + 48 + 3);
    // At an odd offset, as a payload inside a connection buffer may be.
    const shifted = new Uint8Array(data.length + 3);
    shifted.set(data, 3);
    const b = parseSampleMessage(shifted.subarray(3), 2);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.count).toBe(3);
    expect(Object.is(b.x[3], -0)).toBe(true);
    expect([...b.x]).toEqual([...x]);
    expect([...b.t]).toEqual([1, 0, 1]);
    expect([...b.index]).toEqual([0, 1, 2]);
    expect(b.total).toBe(3);
    expect(b.rejected).toEqual([]);
  });

  it('rejects bad rows by index and keeps the rest in order', () => {
    const data = encodeBinarySamples(1, Float64Array.of(1, Number.NaN, 3, 4), Uint8Array.of(0, 1, 2, 1));
    const b = parseBinarySampleMessage(data, 1);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect([...b.x]).toEqual([1, 4]);
    expect([...b.t]).toEqual([0, 1]);
    expect([...b.index]).toEqual([0, 3]);
    expect(b.rejected).toEqual([
      { index: 1, reason: 'x[0]: must be a finite number, got NaN' },
      { index: 2, reason: 't: must be 0 or 1, got 2' },
    ]);
  });

  it('reads aligned features in place and misaligned ones by one copy, with the same values', () => {
    const x = Float64Array.of(1.5, -2, 3, 4.25);
    const data = encodeBinarySamples(2, x, Uint8Array.of(0, 1));
    const aligned = parseBinarySampleMessage(data, 2);
    expect(aligned.ok && aligned.x.buffer === data.buffer).toBe(true);
    const shifted = new Uint8Array(data.length + 1);
    shifted.set(data, 1);
    const copied = parseBinarySampleMessage(shifted.subarray(1), 2);
    expect(copied.ok && copied.x.buffer !== shifted.buffer).toBe(true);
    for (const b of [aligned, copied]) {
      expect(b.ok).toBe(true);
      if (!b.ok) continue;
      expect([...b.x]).toEqual([...x]);
      expect([...b.t]).toEqual([0, 1]);
      expect([...b.index]).toEqual([0, 1]);
    }
  });

  it('rejects ±Infinity, and never writes into the message when it drops rows', () => {
    const data = encodeBinarySamples(2, Float64Array.of(1, 2, Infinity, 0, 5, -Infinity, 7, 8), Uint8Array.of(1, 0, 0, 255));
    const before = data.slice();
    const b = parseBinarySampleMessage(data, 2);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect([...b.x]).toEqual([1, 2]);
    expect([...b.index]).toEqual([0]);
    expect(b.rejected.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(b.rejected[0]!.reason).toBe('x[0]: must be a finite number, got Infinity');
    expect(b.rejected[2]!.reason).toBe('t: must be 0 or 1, got 255');
    expect(data).toEqual(before);
  });

  it('says why a message cannot be read: width, length, version, header', () => {
    const data = encodeBinarySamples(2, Float64Array.of(1, 2), Uint8Array.of(1));
    expect(parseSampleMessage(data, 3)).toEqual({ ok: false, reason: 'the binary message has 2 features a sample, the model has 3 inputs' });
    expect(parseSampleMessage(data.subarray(0, data.length - 1), 2)).toEqual({ ok: false, reason: 'the binary message is 32 bytes; 1 samples of width 2 take 33' });
    const v2 = data.slice();
    v2[4] = 2;
    expect(parseSampleMessage(v2, 2)).toEqual({ ok: false, reason: 'the binary message has version 2; this reader knows version 1' });
    expect(parseSampleMessage(data.subarray(0, 10), 2)).toEqual({ ok: false, reason: 'the binary message is shorter than its 16-byte header' });
    expect(() => encodeBinarySamples(0, new Float64Array(0), new Uint8Array(0))).toThrow(/width must be an integer in 1…65535/);
  });
});
