/**
 * The WebSocket protocol fuzz, shared by the quick suite and `bench/fuzz.ts`:
 * a real server (127.0.0.1, port 0, no source, the message rate limit raised)
 * gets seeded frames from one writer and several read-only connections in
 * batches, each batch followed by a sentinel `predict` whose answer proves
 * that every frame before it was answered. Every answer is checked against
 * the protocol oracle; an observer checks that steps keep flowing; and the
 * server's model must end bit-identical to a learner fed the valid samples
 * alone. Oversized frames, invalid UTF-8 and a rate-limited server are
 * checked on connections of their own (close codes 1009, 1007, 1008).
 *
 * @module
 */
import { createModel, learnOne } from '../../src/core/index.js';
import type { Sample } from '../../src/core/index.js';
import { startServer } from '../../src/server/create-server.js';
import type { RunningServer } from '../../src/server/create-server.js';
import { OnlineLearner } from '../../src/stream/online-learner.js';
import type { LearnerConfig } from '../../src/stream/learner-config.js';
import { FuzzClient } from './fuzz-client.js';
import type { Received } from './fuzz-client.js';
import { bigFrames, protocolFrame } from './frame-generators.js';
import type { GeneratedFrame } from './frame-generators.js';
import { fuzzRng, int, INVALID_UTF8, pick } from './generators.js';
import { pollution, prototypeKeys } from './pollution.js';
import { expectedAnswer } from './protocol-oracle.js';
import type { ExpectedAnswer } from './protocol-oracle.js';

/** Options of {@link fuzzProtocol}. */
export interface ProtocolFuzzOptions {
  readonly seed: string;
  /** Frames to send over the fuzzing connections (the sentinels and close checks not counted). */
  readonly frames: number;
  /** Read-only fuzzing connections beside the writer (default 3). */
  readonly readers?: number;
  /** Frames per batch before a sentinel (default 100). */
  readonly batch?: number;
  /** Send the big frames (1 MB strings, 1e5 arrays, 100,000-deep nesting) to the writer and one reader (default true). */
  readonly big?: boolean;
  /** Connections for each close case: oversized text and binary (1009), invalid UTF-8 (1007) (default 2). */
  readonly closeChecks?: number;
}

/** What a protocol fuzz run found. */
export interface ProtocolFuzzResult {
  readonly frames: number;
  readonly framesByKind: Record<string, number>;
  readonly answersByType: Record<string, number>;
  readonly errorsByCode: Record<string, number>;
  /** Close codes of the dedicated close-check connections (and of the rate-limited one: 1008). */
  readonly closesByCode: Record<string, number>;
  /** Every disagreement with the oracle (empty when the server is right). */
  readonly mismatches: string[];
  /** Samples learned, and whether the model equals a learner (and the core) fed them alone. */
  readonly learned: number;
  readonly modelMatches: boolean;
  readonly model: { readonly weights: number[]; readonly bias: number | null };
  /** Steps the observer received, and whether it got the final step. */
  readonly observerSteps: number;
  readonly observerGotFinalStep: boolean;
  /** `null`s in broadcast steps after the first sample (numbers JSON could not carry). */
  readonly nullsInSteps: number;
  /** The first few steps holding them. */
  readonly nullSamples: string[];
  /** Messages outside the protocol's schema. */
  readonly outsideProtocol: string[];
  readonly serverLog: string[];
  readonly pollution: string[];
}

const CONFIG: LearnerConfig = { inputs: 2, bias: true, schedule: { kind: 'constant', lr: 0.1 } };
const MAX_PAYLOAD = 1024 * 1024;

