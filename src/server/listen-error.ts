/**
 * The error `startServer` throws when it cannot listen. In a file of its own
 * so that the public declarations reach it without importing `ws`'s types.
 *
 * @example
 * ```ts
 * try { await startServer({ learner, port: 80 }); } catch (e) { if (e instanceof ListenError) console.error(e.message); }
 * ```
 */
/** The server could not listen: the message says why and what to do; `code` is the system's (`EADDRINUSE`…). */
export class ListenError extends Error {
  override readonly name = 'ListenError';

  /**
   * @param message - what happened and what to do
   * @param code - the system error code, such as `EADDRINUSE`
   */
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
