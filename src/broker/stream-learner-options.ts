import type { NatsConnection } from '@nats-io/transport-node';
import type { TrainerConfig } from '../core/index.js';
import type { SnapshotSource } from '../io/checkpoint-file.js';
import type { KvModelStore } from './kv-model-store.js';

/**
 * The model and its update: the core {@link TrainerConfig} (defaults: `TRAINER_DEFAULTS`), per sample or
 * per mini-batch only (no full batch, no time windows: batches must not depend on timing).
 */
export type StreamLearnerSettings = Pick<TrainerConfig, 'inputs' | 'bias' | 'batchSize' | 'schedule' | 'l2' | 'reduction' | 'init' | 'initBias'> & {
  /** One step per sample or per mini-batch (default `TRAINER_DEFAULTS.mode`, `'sample'`). */
  mode?: 'sample' | 'minibatch';
};

/** Options of a {@link JetStreamLearner}. */
export interface JetStreamLearnerOptions {
  nc: NatsConnection;
  stream: string;
  consumer: string;
  /** The model's name: its key in the store. */
  model: string;
  store: KvModelStore;
  learner: StreamLearnerSettings;
  /** Checkpoint after this many messages (default 100; keep it below the consumer's max_ack_pending). */
  checkpointEveryMessages?: number;
  /** Checkpoint at least this often while there is something new (default 1,000 ms). */
  checkpointEveryMs?: number;
  /** Messages per pull (default 64). */
  maxMessages?: number;
  /** Subject for unparseable messages (default `rxlogit.<model>.dead`). */
  deadLetterSubject?: string;
  /** Asked before every checkpoint write: false stops the learner without writing (a lost lease). */
  mayWrite?: () => boolean;
  /**
   * Parse and learn on a worker thread (default false): the learner then uses two cores, this
   * thread consuming and acknowledging while the worker learns. `snapshot()`, `currentStep()` and
   * `predictProba()` then read the model as of the worker's last report.
   */
  worker?: boolean;
  /** Fail after the broker has not answered for this long (default 60,000 ms); shorter silences are waited out. */
  patienceMs?: number;
}

/** A durable checkpoint: its store revision and the stream position it holds. */
export interface StreamCheckpoint {
  readonly revision: number;
  readonly source: SnapshotSource;
  readonly seen: number;
  readonly modelVersion: number;
  /** Messages acknowledged after it. */
  readonly acked: number;
  readonly time: number;
}
