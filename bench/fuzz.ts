/**
 * The large fuzz run of the trust boundaries, with the same seeded
 * generators, oracles and checks as the quick suites in `test/fuzz/`:
 *
 *   npx tsx bench/fuzz.ts [--inputs 100000] [--seed fuzz] [--parser-factor 3] [--only readers,mixed,parser,server,http]
 *
 * 1. Sample readers: `--inputs` JSON Lines lines and as many CSV lines (with
 *    the big ones: 1 MB strings, 1e5-element arrays, 100,000-deep nesting),
 *    read in random chunk sizes and compared line by line with the oracle.
 * 2. Mixed stream: `rxlogit train`'s loop (`trainFromInput`, --skip-invalid)
 *    on the JSON Lines file against the core's learnOne on its valid lines.
 * 3. parseClientMessage in-process: `--parser-factor` × `--inputs` frames.
 * 4. The live server: `--inputs` frames over a writer and three read-only
 *    connections, plus the oversized (1009), invalid UTF-8 (1007) and rate
 *    (1008) close checks.
 * 5. Raw HTTP: `--inputs` requests over TCP with odd targets, methods,
 *    versions and headers, with and without `Upgrade` (`test/fuzz/http-fuzz.ts`):
 *    every one answered, none with a 5xx, the well-formed ones exactly as the
 *    oracle expects, and the server still up at the end.
 *
 * Prints one JSON object: inputs per boundary, outcomes by error code,
 * disagreements with the oracles (0 expected), crashes (uncaught exceptions
 * and unhandled rejections while running: 0 expected), heap and RSS before
 * and after each phase (after a full GC), and the time of each phase.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from '../src/cli/args.js';
import { trainFromInput } from '../src/cli/train-loop.js';
import { createModel, learnOne } from '../src/core/index.js';
import type { Sample } from '../src/core/index.js';
import { fuzzHttp } from '../test/fuzz/http-fuzz.js';
import { fuzzParser } from '../test/fuzz/parser-fuzz.js';
import { fuzzProtocol } from '../test/fuzz/protocol-fuzz.js';
import { fuzzSampleReader, oracleFor } from '../test/fuzz/reader-fuzz.js';
import { generateSampleFile } from '../test/fuzz/sample-line-generators.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const { options } = parseArgs(process.argv.slice(2), {
  inputs: { kind: 'integer', range: 'positive', description: 'inputs per boundary', defaultText: '100000' },
  seed: { kind: 'string', valueName: 'S', description: 'seed of every generator', defaultText: 'fuzz' },
  'parser-factor': { kind: 'integer', range: 'positive', description: 'parseClientMessage inputs per --inputs', defaultText: '3' },
  only: { kind: 'string', valueName: 'LIST', description: 'the phases to run, comma-separated', defaultText: 'readers,mixed,parser,server,http' },
});
const only = new Set((options.only ?? 'readers,mixed,parser,server,http').split(','));
const inputs = options.inputs ?? 100_000;
const seed = options.seed ?? 'fuzz';
const parserInputs = inputs * (options['parser-factor'] ?? 3);

const crashes = { uncaughtException: 0, unhandledRejection: 0, messages: [] as string[] };
process.on('uncaughtException', (e) => {
  crashes.uncaughtException++;
  if (crashes.messages.length < 5) crashes.messages.push(String(e));
});
process.on('unhandledRejection', (e) => {
  crashes.unhandledRejection++;
  if (crashes.messages.length < 5) crashes.messages.push(String(e));
});

interface Memory {
  heapMB: number;
  rssMB: number;
}
function memory(): Memory {
  gc();
  const m = process.memoryUsage();
  return { heapMB: round(m.heapUsed / 2 ** 20), rssMB: round(m.rss / 2 ** 20) };
}
const round = (v: number): number => Math.round(v * 10) / 10;

/** Runs a phase: its result, time and memory around it. */
async function phase<T>(run: () => Promise<T> | T): Promise<{ result: T; seconds: number; memoryBefore: Memory; memoryAfter: Memory }> {
  const memoryBefore = memory();
  const t0 = performance.now();
  const result = await run();
  const seconds = round((performance.now() - t0) / 1000);
  return { result, seconds, memoryBefore, memoryAfter: memory() };
}

