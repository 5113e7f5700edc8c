import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { predictProba } from '../core/index.js';
import type { Sample, Step, Trainer, TrainerState } from '../core/index.js';
import { SampleRing } from '../stream/sample-ring.js';
import { identityIndex } from './identity-index.js';
import { streamTrainer } from './message-trainer.js';
import type { IncomingMessage, LearnedMessage, MessageTrainer, TrainerPoint } from './message-trainer.js';
import type { FromThread, ToThread } from './message-trainer-protocol.js';
import { MAX_PUBLISHED_SAMPLES } from './model-subjects.js';
import type { StreamLearnerSettings } from './stream-learner-options.js';

/** A batch goes out at this many messages, or bytes, or at the end of the event-loop turn… */
const BATCH_MESSAGES = 32;
const BATCH_BYTES = 1 << 20;
/**
 * … unless this many batches are with the thread already: then the batch grows until one comes back.
 * So a few buffers circulate instead of a fresh one per batch while the thread catches up.
 */
const MAX_IN_FLIGHT = 2;
/**
 * Bytes of batch buffers kept for reuse: a fresh buffer costs its page faults, far more than the copy
 * into it, and while the thread catches up many batches are in flight.
 */
const SPARE_BYTES = 32 << 20;
/** Spare batch buffers, shared by every learner of the process (one that takes over after another reuses them). */
const spare: ArrayBuffer[] = [];
let spareBytes = 0;

/**
 * A {@link MessageTrainer} whose parsing and learning run on a worker thread,
 * so that a learner uses two cores: this thread consumes and acknowledges,
 * the worker learns. Messages go over in batches (their payloads copied into
 * one transferred buffer, each 8-byte aligned so that a binary message's
 * features are read in place); `learned` hears of each message, in order,
 * when the worker's answer for its batch arrives. `point()` answers after
 * every message added before it is learned. `state()`, `step()` and
 * `predictProba()` read what the worker last reported (a step per batch, a
 * state per point).
 *
 * @example
 * ```ts
 * const t = new WorkerMessageTrainer({ inputs: 2 }, undefined, (m) => position.add(m.sequence, m.index, m.message), fail);
 * t.add({ sequence: 1, subject: 's', data, message: jsMsg });
 * const { state, applied } = await t.point();
 * t.close();
 * ```
 */
export class WorkerMessageTrainer implements MessageTrainer {
  private readonly worker: Worker;
  /** Messages sent and not yet reported learned, oldest first. */
  private readonly inFlight: IncomingMessage[] = [];
  private head = 0;
  private batch: IncomingMessage[] = [];
  private batchBytes = 0;
  private batchesOut = 0;
  private flushing: NodeJS.Immediate | undefined;
  private readonly points = new Map<number, { resolve: (p: TrainerPoint) => void; reject: (e: Error) => void }>();
  private nextPoint = 0;
  /** The state before the first point: validated here, so that a bad stored state fails at once. */
  private readonly mirror: Trainer;
  private last: TrainerPoint;
  private lastStep: Step | undefined;
  private readonly ring: SampleRing;
  private closed = false;
  private readonly started: Promise<void>;
  private settleStart!: { resolve: () => void; reject: (e: Error) => void };

