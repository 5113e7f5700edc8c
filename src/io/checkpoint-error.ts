/**
 * A checkpoint that cannot be read, trusted or written; the message names the file and the problem.
 *
 * @example
 * ```ts
 * try { new OnlineLearner({ inputs: 2, checkpoint: { path } }); } catch (e) { if (e instanceof CheckpointError) console.error(e.message); }
 * ```
 */
export class CheckpointError extends Error {
  /** The checkpoint's path. */
  readonly path: string;

  constructor(path: string, message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'CheckpointError';
    this.path = path;
  }
}
