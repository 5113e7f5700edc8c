/** A class label: 0 (the tutorial's red stars) or 1 (its blue circles). */
export type Label = 0 | 1;

/**
 * One labelled example: the inputs `x` and the target `t`.
 *
 * @example
 * ```ts
 * const s: Sample = { x: [0.5, -1.2], t: 1 };
 * ```
 */
export interface Sample {
  readonly x: readonly number[];
  readonly t: Label;
}
