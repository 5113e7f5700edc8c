/**
 * What the server needs from a learner, and nothing more: the stream layer's
 * `OnlineLearner` satisfies it, and so can a test double. Keeping the
 * dependency this narrow lets the server be read (and tested) on its own.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import type { PushResult, Sample, Step } from '../core/index.js';

/** The learner as the server uses it. */
export interface ServerLearner {
  /** Hot stream of steps (the core's one `Step` shape); a late subscriber gets the latest step at once. */
  readonly steps$: Observable<Step>;
  /** Samples rejected from the learner's own source. */
  readonly rejected$: Observable<unknown>;
  /** Validates and learns a batch in order; reports each rejected item by index and the items skipped while paused. */
  push(items: readonly unknown[]): PushResult;
  /** A copy of the recent accepted samples, oldest first. */
  recentSamples(): Sample[];
  /** The latest state now. */
  currentStep(): Step;
  /** P(t = 1 | x); throws a TypeError on a wrong width or a non-finite value. */
  predictProba(x: readonly number[]): number;
  pause(): void;
  resume(): void;
  readonly paused: boolean;
  /** Whether the learner has ended (its source ended, or it was closed): it then refuses samples and controls. */
  readonly closed?: boolean;
  /** Back to the configuration: initial weights and the configured learning-rate schedule, metrics cleared. */
  reset(): void;
  /** Switches to a constant learning rate. */
  setLearningRate(lr: number): void;
  /**
   * Writes a checkpoint now (used by `durable` acks): resolves `undefined`
   * without a checkpoint configured, `{ ok: false, error }` when the write failed.
   */
  checkpoint?(): Promise<{ readonly ok: boolean; readonly error?: unknown } | undefined>;
  /** The learner's configuration: `checkpoint` tells whether durable acks are possible, `everySamples` how far plain acks may run ahead of it. */
  readonly config?: { readonly checkpoint?: { readonly everySamples?: number | undefined } | undefined };
  /** The result of every checkpoint write (`seen`: the samples it holds; `error` when it failed). */
  readonly checkpoints$?: Observable<{ readonly ok: boolean; readonly seen?: number; readonly time?: number; readonly path?: string; readonly error?: unknown }>;
  /** Set when the learner cannot be written to or controlled here (a gateway): why, for the clients. */
  readonly readOnly?: string;
  /** The learner's cluster status, about once a second (followed learners only). */
  readonly cluster$?: Observable<ClusterStatus>;
}

/**
 * Where a followed learner stands in its cluster (a gateway's learner runs in
 * another process): sent to clients as the `cluster` message. Unknown fields are null.
 */
export interface ClusterStatus {
  readonly model: string;
  /** The process leading (holding the lease), or null when none is known. */
  readonly holder: string | null;
  /** Input-stream messages waiting for the learner: its lag. */
  readonly pending: number | null;
  /** The learner's model version and the KV revision of the newest model version. */
  readonly modelVersion: number | null;
  readonly modelRevision: number | null;
  /** Milliseconds since the newest model version was written to KV. */
  readonly modelAgeMs: number | null;
  /** Milliseconds since the learner's last status message (large: the learner is down). */
  readonly statusAgeMs: number | null;
  /** The last input-stream sequence the learner applied. */
  readonly sequence: number | null;
}

/** How the learner is set up, for the `hello` message (any JSON-friendly fields). */
export type LearnerDescription = Readonly<Record<string, unknown>>;
