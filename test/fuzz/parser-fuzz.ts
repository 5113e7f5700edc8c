/**
 * The in-process protocol fuzz: `parseClientMessage` on many more generated
 * frames than the socket fuzz can send, each compared with the oracle's
 * `expectedParse` (same verdict, code, echoed id; a valid message returned
 * unchanged).
 *
 * @module
 */
import { parseClientMessage } from '../../src/server/parse-client-message.js';
import { bigFrames, protocolFrame } from './frame-generators.js';
import { fuzzRng } from './generators.js';
import { pollution, prototypeKeys } from './pollution.js';
import { expectedParse } from './protocol-oracle.js';

/** What a parser fuzz run found. */
export interface ParserFuzzResult {
  readonly inputs: number;
  /** Outcomes: `ok`, or the error code. */
  readonly byOutcome: Record<string, number>;
  readonly mismatches: string[];
  /** Exceptions that escaped the parser (must be 0). */
  readonly thrown: number;
  /** The longest error reason, in characters. */
  readonly longestReason: number;
  readonly pollution: string[];
}

/**
 * Parses `count` seeded frames (and, with `big`, the big ones) and checks each.
 *
 * @example
 * ```ts
 * fuzzParser('p', 20_000).mismatches; // []
 * ```
 */
export function fuzzParser(seed: string, count: number, big = true): ParserFuzzResult {
  const before = prototypeKeys();
  const rng = fuzzRng(seed);
  const byOutcome: Record<string, number> = {};
  const mismatches: string[] = [];
  let thrown = 0;
  let longestReason = 0;
  const frames = big ? bigFrames() : [];
  for (let i = 0; i < count + frames.length; i++) {
    const frame = i < count ? protocolFrame(rng, { canWrite: i % 2 === 0 }) : frames[i - count]!;
    const text = frame.data.toString('utf8');
    const want = expectedParse(text);
    let got: ReturnType<typeof parseClientMessage>;
    try {
      got = parseClientMessage(text);
    } catch (e) {
      thrown++;
      if (mismatches.length < 20) mismatches.push(`threw on ${text.slice(0, 160)}: ${String(e)}`);
      continue;
    }
    const outcome = got.ok ? 'ok' : got.code;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    let problem: string | undefined;
    if (got.ok !== want.ok) problem = `expected ${want.ok ? 'a valid message' : `error ${want.ok ? '' : want.code}`}`;
    else if (got.ok && want.ok) {
      if (!sameJson(got.message, want.message)) problem = 'the valid message came back changed';
    } else if (!got.ok && !want.ok) {
      longestReason = Math.max(longestReason, got.reason.length);
      if (got.code !== want.code) problem = `expected code ${want.code}`;
      else if (!Object.is(got.id, want.id)) problem = `expected id ${String(want.id)}`;
      else if (got.reason.length === 0 || got.reason.length > 2000) problem = 'the reason is empty or too long';
    }
    if (problem !== undefined && mismatches.length < 20) mismatches.push(`${frame.kind} ${text.slice(0, 160)}: ${problem}; got ${JSON.stringify(got).slice(0, 300)}`);
  }
  return { inputs: count + frames.length, byOutcome, mismatches, thrown, longestReason, pollution: pollution(before) };
}

/**
 * Deep equality of parsed JSON values, without recursion (the messages may be
 * nested 100,000 deep): `Object.is` for primitives, own keys in any order.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) return false;
      continue;
    }
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    const kx = Object.keys(x);
    const ky = Object.keys(y);
    if (kx.length !== ky.length) return false;
    for (const k of kx) {
      if (!Object.hasOwn(y, k)) return false;
      stack.push([(x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]]);
    }
  }
  return true;
}
