/**
 * The leading `rxlogit learn` process's streams on NATS subjects: its steps,
 * and a status naming the leader, the consumer's lag and the last model
 * write, and its recent samples, so that gateways (`rxlogit serve --follow`)
 * can show it.
 *
 * @module
 */
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { BehaviorSubject } from 'rxjs';
import type { Subscription } from 'rxjs';
import { metricsOfState } from '../core/metrics/progressive-metrics.js';
import type { PushResult, Step } from '../core/index.js';
import type { ServerLearner } from '../server/learner-port.js';
import type { JetStreamLearner, StreamCheckpoint } from './jet-stream-learner.js';
import { publishLearnerStreams } from './publish-learner-streams.js';
import type { LearnerStreamsPublisher } from './publish-learner-streams.js';

/** Options of {@link publishStreamLearner}. */
export interface PublishStreamLearnerOptions {
  readonly model: string;
  /** This process's lease holder id. */
  readonly holder: string;
  readonly stream: string;
  readonly consumer: string;
  /** Time between two samples messages (the last ≤ 100 samples learned since the previous one), 0 for none (default 500 ms). */
  readonly samplesEveryMs?: number;
  /** Called when the consumer's lag cannot be read (sent as null). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Publishes a leading {@link JetStreamLearner}'s steps and status (see
 * {@link publishLearnerStreams}) from the moment it has loaded its checkpoint
 * until `stop()`. The lag is the consumer's pending plus unacknowledged
 * messages, asked of the server once a second. Every `samplesEveryMs` the
 * samples learned since the last samples message go out (at most 100, the
 * newest), for the dashboard's boundary chart.
 *
 * @example
 * ```ts
 * onLeader: (l) => (publishing = publishStreamLearner(nc, l, { model, holder, stream, consumer })),
 * ```
 */
export function publishStreamLearner(nc: NatsConnection, learner: JetStreamLearner, options: PublishStreamLearnerOptions): { stop(): void } {
  let publisher: LearnerStreamsPublisher | undefined;
  let view: (ServerLearner & { close(): void }) | undefined;
  let last: StreamCheckpoint | undefined;
  const checkpoints: Subscription = learner.checkpoints$.subscribe((c) => (last = c));
  const jsm = jetstreamManager(nc);
  const begin = (): boolean => {
    let first: Step;
    try {
      first = stepOfSnapshot(learner);
    } catch {
      return false; // not started yet: the trainer exists once the checkpoint is loaded
    }
    view = readOnlyView(learner, first);
    publisher = publishLearnerStreams(nc, {
      model: options.model,
      learner: view,
      samplesEveryMs: options.samplesEveryMs ?? 500,
      status: {
        holder: () => options.holder,
        pending: async () => {
          const info = await (await jsm).consumers.info(options.stream, options.consumer);
          return info.num_pending + info.num_ack_pending;
        },
        modelVersion: () => last?.modelVersion ?? null,
        modelTime: () => last?.time ?? null,
        sequence: () => last?.source.sequence ?? null,
      },
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    return true;
  };
  const timer = setInterval(() => {
    if (begin()) clearInterval(timer);
  }, 50);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      checkpoints.unsubscribe();
      publisher?.stop();
      view?.close();
    },
  };
}

function stepOfSnapshot(learner: JetStreamLearner): Step {
  const s = learner.snapshot();
  const schedule = (s.config as { schedule?: { lr?: unknown } }).schedule;
  return {
    n: s.seen,
    loss: s.loss ?? null,
    weights: s.weights,
    bias: s.bias,
    version: s.modelVersion,
    lr: typeof schedule?.lr === 'number' ? schedule.lr : NaN,
    metrics: metricsOfState(s.metrics),
    time: Date.now(),
  };
}

/** The learner as the publisher reads it: its steps, its rejections; nothing can be written through it. */
function readOnlyView(learner: JetStreamLearner, first: Step): ServerLearner & { close(): void } {
  const steps = new BehaviorSubject<Step>(first);
  const sub = learner.steps$.subscribe({ next: (s) => steps.next(s), error: () => steps.complete(), complete: () => steps.complete() });
  const refuse = (): never => {
    throw new Error('the stream learner is fed by its JetStream consumer only');
  };
  return {
    steps$: steps,
    rejected$: learner.rejected$,
    readOnly: 'fed by its JetStream consumer only',
    paused: false,
    currentStep: () => steps.value,
    recentSamples: () => learner.recentSamples(),
    predictProba: refuse,
    push: (): PushResult => refuse(),
    pause: refuse,
    resume: refuse,
    reset: refuse,
    setLearningRate: refuse,
    close: () => sub.unsubscribe(),
  };
}
