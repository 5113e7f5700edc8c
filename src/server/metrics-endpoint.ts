import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { SecretToken } from './auth.js';
import type { CheckpointState } from './checkpoint-status.js';
import type { Step as LearnerStep } from '../core/index.js';
import type { EventLoopDelayStats } from './process-stats.js';
import { allowRead } from './read-guard.js';
import type { ServerEventScores } from './event-learner-port.js';

/** What the metrics are read from, at each scrape. */
export interface MetricsSource {
  /** The learner's state now. */
  step(): LearnerStep;
  /** Whether the learner runs, and whether it is paused. */
  running(): boolean;
  paused(): boolean;
  /** The server's counters. */
  stats(): { readonly clients: number; readonly writers: number; readonly sent: number; readonly conflated: number; readonly stalled: number; readonly rejected: number };
  /** The checkpoint's state, undefined without a checkpoint. */
  checkpoint(): CheckpointState | undefined;
  /** The event loop's delay over the last window (ms). */
  eventLoopDelay(): EventLoopDelayStats;
  /** The event learner's scores (absent without one). */
  events?(): ServerEventScores;
}

/**
 * The server's Prometheus metrics, at `GET /metrics` in the text exposition
 * format (prom-client), behind the read token when one is set. The registry
 * is the server's own, not prom-client's global one, so two servers in one
 * process never clash; it is made at the first scrape, so a server nobody
 * scrapes pays nothing. Besides the `rxlogit_*` figures below it carries
 * prom-client's default process metrics (CPU, memory, handles, GC, event-loop lag).
 *
 * @example
 * ```ts
 * const metrics = new ServerMetrics(source);
 * if (pathname === '/metrics') return void metrics.serve(req, res, tokens);
 * ```
 */
export class ServerMetrics {
  #registry: Registry | undefined;

  /** @param source - where each figure is read at a scrape */
  constructor(private readonly source: MetricsSource) {}