/** Runs the protocol fuzz once. */
export async function fuzzProtocol(options: ProtocolFuzzOptions): Promise<ProtocolFuzzResult> {
  const { seed, frames, readers = 3, batch = 100, big = true, closeChecks = 2 } = options;
  const before = prototypeKeys();
  const learner = new OnlineLearner(CONFIG);
  const serverLog: string[] = [];
  const server = await startServer({
    learner, port: 0, host: '127.0.0.1', maxMessagesPerSecond: 1e6, readerRowsPerSecond: 1e9, writerRowsPerSecond: 1e9, maxPayload: MAX_PAYLOAD, viewIntervalMs: 100,
    historySize: 200, log: (line) => serverLog.length < 50 && serverLog.push(line),
  });
  const figures = { framesByKind: {} as Record<string, number>, answersByType: {} as Record<string, number>, errorsByCode: {} as Record<string, number>, closesByCode: {} as Record<string, number> };
  const mismatches: string[] = [];
  const note = (m: string): void => void (mismatches.length < 30 && mismatches.push(m));
  const learned: unknown[] = [];
  const observer = await FuzzClient.open(server.url);
  const clients: FuzzClient[] = [];
  try {
    const writer = await FuzzClient.open(server.url, server.token);
    clients.push(writer);
    for (let k = 0; k < readers; k++) clients.push(await FuzzClient.open(server.url));
    const share = Math.ceil(frames / clients.length);
    await Promise.all(
      clients.map((client, k) => {
        const extra = big && k <= 1 ? bigFrames() : [];
        return fuzzConnection(client, { seed: `${seed}:conn${k}`, frames: share, batch, canWrite: k === 0, extra }, { figures, note, learned });
      }),
    );
    // The observer keeps receiving steps: the final one, after one more sample.
    const last = { type: 'samples', id: 'final', samples: [{ x: [0.25, -0.5], t: 1 }] };
    learned.push(last.samples[0]);
    writer.ws.send(JSON.stringify(last));
    let gotFinal = true;
    await observer.until(() => observer.lastN === learned.length, 10_000, `the final step (n = ${learned.length})`).catch((e: Error) => {
      gotFinal = false;
      note(`observer: ${e.message}`);
    });
    await closeChecksOn(server, closeChecks, seed, figures.closesByCode, note);
    await rateLimitCheck(figures.closesByCode, note);
    const model = learner.currentStep();
    const modelMatches = sameModel(model, learned, note);
    const outsideProtocol = [...observer.outside, ...clients.flatMap((c) => c.outside)];
    return {
      frames: Object.values(figures.framesByKind).reduce((a, b) => a + b, 0),
      ...figures,
      mismatches,
      learned: learned.length,
      modelMatches,
      model: { weights: model.weights, bias: model.bias },
      observerSteps: observer.steps,
      observerGotFinalStep: gotFinal,
      nullsInSteps: observer.nullsInSteps + clients.reduce((n, c) => n + c.nullsInSteps, 0),
      nullSamples: [observer, ...clients].flatMap((c) => c.nullSamples).slice(0, 3),
      outsideProtocol,
      serverLog,
      pollution: pollution(before),
    };
  } finally {
    for (const c of [observer, ...clients]) c.terminate();
    await server.close();
    await learner.close();
  }
}

interface Sink {
  readonly figures: { framesByKind: Record<string, number>; answersByType: Record<string, number>; errorsByCode: Record<string, number> };
  readonly note: (m: string) => void;
  readonly learned: unknown[];
}

/** Sends one connection's frames in batches, each checked against the oracle once its sentinel is answered. */
async function fuzzConnection(
  client: FuzzClient,
  o: { seed: string; frames: number; batch: number; canWrite: boolean; extra: readonly GeneratedFrame[] },
  sink: Sink,
): Promise<void> {
  const rng = fuzzRng(o.seed);
  // The big frames, spread evenly over the connection's frames.
  const extraAt = new Map(o.extra.map((f, i) => [Math.floor(((i + 1) * o.frames) / (o.extra.length + 1)), f]));
  const ctx = { canWrite: o.canWrite, inputs: 2 };
  let sent = 0;
  for (let round = 0; sent < o.frames; round++) {
    const expected: { frame: GeneratedFrame; answer: ExpectedAnswer }[] = [];
    for (let i = 0; i < o.batch && sent < o.frames; i++, sent++) {
      const frame = extraAt.get(sent) ?? protocolFrame(rng, ctx);
      sink.figures.framesByKind[frame.kind] = (sink.figures.framesByKind[frame.kind] ?? 0) + 1;
      expected.push({ frame, answer: expectedAnswer(frame.data, frame.binary, ctx) });
      client.ws.send(frame.data, { binary: frame.binary });
    }
    const sentinel = `sentinel:${o.seed}:${round}`;
    client.ws.send(JSON.stringify({ type: 'predict', id: sentinel, x: [[0, 0]] }));
    try {
      await client.until(() => client.answers.some((a) => a['id'] === sentinel), 60_000, `the answer to ${sentinel}`);
    } catch (e) {
      sink.note(`${o.seed}: ${(e as Error).message}`);
      return;
    }
    const answers = client.answers.splice(0);
    answers.pop(); // the sentinel's
    const wanted = expected.filter((e) => e.answer.type !== 'none');
    if (answers.length !== wanted.length) sink.note(`${o.seed} round ${round}: ${answers.length} answers to ${wanted.length} frames that need one`);
    for (let i = 0; i < Math.min(answers.length, wanted.length); i++) {
      const a = answers[i]!;
      sink.figures.answersByType[a.type] = (sink.figures.answersByType[a.type] ?? 0) + 1;
      if (a.type === 'error') sink.figures.errorsByCode[String(a['code'])] = (sink.figures.errorsByCode[String(a['code'])] ?? 0) + 1;
      const problem = check(a, wanted[i]!.answer, sink.learned);
      if (problem !== undefined) sink.note(`${o.seed} round ${round} (${wanted[i]!.frame.kind}: ${wanted[i]!.frame.data.toString('utf8', 0, 160)}): ${problem}; got ${JSON.stringify(a).slice(0, 300)}`);
    }
  }
}

