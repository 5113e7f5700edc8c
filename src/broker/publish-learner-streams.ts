/**
 * A learner's live streams on NATS subjects, so that any number of dashboard
 * gateways (`rxlogit serve --follow`) can show one learner.
 *
 * @module
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { LearnerFeed } from '../server/learner-feed.js';
import type { ServerLearner } from '../server/learner-port.js';
import { MAX_PUBLISHED_SAMPLES, modelSubjects } from './model-subjects.js';
import type { LearnerStatus } from './model-subjects.js';

type Maybe<T> = T | null | Promise<T | null>;

/** What the learner's process knows about its place in the cluster; each may be async, and null when unknown. */
export interface StatusProviders {
  /** The lease holder's id (this process's id when it leads). */
  readonly holder?: () => Maybe<string>;
  /** Messages of the input stream waiting for the learner (the consumer's pending + unacknowledged). */
  readonly pending?: () => Maybe<number>;
  /** The model version last written to KV (default: the learner's current version). */
  readonly modelVersion?: () => Maybe<number>;
  /** `Date.now()` of the last model write. */
  readonly modelTime?: () => Maybe<number>;
  /** The last input-stream sequence applied. */
  readonly sequence?: () => Maybe<number>;
}

/** Options of {@link publishLearnerStreams}. */
export interface PublishLearnerStreamsOptions {
  /** The model name: subjects `rxlogit.<model>.steps|status|samples`. */
  readonly model: string;
  readonly learner: ServerLearner;
  /** The feed that measures rates and counts rejections: the server's own when there is one (default: a new one). */
  readonly feed?: LearnerFeed;
  readonly status?: StatusProviders;
  /** Steps published per second at most, only when the step changed (default 10). */
  readonly stepsPerSecond?: number;
  /** Time between two status messages (default 1000 ms). */
  readonly statusEveryMs?: number;
  /** Time between two samples messages, 0 for none (default 500 ms). */
  readonly samplesEveryMs?: number;
  /** Called when a status provider fails (the field is sent as null). */
  readonly onError?: (error: unknown) => void;
}

/** Publishing that runs; `stop()` ends it (the connection stays open). */
export interface LearnerStreamsPublisher {
  /** Steps, statuses and samples messages published so far. */
  readonly counts: { steps: number; status: number; samples: number };
  stop(): void;
}

/**
 * Publishes a learner's streams on core NATS subjects, throttled: the latest
 * `step` message (the WebSocket protocol's, as JSON) at most `stepsPerSecond`,
 * a {@link LearnerStatus} every `statusEveryMs`, and the samples accepted
 * since the last message (at most 100) every `samplesEveryMs`.
 *
 * @example
 * ```ts
 * const publisher = publishLearnerStreams(nc, { model: 'demo', learner, status: { holder: () => lease.holder } });
 * // …
 * publisher.stop();
 * ```
 */
export function publishLearnerStreams(nc: NatsConnection, options: PublishLearnerStreamsOptions): LearnerStreamsPublisher {
  const subjects = modelSubjects(options.model);
  const { learner } = options;
  let feed = options.feed;
  let ownFeed = false;
  if (feed === undefined) {
    // Only steps and rates are needed here: the view is computed once, not every second.
    feed = new LearnerFeed(learner, { viewIntervalMs: 2 ** 31 - 1 });
    feed.start();
    ownFeed = true;
  }
  const counts = { steps: 0, status: 0, samples: 0 };
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, run: () => void): void => {
    const t = setInterval(run, ms);
    t.unref();
    timers.push(t);
  };
  const publish = (subject: string, data: string | Uint8Array): void => {
    if (nc.isClosed()) return;
    nc.publish(subject, data);
  };
  const f = feed;
  let lastFrame: unknown;
  every(1000 / (options.stepsPerSecond ?? 10), () => {
    const frame = f.stepFrame();
    if (frame === lastFrame) return;
    lastFrame = frame;
    publish(subjects.steps, frame as Uint8Array);
    counts.steps++;
  });
  const ask = async <T>(get: (() => Maybe<T>) | undefined, fallback: T | null): Promise<T | null> => {
    if (get === undefined) return fallback;
    try {
      return await get();
    } catch (error) {
      options.onError?.(error);
      return null;
    }
  };
  let statusBusy = false;
  const sendStatus = async (): Promise<void> => {
    if (statusBusy) return; // a slow provider (a consumer-info request) never piles up requests
    statusBusy = true;
    try {
      const p = options.status ?? {};
      const status: LearnerStatus = {
        holder: await ask(p.holder, null),
        pending: await ask(p.pending, null),
        modelVersion: await ask(p.modelVersion, learner.currentStep().version),
        modelTime: await ask(p.modelTime, null),
        sequence: await ask(p.sequence, null),
        samplesPerSecond: f.samplesPerSecond,
        time: Date.now(),
      };
      publish(subjects.status, JSON.stringify(status));
      counts.status++;
    } finally {
      statusBusy = false;
    }
  };
  every(options.statusEveryMs ?? 1000, () => void sendStatus());
  void sendStatus();
  const samplesEveryMs = options.samplesEveryMs ?? 500;
  // The first message carries what the learner already holds: it may have learned before publishing began.
  let lastN = Number.NEGATIVE_INFINITY;
  if (samplesEveryMs > 0) {
    every(samplesEveryMs, () => {
      const n = learner.currentStep().n;
      const fresh = n - lastN;
      lastN = n;
      if (fresh <= 0) return;
      const recent = learner.recentSamples();
      const take = Math.min(fresh, MAX_PUBLISHED_SAMPLES, recent.length);
      if (take === 0) return;
      publish(subjects.samples, JSON.stringify(recent.slice(recent.length - take).map((s) => ({ x: s.x, t: s.t }))));
      counts.samples++;
    });
  }
  return {
    counts,
    stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      if (ownFeed) f.stop();
    },
  };
}
