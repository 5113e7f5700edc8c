// The token comparison must not leak how much of a guess is right. What the
// test asserts is structural: every comparison goes through
// crypto.timingSafeEqual on two SHA-256 digests of equal length, whatever the
// candidate. The timing figures (medians) are printed for the report, never
// asserted: tests do not time things.
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const { SecretToken, decideAccess } = await import('../../src/server/auth.js');

const SECRET = 'k3Jq9ZxV_r2bT7nW-4mPa8sLdC0eYh5G'; // 32 characters, like createToken()
const candidates = {
  right: SECRET,
  longPrefix: `${SECRET.slice(0, -1)}${SECRET.endsWith('A') ? 'B' : 'A'}`, // all but the last character right
  noPrefix: 'Z'.repeat(SECRET.length),
  short: 'x',
  long: SECRET.repeat(64),
  empty: '',
  absent: undefined,
} as const;

describe('the token comparison', () => {
  it('goes through timingSafeEqual on equal-length SHA-256 digests for every candidate', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    const token = new SecretToken(SECRET);
    for (const [name, candidate] of Object.entries(candidates)) {
      spy.mockClear();
      const result = token.matches(candidate);
      expect(result, name).toBe(name === 'right');
      expect(spy, name).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0]! as unknown as [Buffer, Buffer];
      expect(a.length, name).toBe(32);
      expect(b.length, name).toBe(32);
      // The digests, not the texts, are compared.
      expect(b.equals(crypto.createHash('sha256').update(candidate ?? '', 'utf8').digest()), name).toBe(true);
    }
  });

  it('compares against both tokens whichever matches, so timing does not tell which one did', () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    const tokens = { write: new SecretToken(SECRET), read: new SecretToken('read-token-abcdefgh') };
    for (const presented of [SECRET, 'read-token-abcdefgh', candidates.longPrefix, undefined]) {
      spy.mockClear();
      decideAccess(presented, tokens);
      expect(spy).toHaveBeenCalledTimes(2);
    }
  });

  it('reports the medians of the comparison time for a long shared prefix and for none (figures only)', () => {
    vi.mocked(crypto.timingSafeEqual).mockClear();
    const token = new SecretToken(SECRET);
    const rounds = 41, perRound = 2000;
    const medians: Record<string, number> = {};
    for (const name of ['longPrefix', 'noPrefix', 'right'] as const) {
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < perRound; i++) token.matches(candidates[name]);
        times.push(Number(process.hrtime.bigint() - t0) / perRound);
      }
      times.sort((a, b) => a - b);
      medians[name] = Math.round(times[rounds >> 1]!);
    }
    console.info(`hostile: token compare median ns/call ${JSON.stringify(medians)}, long-prefix/no-prefix ratio ${(medians['longPrefix']! / medians['noPrefix']!).toFixed(3)}`);
    // Every one of the timed calls went through the constant-time compare.
    expect(vi.mocked(crypto.timingSafeEqual)).toHaveBeenCalledTimes(3 * rounds * perRound);
  });
});
