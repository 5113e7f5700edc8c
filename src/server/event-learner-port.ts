/**
 * What the server needs from an event learner (raw events with named
 * features, predictions served under an id, late labels): the stream
 * layer's `EventStreamLearner` satisfies it. The shapes are the core's.
 *
 * @module
 */
import type { LabelOutcome, PendingCounts } from '../core/delayed/pending-predictions.js';
import type { Features, HashStats } from '../core/features/feature-space.js';
import type { EventScores } from '../core/metrics/event-metrics.js';
import type { Label } from '../core/sample.js';

/** The event learner's scores as the server reads them. */
export interface ServerEventScores extends EventScores {
  /** Events learned from. */
  readonly seen: number;
  /** Served predictions and what became of their labels. */
  readonly delayed: PendingCounts;
  readonly hash: HashStats;
}

/** The event learner as the server uses it. */
export interface ServerEventLearner {
  /** Scores and learns from an event whose label is known now. @throws TypeError or RangeError naming a bad feature */
  learn(features: Features, t: Label): number;
  /** Serves P(t = 1) and remembers the prediction under `id`. @throws RangeError when `id` is already waiting */
  predict(id: string, features: Features): number;
  /** P(t = 1), remembering nothing. */
  predictProba(features: Features): number;
  /** Learns from the label of the prediction served under `id`, or says why not. */
  label(id: string, t: Label): LabelOutcome;
  /** Whether a prediction waits for its label under `id`. */
  isPending(id: string): boolean;
  /** The scores now. */
  scores(): ServerEventScores;
  /** Where checkpoints go (undefined: none, and durable acks of events are refused). */
  readonly checkpointPath: string | undefined;
  /** Writes a checkpoint now. */
  checkpoint(): Promise<void>;
}
