/**
 * A read-only learner fed from NATS: what `rxlogit serve --follow` serves,
 * so that any number of gateways show one learner running elsewhere.
 *
 * @module
 */
import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import { BehaviorSubject, Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import * as z from 'zod';
import { metricsOfState } from '../core/metrics/progressive-metrics.js';
import type { PushResult, Sample, Step } from '../core/index.js';
import type { ClusterStatus, ServerLearner } from '../server/learner-port.js';
import { SampleMessage, StepMessage } from '../server/protocol.js';
import type { StepPayload } from '../server/protocol.js';
import { ModelReplica } from './model-replica.js';
import { LearnerStatus, modelSubjects } from './model-subjects.js';
import type { ModelVersion } from './watch-model.js';

/** Options of {@link FollowedLearner.start}. */
export interface FollowLearnerOptions {
  readonly connection: NatsConnection;
  readonly model: string;
  /** The KV bucket (default `rxlogit-models`). */
  readonly bucket?: string;
  /** Recent samples kept for the boundary chart (default 500). */
  readonly recentSamples?: number;
  /** Time between two cluster statuses to the clients (default 1000 ms). */
  readonly clusterEveryMs?: number;
  /** Called with what was wrong with a message or KV value (it is skipped). */
  readonly onInvalid?: (what: string) => void;
  /** Called when the KV watch fails (the last model stays in use). */
  readonly onError?: (error: unknown) => void;
}

const SampleBatch = z.array(SampleMessage).max(1000);

/**
 * A {@link ServerLearner} that only follows: steps from `rxlogit.<model>.steps`,
 * recent samples from `.samples`, the cluster status from `.status` and the
 * model in KV, predictions from the newest model version in KV. Samples and
 * controls are refused (`readOnly`).
 *
 * @example
 * ```ts
 * const learner = await FollowedLearner.start({ connection: nc, model: 'demo' });
 * const server = await startServer({ learner, port: 0 });
 * ```
 */
export class FollowedLearner implements ServerLearner {
  readonly readOnly: string;
  readonly #steps: BehaviorSubject<Step>;
  readonly #rejected = new Subject<unknown>();
  readonly #cluster = new Subject<ClusterStatus>();
  readonly #replica: ModelReplica;
  readonly #subs: NatsSubscription[];
  readonly #timer: NodeJS.Timeout;
  readonly #model: string;
  readonly #keep: number;
  #samples: Sample[] = [];
  #paused = false;
  #rejectedCount = 0;
  #status: { status: LearnerStatus; received: number } | undefined;

  private constructor(options: FollowLearnerOptions, replica: ModelReplica, first: Step) {
    this.#model = options.model;
    this.readOnly = `this server follows model "${options.model}" learned elsewhere (rxlogit serve --follow): publish samples to its input stream (rxlogit publish) and control the learner where it runs`;
    this.#replica = replica;
    this.#keep = options.recentSamples ?? 500;
    this.#steps = new BehaviorSubject(first);
    const subjects = modelSubjects(options.model);
    const nc = options.connection;
    const invalid = (what: string) => options.onInvalid?.(what);
    const json = (data: Uint8Array, subject: string): unknown => {
      try {
        return JSON.parse(new TextDecoder().decode(data));
      } catch {
        invalid(`a message on ${subject} is not JSON`);
        return undefined;
      }
    };
    this.#subs = [
      nc.subscribe(subjects.steps, {
        callback: (error, msg) => {
          if (error) return;
          const parsed = StepMessage.safeParse(json(msg.data, subjects.steps));
          if (!parsed.success) return invalid(`a step on ${subjects.steps} is invalid: ${parsed.error.issues[0]?.message ?? ''}`);
          this.#acceptStep(parsed.data, invalid);
        },
      }),
      nc.subscribe(subjects.samples, {
        callback: (error, msg) => {
          if (error) return;
          const parsed = SampleBatch.safeParse(json(msg.data, subjects.samples));
          if (!parsed.success) return invalid(`a samples message on ${subjects.samples} is invalid`);
          this.#samples.push(...parsed.data);
          if (this.#samples.length > this.#keep) this.#samples = this.#samples.slice(this.#samples.length - this.#keep);
        },
      }),
      nc.subscribe(subjects.status, {
        callback: (error, msg) => {
          if (error) return;
          const parsed = LearnerStatus.safeParse(json(msg.data, subjects.status));
          if (!parsed.success) return invalid(`a status on ${subjects.status} is invalid`);
          this.#status = { status: parsed.data, received: Date.now() };
        },
      }),
    ];
    this.#timer = setInterval(() => this.#cluster.next(this.clusterStatus()), options.clusterEveryMs ?? 1000);
    this.#timer.unref();
  }

  /**
   * Starts following and resolves once the learner's state is known: the
   * first step on the steps subject, or else the newest model version in KV
   * (a learner that is down still shows its last model).
   *
   * @throws Error when the KV watch fails before either arrives (a missing bucket)
   */
  static async start(options: FollowLearnerOptions): Promise<FollowedLearner> {
    modelSubjects(options.model); // checks the name
    const replica = new ModelReplica(
      { connection: options.connection, model: options.model, ...(options.bucket === undefined ? {} : { bucket: options.bucket }), onInvalid: (e) => options.onInvalid?.(e.error.message) },
      (error) => options.onError?.(error),
    );
    const subject = modelSubjects(options.model).steps;
    const probe = options.connection.subscribe(subject);
    const fromSteps = (async () => {
      for await (const msg of probe) {
        let parsed;
        try {
          parsed = StepMessage.safeParse(JSON.parse(msg.string()));
        } catch {
          continue;
        }
        if (parsed.success) return toStep(parsed.data);
      }
      return new Promise<never>(() => {}); // the connection closed: only KV can answer now
    })();
    const first = await Promise.race([fromSteps, replica.ready.then(stepOfVersion)]).catch((error: unknown) => {
      probe.unsubscribe();
      replica.close();
      throw error;
    });
    probe.unsubscribe();
    if (first === undefined) throw new Error(`no step of model "${options.model}" arrived`);
    return new FollowedLearner(options, replica, first);
  }

  get steps$(): Observable<Step> {
    return this.#steps;
  }

  get rejected$(): Observable<unknown> {
    return this.#rejected;
  }

  get cluster$(): Observable<ClusterStatus> {
    return this.#cluster;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The latest step followed. */
  currentStep(): Step {
    return this.#steps.value;
  }

  recentSamples(): Sample[] {
    return this.#samples.map((s) => ({ x: [...s.x], t: s.t }));
  }

  /** P(t = 1 | x) by the newest model version in KV (what every replica serves). */
  predictProba(x: readonly number[]): number {
    return this.#replica.predictProba(x);
  }

  /** Where the learner stands now: leader, lag, model version and ages. */
  clusterStatus(): ClusterStatus {
    const now = Date.now();
    const s = this.#status?.status;
    const v = this.#replica.version;
    return {
      model: this.#model,
      holder: s?.holder ?? null,
      pending: s?.pending ?? null,
      modelVersion: s?.modelVersion ?? v?.snapshot.modelVersion ?? null,
      modelRevision: v?.revision ?? null,
      modelAgeMs: v === undefined ? null : Math.max(0, now - v.written),
      statusAgeMs: this.#status === undefined ? null : now - this.#status.received,
      sequence: s?.sequence ?? null,
    };
  }

  push(): PushResult {
    throw new Error(this.readOnly);
  }
  pause(): void {
    throw new Error(this.readOnly);
  }
  resume(): void {
    throw new Error(this.readOnly);
  }
  reset(): void {
    throw new Error(this.readOnly);
  }
  setLearningRate(): void {
    throw new Error(this.readOnly);
  }

  /** Stops following (the connection stays open). */
  close(): void {
    clearInterval(this.#timer);
    for (const s of this.#subs) s.unsubscribe();
    this.#replica.close();
    this.#steps.complete();
    this.#cluster.complete();
    this.#rejected.complete();
  }

  #acceptStep(payload: StepPayload, invalid: (what: string) => void): void {
    const step = toStep(payload);
    if (step.weights.length !== this.#steps.value.weights.length) {
      return invalid(`a step of ${step.weights.length} weights, this gateway serves ${this.#steps.value.weights.length}: restart it for the new model`);
    }
    this.#paused = payload.paused;
    for (; this.#rejectedCount < payload.rejected; this.#rejectedCount++) this.#rejected.next(undefined);
    this.#steps.next(step);
  }
}

const num = (v: number | null): number => (v === null ? NaN : v);

function toStep(p: StepPayload): Step {
  return {
    n: p.n,
    loss: p.loss,
    weights: p.weights.map(num),
    bias: p.bias,
    version: p.version,
    lr: num(p.lr),
    metrics: { ...p.metrics },
    time: p.time,
  };
}

/** The state a model version tells: the loss and metrics it was saved with (none in older versions). */
function stepOfVersion(v: ModelVersion): Step {
  const s = v.snapshot;
  const schedule = (s.config as { schedule?: { lr?: unknown } }).schedule;
  return {
    n: s.seen,
    loss: s.loss ?? null,
    weights: [...s.weights],
    bias: s.bias,
    version: s.modelVersion,
    lr: typeof schedule?.lr === 'number' ? schedule.lr : NaN,
    metrics: metricsOfState(s.metrics),
    time: v.written,
  };
}
