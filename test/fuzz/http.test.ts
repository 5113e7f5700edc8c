// Quick request-target fuzz (part of `npm test`): seeded raw HTTP requests
// with odd targets, methods, versions and headers, with and without
// `Upgrade`, at a real server. The large run is `bench/fuzz.ts`.
import { describe, expect, it } from 'vitest';
import { fuzzHttp } from './http-fuzz.js';

describe('request-target fuzz', () => {
  it('a real server answers 2,000 seeded raw requests, each with a status, none 5xx, the well-formed ones exactly, and stays up', async () => {
    const r = await fuzzHttp({ seed: 'quick', requests: 2_000, concurrency: 16 });
    expect(r.mismatches).toEqual([]);
    expect(r.unanswered).toBe(0);
    expect(r.serverErrors).toBe(0);
    expect(r.serverLog).toEqual([]);
    expect(r.aliveAfter).toBe(true);
    // Every class occurred, so none of the checks is vacuous.
    expect(r.wellFormed).toBeGreaterThan(800);
    expect(r.upgrades).toBeGreaterThan(500);
    for (const status of ['101', '200', '400', '401', '404', '405', '426', '431']) expect(r.byStatus[status] ?? 0, status).toBeGreaterThan(0);
  }, 120_000);
});
