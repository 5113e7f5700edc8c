/**
 * The learning end of a stream learner: it parses each message and learns its
 * samples, in stream order, and says what it did. Two implementations: on the
 * learner's own thread ({@link InlineMessageTrainer}), or on a worker thread
 * (`WorkerMessageTrainer`) so that consuming and acknowledging (the main thread)
 * and parsing and learning (the worker) use two cores.
 *
 * @module
 */
import type { JsMsg } from '@nats-io/jetstream';
import { predictProba, Trainer } from '../core/index.js';
import type { Sample, Step, TrainerState } from '../core/index.js';
import { SampleRing } from '../stream/sample-ring.js';
import { BlockTrainer } from './block-trainer.js';
import { MAX_PUBLISHED_SAMPLES } from './model-subjects.js';
import { parseSampleMessage } from './sample-message.js';
import type { StreamLearnerSettings } from './stream-learner-options.js';

/** A stream message handed to a {@link MessageTrainer}. */
export interface IncomingMessage {
  readonly sequence: number;
  readonly subject: string;
  readonly data: Uint8Array;
  /** What to ack once a checkpoint covers it (none for a message read from the stream itself). */
  readonly message: JsMsg | undefined;
  /** Samples at or below this index in the message are already in the model (a resumed partial message). */
  readonly skipThrough?: number;
}

/** What a {@link MessageTrainer} did with a message, in stream order. */
export interface LearnedMessage extends IncomingMessage {
  /** Why it cannot be parsed at all (then nothing was learned from it). */
  readonly dead?: string;
  /** The index in the message of each sample handed to the model. */
  readonly index: ArrayLike<number>;
  /** Its invalid samples. */
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
}

/** A trainer's state at a point of the stream: `applied` = samples learned this session up to it. */
export interface TrainerPoint {
  readonly state: TrainerState;
  readonly applied: number;
}

/** Parses and learns messages in order; see the module. */
export interface MessageTrainer {
  /** Resolves once it can learn (a worker thread has started); rejects when it cannot start. */
  ready(): Promise<void>;
  /** Learns a message's samples; `learned` hears of it once done (at once, or later from a worker), in order. */
  add(message: IncomingMessage): void;
  /** The state once every message added so far is learned. */
  point(): Promise<TrainerPoint>;
  /** The newest state this thread knows (a worker's: its last point). */
  latest(): TrainerPoint;
  /** The newest step this thread knows (copies). */
  step(time: number): Step;
  /** P(t = 1 | x) from the newest weights this thread knows. */
  predictProba(x: readonly number[]): number;
  /** The last valid samples learned, oldest first (copies). */
  recentSamples(max: number): Sample[];
  /** Frees the worker, if any; nothing is learned after. */
  close(): void;
}

/** The trainer a stream learner's settings describe (a rolling window of 500 for the live scores). */
export function streamTrainer(settings: StreamLearnerSettings, restore?: TrainerState): Trainer {
  const trainer = new Trainer({ rollingWindow: 500, ...settings });
  if (restore !== undefined) trainer.restore(restore);
  return trainer;
}

/**
 * Parses one message and learns its samples (those after `skipThrough`) with `feeder`.
 *
 * @returns what was learned, without the message's own fields
 */
export function learnMessage(feeder: BlockTrainer, ring: SampleRing, data: Uint8Array, inputs: number, skipThrough?: number): Pick<LearnedMessage, 'dead' | 'index' | 'rejected'> {
  const block = parseSampleMessage(data, inputs);
  if (!block.ok) return { dead: block.reason, index: [], rejected: [] };
  let from = 0;
  if (skipThrough !== undefined) while (from < block.count && block.index[from]! <= skipThrough) from++;
  // Only the tail can still be among the last 100: a bounded copy per message.
  ring.pushBlock({ width: block.width, length: block.count, x: block.x, t: block.t }, from, block.count);
  feeder.feed(block, from);
  return { index: from === 0 ? block.index : block.index.subarray(from), rejected: block.rejected };
}

/**
 * A {@link MessageTrainer} on the caller's thread: `learned` is called before `add` returns.
 *
 * @example
 * ```ts
 * const t = new InlineMessageTrainer({ inputs: 2 }, undefined, (m) => console.log(m.sequence, m.index.length));
 * t.add({ sequence: 1, subject: 's', data, message: undefined });
 * ```
 */
export class InlineMessageTrainer implements MessageTrainer {
  private readonly trainer: Trainer;
  private readonly feeder: BlockTrainer;
  private readonly ring: SampleRing;

  constructor(
    private readonly settings: StreamLearnerSettings,
    restore: TrainerState | undefined,
    private readonly learned: (message: LearnedMessage) => void,
  ) {
    this.trainer = streamTrainer(settings, restore);
    this.feeder = new BlockTrainer(this.trainer);
    this.ring = new SampleRing(MAX_PUBLISHED_SAMPLES, settings.inputs);
  }

  ready(): Promise<void> {
    return Promise.resolve();
  }

  add(message: IncomingMessage): void {
    this.learned({ ...message, ...learnMessage(this.feeder, this.ring, message.data, this.settings.inputs, message.skipThrough) });
  }

  point(): Promise<TrainerPoint> {
    return Promise.resolve({ state: this.trainer.state(), applied: this.feeder.applied });
  }

  latest(): TrainerPoint {
    return { state: this.trainer.state(), applied: this.feeder.applied };
  }

  step(time: number): Step {
    return this.trainer.step(time);
  }

  predictProba(x: readonly number[]): number {
    return predictProba(this.trainer.model, x);
  }

  recentSamples(max: number): Sample[] {
    const all = this.ring.toArray();
    return all.slice(Math.max(0, all.length - max));
  }

  close(): void {}
}
