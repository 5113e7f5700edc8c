/**
 * An input refused at the trust boundary: what came in, where, and why. An
 * invalid input never stops a pipeline and never touches the model; it is
 * reported as one of these instead.
 *
 * @example
 * ```ts
 * const r: Rejection = { input: { x: [1], t: 1 }, index: 4, reason: 'x: has 1 value, expected 2', source: 'push' };
 * ```
 */
export interface Rejection {
  /** The input as received (not copied). */
  input: unknown;
  /** Its 0-based position in its source (or in the pushed batch). */
  index: number;
  /** Why it was refused, with the path of the problem, such as `x[1]: Invalid input: expected number, received NaN`. */
  reason: string;
  /** Which source it came from, when the source was named. */
  source?: string;
}
