import type { PublishTotals } from './publish-messages.js';

/**
 * A publish that failed: the error says which message and how much was acknowledged before it.
 *
 * @example
 * ```ts
 * try { await publishMessages(nc, 'samples.in', messages); }
 * catch (e) { if (e instanceof PublishError) console.error(e.message, e.acknowledged.lastSequence); }
 * ```
 */
export class PublishError extends Error {
  override readonly name = 'PublishError';
  /** Totals of the messages acknowledged before the failed one, in order. */
  readonly acknowledged: PublishTotals;

  constructor(message: string, acknowledged: PublishTotals, options?: { cause: unknown }) {
    super(message, options);
    this.acknowledged = acknowledged;
  }
}
