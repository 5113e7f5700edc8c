/**
 * What a learner did with a batch of untrusted items (`OnlineLearner.push`,
 * the server's `samples` message): the one definition the stream layer and
 * the server share.
 *
 * @example
 * ```ts
 * const r: PushResult = { accepted: 2, rejected: [{ index: 1, reason: 'x: has 1 value, expected 2' }], skipped: 0 };
 * ```
 */
export interface PushResult {
  /** Valid items taken in (learned, or waiting in a mini-batch). */
  readonly accepted: number;
  /** Invalid items: their index in the batch and why. */
  readonly rejected: readonly { readonly index: number; readonly reason: string }[];
  /** Valid items dropped because the learner is paused. */
  readonly skipped: number;
}
