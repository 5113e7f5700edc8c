/**
 * The messages between a `WorkerMessageTrainer` and its thread.
 *
 * @module
 */
import type { Sample, Step, TrainerState } from '../core/index.js';

/** To the thread: a batch of messages to learn, or a request for its state. */
export type ToThread =
  /** `items` holds (offset, length, skipThrough or NaN) per message; the payloads lie in `buffer`, 8-byte aligned. */
  | { readonly type: 'learn'; readonly buffer: ArrayBuffer; readonly items: Float64Array }
  | { readonly type: 'point'; readonly id: number };

/** From the thread: what a batch taught it, its state when asked, or why it cannot go on. */
export type FromThread =
  | { readonly type: 'ready' }
  | {
      readonly type: 'learned';
      /** The batch's buffer, given back for the next batch. */
      readonly buffer: ArrayBuffer;
      /** Samples handed to the model, per message of the batch. */
      readonly counts: Uint32Array;
      /** Messages whose index is not 0 … count − 1: dead, with rejections, or resumed past their head. */
      readonly special: { readonly at: number; readonly index: Float64Array; readonly rejected: readonly { readonly index: number; readonly reason: string }[]; readonly dead?: string }[];
      readonly step: Step;
      /** The last valid samples (at most 100, oldest first) learned since the last ones sent; sent at most every 100 ms. */
      readonly tail: readonly Sample[];
    }
  | { readonly type: 'tail'; readonly tail: readonly Sample[] }
  | { readonly type: 'point'; readonly id: number; readonly state: TrainerState; readonly applied: number }
  | { readonly type: 'error'; readonly message: string };