  /** The metrics now, in the Prometheus text format. */
  async text(): Promise<string> {
    return (this.#registry ??= this.#build()).metrics();
  }

  /** Answers `GET /metrics` (405 for other methods, 401 without a needed token). */
  async serve(request: IncomingMessage, response: ServerResponse, tokens: { readonly write: SecretToken; readonly read?: SecretToken | undefined }): Promise<void> {
    if (!allowRead(request, response, tokens, '/metrics')) return;
    const body = await this.text();
    response.writeHead(200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  #build(): Registry {
    const registers = [new Registry()];
    const s = this.source;
    // null (no value yet) is exposed as NaN, as Prometheus spells "no value".
    const gauge = (name: string, help: string, read: () => number | null): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read() ?? NaN);
        },
      });
    };
    // Counters are read from the server's own totals: set to them at each scrape.
    const counter = (name: string, help: string, read: () => number): void => {
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    };
    gauge('rxlogit_samples_learned', 'Samples the model has learned from (back to 0 on reset).', () => s.step().n);
    counter('rxlogit_samples_rejected_total', 'Samples refused as invalid since the server started.', () => s.stats().rejected);
    gauge('rxlogit_model_version', 'The model version: +1 on every model change (each learning step, reset or rate change).', () => s.step().version);
    gauge('rxlogit_model_loss', 'Loss of the last sample or batch, before its step (NaN before the first).', () => s.step().loss);
    gauge('rxlogit_model_rolling_log_loss', 'Log loss over the recent window of samples (test-then-train).', () => s.step().metrics.rollingLogLoss);
    gauge('rxlogit_model_rolling_accuracy', 'Accuracy over the recent window of samples (test-then-train).', () => s.step().metrics.rollingAccuracy);
    gauge('rxlogit_learning_rate', 'The current learning rate.', () => s.step().lr);
    gauge('rxlogit_learner_running', '1 while the learner runs, 0 once it has ended.', () => (s.running() ? 1 : 0));
    gauge('rxlogit_learner_paused', '1 while learning is paused.', () => (s.paused() ? 1 : 0));
    gauge('rxlogit_clients', 'WebSocket clients connected.', () => s.stats().clients);
    gauge('rxlogit_clients_writers', 'Connected clients holding the write token.', () => s.stats().writers);
    counter('rxlogit_frames_sent_total', 'Step and view frames sent to clients.', () => s.stats().sent);
    counter('rxlogit_frames_conflated_total', 'Step and view frames replaced by a newer one before a slow client could take them.', () => s.stats().conflated);
    counter('rxlogit_clients_stalled_total', 'Clients dropped for staying stuck past the stall timeout.', () => s.stats().stalled);
    // Only a server with a checkpoint has checkpoint metrics (absent is not the same as 0 failures).
    if (s.checkpoint() !== undefined) {
      const cp = (): CheckpointState => s.checkpoint()!;
      gauge('rxlogit_checkpoint_failing', '1 while the last checkpoint write failed (acknowledged samples are not on disk).', () => (cp().failing ? 1 : 0));
      counter('rxlogit_checkpoint_failures_total', 'Checkpoint writes that failed since the server started.', () => cp().failures);
      counter('rxlogit_checkpoint_writes_total', 'Checkpoint writes that succeeded since the server started.', () => cp().writes);
      gauge('rxlogit_checkpoint_last_success_timestamp_seconds', 'Unix time of the last successful checkpoint write (0 before the first).', () => (cp().savedAt ?? 0) / 1000);
      gauge('rxlogit_checkpoint_age_seconds', 'Seconds since the last successful checkpoint write (NaN before the first).', () => {
        const at = cp().savedAt;
        return at === null ? NaN : Math.max(0, Date.now() - at) / 1000;
      });
    }
    // Only a server with an event learner has event metrics.
    if (s.events !== undefined) {
      // One reading per scrape, not one per figure.
      const read = s.events.bind(s);
      let cached: { at: number; scores: ServerEventScores } | undefined;
      const ev = (): ServerEventScores => {
        const at = Date.now();
        if (cached?.at !== at) cached = { at, scores: read() };
        return cached.scores;
      };
      gauge('rxlogit_events_learned', 'Events the event learner has learned from (labelled now or after a delay).', () => ev().seen);
      gauge('rxlogit_events_pending', 'Served predictions waiting for their labels.', () => ev().delayed.pending);
      counter('rxlogit_events_labelled_total', 'Labels matched to the prediction served under their id.', () => ev().delayed.labelled);
      counter('rxlogit_events_expired_total', 'Served predictions dropped because their label did not come within the TTL.', () => ev().delayed.expired);
      counter('rxlogit_events_evicted_total', 'Served predictions dropped, oldest first, to stay within the pending bound.', () => ev().delayed.evicted);
      counter('rxlogit_events_late_labels_total', 'Labels that came after their prediction expired or was evicted.', () => ev().delayed.late);
      counter('rxlogit_events_unknown_labels_total', 'Labels for an id never served (or forgotten long ago).', () => ev().delayed.unknown);
      counter('rxlogit_events_duplicate_labels_total', 'Second labels for an id already labelled.', () => ev().delayed.duplicate);
      gauge('rxlogit_events_auc', 'Progressive ROC AUC over every scored event prediction (NaN until both classes were seen).', () => ev().auc);
      gauge('rxlogit_events_rolling_auc', 'ROC AUC over the recent window of scored event predictions.', () => ev().rollingAuc);
      gauge('rxlogit_events_rolling_log_loss', 'Log loss over the recent window of scored event predictions.', () => ev().rollingLogLoss);
      gauge('rxlogit_events_hash_collisions', 'Token occurrences that landed in a hash bucket first used by another token.', () => ev().hash.collisions);
    }
    new Gauge({
      name: 'rxlogit_event_loop_delay_seconds',
      help: 'Event-loop delay over the last 10-second window (absent during the first).',
      labelNames: ['quantile'] as const,
      registers,
      collect() {
        this.reset();
        const d = s.eventLoopDelay();
        for (const [q, v] of [['0.5', d.p50], ['0.99', d.p99], ['1', d.max]] as const) if (v !== null) this.set({ quantile: q }, v / 1000);
      },
    });
    collectDefaultMetrics({ register: registers[0]! });
    return registers[0]!;
  }
}
