import type { PushResult, Sample } from '../core/index.js';
import type { LearnerStreams } from './learner-streams.js';
import { SampleRing } from './sample-ring.js';
import { sampleRejectionReason } from './sample-schema.js';

/** Rejections per `push` explained in detail (with zod); the rest get the core's one-line reason. */
const DETAILED_REJECTIONS = 100;

/**
 * The door of an `OnlineLearner`: checks what comes in (the schema for
 * untrusted values, the width for trusted samples), reports rejections,
 * drops samples while paused, keeps the recent ones, and hands the rest to
 * the learning pipeline.
 *
 * @example
 * ```ts
 * const intake = new LearnerIntake(2, 500, streams, (s) => sink.next(s));
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
    private readonly learn: (input: Sample | readonly Sample[]) => void,
  ) {
    this.ring = new SampleRing(recent);
  }

  /** Copies of the recent accepted samples, oldest first. */
  recent(): Sample[] {
    return this.ring.toArray();
  }

  /** Validates and learns a batch of untrusted items in order (source `'push'`). */
  push(items: readonly unknown[]): PushResult {
    const result = { accepted: 0, rejected: [] as { index: number; reason: string }[], skipped: 0 };
    for (let i = 0; i < items.length; i++) {
      const value: unknown = items[i];
      // zod explains the first rejections of a batch; the rest get the core's one-line reason, so
      // a batch of junk costs little more than a clean one (10,000 junk samples took seconds).
      const reason = sampleRejectionReason(value, this.inputs, result.rejected.length < DETAILED_REJECTIONS);
      if (reason !== null) {
        result.rejected.push({ index: i, reason });
        this.reject(value, i, reason, 'push');
      } else if (this.paused) {
        this.skippedWhilePaused++;
        result.skipped++;
      } else {
        this.accept(ownCopy(value as Sample));
        result.accepted++;
      }
    }
    return result;
  }

  /** Validates one untrusted value at `index` of its source, then learns it or reports it. */
  untrusted(value: unknown, index: number, source: string | undefined): void {
    const reason = sampleRejectionReason(value, this.inputs);
    if (reason !== null) this.reject(value, index, reason, source);
    else if (this.paused) this.skippedWhilePaused++;
    else this.accept(ownCopy(value as Sample));
  }

  /** Learns a typed sample or chunk; only the width is checked (the cheap check a typed stream still needs). */
  trusted(value: Sample | readonly Sample[], source: string | undefined): void {
    const inputs = this.inputs;
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
    for (let i = 0; i < valid.length; i++) this.ring.push(valid[i]!);
    if (this.streams.wantsSamples) for (const s of valid) this.streams.sample(s);
    this.learn(valid);
  }

  private accept(sample: Sample): void {
    this.ring.push(sample);
    this.streams.sample(sample);
    this.learn(sample);
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