  constructor(
    settings: StreamLearnerSettings,
    restore: TrainerState | undefined,
    private readonly learned: (message: LearnedMessage) => void,
    private readonly failed: (error: Error) => void,
  ) {
    this.mirror = streamTrainer(settings, restore);
    this.last = { state: this.mirror.state(), applied: 0 };
    this.ring = new SampleRing(MAX_PUBLISHED_SAMPLES, settings.inputs);
    this.started = new Promise<void>((resolve, reject) => (this.settleStart = { resolve, reject }));
    this.started.catch(() => undefined);
    this.worker = startThread({ settings, ...(restore === undefined ? {} : { restore }) });
    this.worker.on('message', (m: FromThread) => this.onReply(m));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`the learning thread exited (code ${code})`)));
  }

  ready(): Promise<void> {
    return this.started;
  }

  add(message: IncomingMessage): void {
    if (this.closed) return;
    this.inFlight.push(message);
    this.batch.push(message);
    this.batchBytes += message.data.length;
    if (this.batchesOut >= MAX_IN_FLIGHT) return; // sent when a batch comes back
    if (this.batch.length >= BATCH_MESSAGES || this.batchBytes >= BATCH_BYTES) this.flush();
    else this.flushing ??= setImmediate(() => this.flush());
  }

  point(): Promise<TrainerPoint> {
    if (this.closed) return Promise.reject(new Error('the learning thread is closed'));
    this.flush();
    const id = this.nextPoint++;
    return new Promise<TrainerPoint>((resolve, reject) => {
      this.points.set(id, { resolve, reject });
      this.post({ type: 'point', id });
    });
  }

  latest(): TrainerPoint {
    return this.last;
  }

  step(time: number): Step {
    const s = this.lastStep ?? this.mirror.step(time);
    return { ...s, weights: s.weights.slice(), metrics: { ...s.metrics }, time };
  }

  predictProba(x: readonly number[]): number {
    return predictProba(this.mirror.model, x);
  }

  recentSamples(max: number): Sample[] {
    const all = this.ring.toArray();
    return all.slice(Math.max(0, all.length - max));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Closed before the thread was up (a learner aborted while starting): ready() must not wait for ever.
    this.settleStart.reject(new Error('the learning thread is closed'));
    if (this.flushing !== undefined) clearImmediate(this.flushing);
    void this.worker.terminate();
    // A checkpoint waiting for a point will not get one: it fails (and writes nothing).
    for (const { reject } of this.points.values()) reject(new Error('the learning thread is closed'));
    this.points.clear();
  }

  /** Sends the batch: its payloads copied into one buffer (transferred, not cloned), each at an 8-byte boundary. */
  private flush(): void {
    if (this.flushing !== undefined) clearImmediate(this.flushing);
    this.flushing = undefined;
    const batch = this.batch;
    if (batch.length === 0 || this.closed) return;
    let size = 0;
    for (const m of batch) size += (m.data.length + 7) & ~7;
    const buffer = this.bufferOf(size);
    const bytes = new Uint8Array(buffer);
    const items = new Float64Array(3 * batch.length);
    let at = 0;
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      bytes.set(m.data, at);
      items[3 * i] = at;
      items[3 * i + 1] = m.data.length;
      items[3 * i + 2] = m.skipThrough ?? NaN;
      at += (m.data.length + 7) & ~7;
    }
    this.batch = [];
    this.batchBytes = 0;
    this.batchesOut++;
    this.post({ type: 'learn', buffer, items }, [buffer, items.buffer]);
  }

  /** A spare buffer of at least `size` bytes, or a new one (of at least a batch's bytes, so that it can be reused). */
  private bufferOf(size: number): ArrayBuffer {
    // The smallest spare that fits: the large ones stay for large batches.
    spare.sort((a, b) => a.byteLength - b.byteLength);
    const i = spare.findIndex((b) => b.byteLength >= size);
    if (i >= 0) {
      const b = spare.splice(i, 1)[0]!;
      spareBytes -= b.byteLength;
      return b;
    }
    // Room to grow: a batch that waited for the thread may be larger than the last.
    return new ArrayBuffer(Math.max(Math.ceil(size * 1.25), BATCH_BYTES + BATCH_MESSAGES * 8));
  }

  private post(m: ToThread, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  private onReply(m: FromThread): void {
    if (this.closed) return;
    if (m.type === 'ready') return this.settleStart.resolve();
    if (m.type === 'error') return this.fail(new Error(`the learning thread failed: ${m.message}`));
    if (m.type === 'tail') {
      for (const s of m.tail) this.ring.push(s);
      return;
    }
    if (m.type === 'point') {
      this.last = { state: m.state, applied: m.applied };
      const waiting = this.points.get(m.id);
      this.points.delete(m.id);
      waiting?.resolve(this.last);
      return;
    }
    this.batchesOut--;
    if (spareBytes + m.buffer.byteLength <= SPARE_BYTES) {
      spare.push(m.buffer);
      spareBytes += m.buffer.byteLength;
    }
    this.lastStep = m.step;
    const model = this.mirror.model;
    model.weights.set(m.step.weights);
    if (m.step.bias !== null) model.bias = m.step.bias;
    for (const s of m.tail) this.ring.push(s);
    let k = 0;
    for (let i = 0; i < m.counts.length; i++) {
      const message = this.inFlight[this.head++]!;
      const special = m.special[k]?.at === i ? m.special[k++] : undefined;
      if (special === undefined) this.learned({ ...message, index: identityIndex(m.counts[i]!), rejected: [] });
      else this.learned({ ...message, index: special.index, rejected: special.rejected, ...(special.dead === undefined ? {} : { dead: special.dead }) });
    }
    if (this.head > 1024 && this.head * 2 > this.inFlight.length) {
      this.inFlight.splice(0, this.head);
      this.head = 0;
    }
    if (this.batch.length > 0) this.flush();
  }

  private fail(e: Error): void {
    if (this.closed) return;
    this.settleStart.reject(e);
    this.close();
    this.failed(e);
  }
}

/**
 * Starts the thread: its compiled `.js` beside this file, or, when running from the TypeScript
 * sources (tests, `tsx`), its `.ts` through tsx's loader, which a worker does not inherit.
 */
function startThread(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./message-trainer-thread.js', here), { workerData });
  const entry = new URL('./message-trainer-thread.ts', here).href;
  // tsx's ESM API, found from here (not from the working directory); its CommonJS twin sits beside it.
  const api = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}))`;
  return new Worker(code, { eval: true, workerData });
}
