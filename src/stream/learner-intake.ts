import { isSampleBlock, sampleAt } from '../core/index.js';
import type { PushResult, Sample, SampleBlock, TrainerInput } from '../core/index.js';
import { checkSampleBlock, checkSampleItems } from './checked-block.js';
import type { LearnerStreams } from './learner-streams.js';
import { SampleRing } from './sample-ring.js';
import { sampleRejectionReason } from './sample-schema.js';

/**
 * The door of an `OnlineLearner`: checks what comes in (the schema for
 * untrusted values, the width for trusted samples), reports rejections,
 * drops samples while paused, keeps the recent ones, and hands the rest to
 * the learning pipeline. Untrusted batches and blocks leave it as blocks.
 *
 * @example
 * ```ts
 * const intake = new LearnerIntake(2, 500, streams, (input) => sink.next(input));
 * intake.push([{ x: [1, 2], t: 1 }, 'junk']); // { accepted: 1, rejected: [{ index: 1, ... }], skipped: 0 }
 * ```
 */
export class LearnerIntake {
  /** Whether samples are dropped instead of learned. */
  paused = false;
  /** Valid samples dropped while paused. */
  skippedWhilePaused = 0;
  /** Inputs rejected so far. */
  rejectedCount = 0;
  private readonly ring: SampleRing;

  /**
   * @param inputs - the model's width
   * @param recent - how many accepted samples to keep
   * @param streams - where rejections and accepted samples are announced
   * @param learn - the learning pipeline's input
   */
  constructor(
    private readonly inputs: number,
    recent: number,
    private readonly streams: LearnerStreams,
    private readonly learn: (input: TrainerInput) => void,
  ) {
    this.ring = new SampleRing(recent, inputs);
  }

  /** Copies of the recent accepted samples, oldest first. */
  recent(): Sample[] {
    return this.ring.toArray();
  }

  /**
   * Validates a batch of untrusted items (source `'push'`) into one block and learns it: the
   * rejections are reported first, then the valid samples are learned in order.
   */
  push(items: readonly unknown[]): PushResult {
    const { block, rejected } = checkSampleItems(items, this.inputs);
    for (const r of rejected) this.reject(r.input, r.index, r.reason, 'push');
    if (this.paused) {
      this.skippedWhilePaused += block.length;
      return { accepted: 0, rejected: rejected.map(({ index, reason }) => ({ index, reason })), skipped: block.length };
    }
    this.acceptBlock(block);
    return { accepted: block.length, rejected: rejected.map(({ index, reason }) => ({ index, reason })), skipped: 0 };
  }

  /**
   * Validates one untrusted value at `index` of its source (a sample, an array of them or a block),
   * then learns what is valid and reports the rest. An array's or a block's bad items are rejected
   * one by one (`item k: …`, `row k: …`) and the good ones learned as one block.
   */
  untrusted(value: unknown, index: number, source: string | undefined): void {
    if (Array.isArray(value)) {
      const { block, rejected } = checkSampleItems(value, this.inputs);
      for (const r of rejected) this.reject(r.input, index, `item ${r.index}: ${r.reason}`, source);
      if (this.paused) this.skippedWhilePaused += block.length;
      else this.acceptBlock(block);
      return;
    }
    if (isSampleBlock(value)) {
      const checked = checkSampleBlock(value, this.inputs);
      if (typeof checked === 'string') return this.reject(value, index, checked, source);
      for (const r of checked.rejected) this.reject(value, index, `row ${r.index}: ${r.reason}`, source);
      if (this.paused) this.skippedWhilePaused += checked.block.length;
      else this.acceptBlock(checked.block);
      return;
    }
    const reason = sampleRejectionReason(value, this.inputs);
    if (reason !== null) this.reject(value, index, reason, source);
    else if (this.paused) this.skippedWhilePaused++;
    else this.accept(ownCopy(value as Sample));
  }

  /** Learns a typed sample, chunk or block; only the width is checked (the cheap check a typed stream still needs). */
  trusted(value: TrainerInput, source: string | undefined): void {
    const inputs = this.inputs;
    if (isSampleBlock(value)) {
      if (value.width !== inputs && value.length > 0) this.reject(value, 0, `the block has ${value.width} features per sample, expected ${inputs}`, source);
      else if (this.paused) this.skippedWhilePaused += value.length;
      else this.acceptBlock(value);
      return;
    }
    if (!Array.isArray(value)) {
      const sample = value as Sample;
      if (sample.x.length !== inputs) this.reject(sample, 0, widthReason(sample, inputs), source);
      else if (this.paused) this.skippedWhilePaused++;
      else this.accept(sample);
      return;
    }
    const chunk = value as readonly Sample[];
    if (this.paused) {
      this.skippedWhilePaused += chunk.length;
      return;
    }
    let valid = chunk;
    if (chunk.some((s) => s.x.length !== inputs)) {
      chunk.forEach((s, i) => {
        if (s.x.length !== inputs) this.reject(s, i, widthReason(s, inputs), source);
      });
      valid = chunk.filter((s) => s.x.length === inputs);
    }
    for (let i = Math.max(0, valid.length - this.ring.capacity); i < valid.length; i++) this.ring.push(valid[i]!);
    if (this.streams.wantsSamples) for (const s of valid) this.streams.sample(s);
    this.learn(valid);
  }

  private accept(sample: Sample): void {
    this.ring.push(sample);
    this.streams.sample(sample);
    this.learn(sample);
  }

  private acceptBlock(block: SampleBlock): void {
    if (block.length === 0) return;
    // The recent rows are copied after learning, from the cache (a read meanwhile copies them first):
    // before this returns, as the block's producer may reuse it then.
    const ring = this.ring;
    ring.hold(block);
    try {
      if (this.streams.wantsSamples) for (let r = 0; r < block.length; r++) this.streams.sample(sampleAt(block, r));
      this.learn(block);
    } finally {
      ring.settle();
    }
  }

  private reject(input: unknown, index: number, reason: string, source: string | undefined): void {
    this.rejectedCount++;
    this.streams.reject(source === undefined ? { input, index, reason } : { input, index, reason, source });
  }
}

function widthReason(sample: Sample, inputs: number): string {
  return `x: has ${sample.x.length} value${sample.x.length === 1 ? '' : 's'}, expected ${inputs}`;
}

/** Only x and t of an untrusted sample, so the learner never keeps its other keys (or the caller's array) alive. */
function ownCopy(sample: Sample): Sample {
  return { x: sample.x.slice(), t: sample.t };
}
