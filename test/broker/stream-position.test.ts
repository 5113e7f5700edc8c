import { describe, expect, it } from 'vitest';
import { StreamPosition } from '../../src/broker/stream-position.js';

describe('StreamPosition', () => {
  it('places the model at the last fully learned message, down to the sample of a message learned in part', () => {
    const p = new StreamPosition<string>('S', { stream: 'S', sequence: 4 });
    p.add(5, [0, 1, 2], 'm5');
    p.add(6, [], 'm6'); // every sample rejected
    p.add(8, [1, 3], 'm8'); // 7 is on another subject; 8's sample 0 was rejected
    expect(p.source(0)).toEqual({ stream: 'S', sequence: 4 });
    expect(p.source(2)).toEqual({ stream: 'S', sequence: 4, partial: { sequence: 5, index: 1 } });
    expect(p.source(3)).toEqual({ stream: 'S', sequence: 6 });
    expect(p.source(4)).toEqual({ stream: 'S', sequence: 6, partial: { sequence: 8, index: 1 } });
    expect(p.covered(4)).toEqual(['m5', 'm6']);
    expect(p.pending).toBe(1);
    expect(p.source(4)).toEqual({ stream: 'S', sequence: 6, partial: { sequence: 8, index: 1 } });
    expect(p.source(5)).toEqual({ stream: 'S', sequence: 8 });
    expect(p.covered(5)).toEqual(['m8']);
    expect(p.source(5)).toEqual({ stream: 'S', sequence: 8 });
  });

  it('keeps a resumed partial message until more of it is learned', () => {
    const p = new StreamPosition<string>('S', { stream: 'S', sequence: 4, partial: { sequence: 5, index: 9 } });
    p.add(5, [10, 11], 'm5');
    expect(p.source(0)).toEqual({ stream: 'S', sequence: 4, partial: { sequence: 5, index: 9 } });
    expect(p.source(1)).toEqual({ stream: 'S', sequence: 4, partial: { sequence: 5, index: 10 } });
    expect(p.source(2)).toEqual({ stream: 'S', sequence: 5 });
  });
});