/** Runs a phase when `--only` names it. */
async function maybe<T>(name: string, run: () => Promise<T> | T): Promise<Awaited<ReturnType<typeof phase<T>>> | undefined> {
  return only.has(name) ? phase(run) : undefined;
}

const started = performance.now();
const jsonl = await maybe('readers', () => fuzzSampleReader({ format: 'jsonl', seed, lines: inputs }));
const csv = await maybe('readers', () => fuzzSampleReader({ format: 'csv', seed, lines: inputs }));

const mixed = await maybe('mixed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rxlogit-fuzz-'));
  try {
    const { bytes } = generateSampleFile('jsonl', { seed: `${seed}:train`, lines: inputs });
    const valid: Sample[] = oracleFor('jsonl', bytes).flatMap((l) => (l.kind === 'valid' ? [{ x: l.x, t: l.t }] : []));
    const path = join(dir, 'mixed.jsonl');
    await writeFile(path, bytes);
    const schedule = { kind: 'constant', lr: 0.1 } as const;
    const report = await trainFromInput({
      input: path, format: 'jsonl', mode: 'sample', batchSize: 32, schedule, epochs: 1, bias: true, l2: 0, shuffle: false, seed: '1', reduction: 'mean', skipInvalid: true,
    });
    const core = createModel({ inputs: 2, bias: true });
    for (const s of valid) learnOne(core, s, { schedule });
    const got = [...Array.from(report.model.weights), report.model.bias];
    const want = [...Array.from(core.weights), core.bias];
    return {
      lines: inputs,
      valid: valid.length,
      skipped: report.invalidCount,
      bitIdentical: got.length === want.length && got.every((v, i) => Object.is(v, want[i])),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const parser = await maybe('parser', () => fuzzParser(seed, parserInputs));
const server = await maybe('server', () => fuzzProtocol({ seed, frames: inputs, readers: 3, batch: 200, closeChecks: 5 }));
const http = await maybe('http', () => fuzzHttp({ seed, requests: inputs }));

const reader = (p: NonNullable<typeof jsonl>) => ({
  lines: p.result.lines,
  bytes: p.result.bytes,
  valid: p.result.valid,
  invalid: p.result.invalid,
  blank: p.result.blank,
  errorsByReason: p.result.errorsByReason,
  mismatches: p.result.mismatches.length,
  firstMismatches: p.result.mismatches.slice(0, 3),
  thrown: p.result.thrown,
  pollution: p.result.pollution,
  seconds: p.seconds,
  memoryBefore: p.memoryBefore,
  memoryAfter: p.memoryAfter,
});
const s = server?.result;
console.log(
  JSON.stringify(
    {
      seed,
      node: process.version,
      readers: jsonl && csv && { jsonl: reader(jsonl), csv: reader(csv) },
      mixedStream: mixed && { ...mixed.result, seconds: mixed.seconds },
      parser: parser && {
        inputs: parser.result.inputs,
        byOutcome: parser.result.byOutcome,
        mismatches: parser.result.mismatches.length,
        firstMismatches: parser.result.mismatches.slice(0, 3),
        thrown: parser.result.thrown,
        longestReason: parser.result.longestReason,
        pollution: parser.result.pollution,
        seconds: parser.seconds,
      },
      server: server && s && {
        frames: s.frames,
        framesPerSecond: Math.round(s.frames / server.seconds),
        answersByType: s.answersByType,
        errorsByCode: s.errorsByCode,
        closesByCode: s.closesByCode,
        mismatches: s.mismatches.length,
        firstMismatches: s.mismatches.slice(0, 3),
        samplesLearned: s.learned,
        modelBitIdentical: s.modelMatches,
        observerSteps: s.observerSteps,
        observerGotFinalStep: s.observerGotFinalStep,
        nullsInBroadcastSteps: s.nullsInSteps,
        outsideProtocol: s.outsideProtocol.length,
        serverLogLines: s.serverLog.length,
        serverLogFirst: s.serverLog[0],
        pollution: s.pollution,
        seconds: server.seconds,
        memoryBefore: server.memoryBefore,
        memoryAfter: server.memoryAfter,
      },
      http: http && { ...http.result, seconds: http.seconds, memoryBefore: http.memoryBefore, memoryAfter: http.memoryAfter },
      crashes,
      totalSeconds: round((performance.now() - started) / 1000),
    },
    null,
    2,
  ),
);