/** Why an answer is not the expected one, or undefined when it is. Learned samples are appended to `learned`. */
function check(a: Received, e: ExpectedAnswer, learned: unknown[]): string | undefined {
  if (e.type === 'none') return 'no answer expected';
  if (a.type !== e.type) return `expected ${e.type}${e.type === 'error' ? ` ${e.code}` : ''}`;
  if (e.type === 'error') {
    if (a['code'] !== e.code) return `expected code ${e.code}`;
    if (e.id === undefined ? 'id' in a : a['id'] !== e.id) return `expected id ${String(e.id)}`;
    const message = a['message'];
    if (typeof message !== 'string' || message.length === 0 || message.length > 2000) return 'the message is missing or too long';
    return undefined;
  }
  if (a['id'] !== e.id) return `expected id ${String(e.id)}`;
  if (e.type === 'ack') {
    const rejected = a['rejected'] as { index: number; reason: string }[];
    // The ack repeats the first 100 rejections and counts them all.
    if (JSON.stringify(rejected.map((r) => r.index)) !== JSON.stringify(e.rejected.slice(0, 100))) return `expected rejected indices ${JSON.stringify(e.rejected.slice(0, 100))}`;
    if (a['rejectedCount'] !== e.rejected.length) return `expected rejectedCount ${e.rejected.length}`;
    if (rejected.some((r) => typeof r.reason !== 'string' || r.reason.length === 0)) return 'a rejection without a reason';
    if (a['accepted'] !== e.learned.length) return `expected ${e.learned.length} accepted`;
    learned.push(...e.learned);
    if (a['n'] !== learned.length) return `expected n = ${learned.length}`;
  }
  if (e.type === 'prediction') {
    const p = a['probabilities'] as number[];
    const c = a['classes'] as number[];
    if (p.length !== e.rows || c.length !== e.rows) return `expected ${e.rows} predictions`;
    if (p.some((v, i) => !(v >= 0 && v <= 1) || c[i] !== (v > 0.5 ? 1 : 0))) return 'a probability outside [0, 1] or a class that does not match it';
  }
  return undefined;
}

/** The server's model against a fresh learner and the core, each fed the valid samples alone. */
function sameModel(step: { weights: readonly number[]; bias: number | null }, learned: readonly unknown[], note: (m: string) => void): boolean {
  const reference = new OnlineLearner(CONFIG);
  reference.push(learned);
  const ref = reference.currentStep();
  void reference.close();
  const core = createModel({ inputs: 2, bias: true });
  for (const s of learned) learnOne(core, s as Sample, { schedule: { kind: 'constant', lr: 0.1 } });
  const got = [...step.weights, step.bias];
  let same = true;
  for (const want of [[...ref.weights, ref.bias], [...Array.from(core.weights), core.bias]]) {
    if (got.length !== want.length || got.some((v, i) => !Object.is(v, want[i]))) {
      note(`the model ${JSON.stringify(got)} differs from ${JSON.stringify(want)} (fed the ${learned.length} valid samples alone)`);
      same = false;
    }
  }
  return same;
}

/** Oversized frames (1009) and invalid UTF-8 text (1007), each on a connection of its own; the server stays up. */
async function closeChecksOn(server: RunningServer, count: number, seed: string, closes: Record<string, number>, note: (m: string) => void): Promise<void> {
  const rng = fuzzRng(`${seed}:closes`);
  const cases: { name: string; data: Buffer; binary: boolean; code: number }[] = [];
  for (let i = 0; i < count; i++) {
    cases.push({ name: 'oversized text', data: Buffer.alloc(MAX_PAYLOAD + 1 + int(rng, 0, MAX_PAYLOAD), 0x20), binary: false, code: 1009 });
    cases.push({ name: 'oversized binary', data: Buffer.alloc(MAX_PAYLOAD + 1 + int(rng, 0, 1000), 0xff), binary: true, code: 1009 });
    cases.push({ name: 'invalid UTF-8 text', data: Buffer.concat([Buffer.from('{"type":"'), pick(rng, INVALID_UTF8), Buffer.from('"}')]), binary: false, code: 1007 });
  }
  for (const c of cases) {
    const client = await FuzzClient.open(server.url);
    client.ws.send(c.data, { binary: c.binary });
    const code = (await within(client.closed, 10_000))?.code ?? 0;
    closes[String(code)] = (closes[String(code)] ?? 0) + 1;
    if (code !== c.code) note(`${c.name}: closed with ${code}, expected ${c.code}`);
    client.terminate();
  }
}

/** A server with a low message rate closes a client that sends faster with 1008, after answering what it allowed. */
async function rateLimitCheck(closes: Record<string, number>, note: (m: string) => void): Promise<void> {
  const learner = new OnlineLearner(CONFIG);
  const server = await startServer({ learner, port: 0, host: '127.0.0.1', maxMessagesPerSecond: 20 });
  try {
    const client = await FuzzClient.open(server.url);
    for (let i = 0; i < 60; i++) client.ws.send(JSON.stringify({ type: 'predict', id: i, x: [[1, 2]] }));
    const code = (await within(client.closed, 10_000))?.code ?? 0;
    closes[String(code)] = (closes[String(code)] ?? 0) + 1;
    if (code !== 1008) note(`rate limit: closed with ${code}, expected 1008`);
    const answered = client.answers.length;
    if (answered < 1 || answered > 21) note(`rate limit: ${answered} answers before the close, expected 1 to 21`);
    client.terminate();
  } finally {
    await server.close();
    await learner.close();
  }
}

/** The promise's value, or undefined after `ms` (the timer is cleared either way). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
