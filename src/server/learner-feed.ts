import type { Observable, Subscription } from 'rxjs';
import type { Frame } from './frame.js';
import type { Step } from '../core/index.js';
import type { ServerLearner } from './learner-port.js';
import type { StepPayload, ViewMessage } from './protocol.js';
import type { EventsPayload } from './event-protocol.js';
import { RateMeter } from './rate-meter.js';
import { StepHistory } from './step-history.js';
import { computeView } from './view.js';

/** Options of {@link LearnerFeed}. */
export interface LearnerFeedOptions {
  /** Steps kept for late joiners (default 1000; older ones are thinned, not dropped). */
  readonly historySize?: number;
  /** How often the latest step is recorded into the history and the rate measured (default 100 ms). */
  readonly historyIntervalMs?: number;
  /** How often the view is recomputed when the model changed (default 1000 ms). */
  readonly viewIntervalMs?: number;
  /** Grid points per axis of the view (default 40). */
  readonly gridSize?: number;
  /** Recent samples sent in a snapshot (default 500) and in a view (default 300). */
  readonly snapshotSamples?: number;
  readonly viewSamples?: number;
  /** More rejections to count, besides the learner's `rejected$`. */
  readonly rejected$?: Observable<unknown> | undefined;
  /** Called with each new view frame, to broadcast it. */
  readonly onView?: (frame: Frame) => void;
  /** The event learner's scores, read every `historyIntervalMs` and carried by each `step` in `events` (default: none). */
  readonly events?: (() => EventsPayload) | undefined;
  /** Called when computing a view fails (the old view is kept), or the learner's steps fail. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The server's view of the learner, shared by all clients: the latest step,
 * the thinned history, samples per second, the rejected count and the latest
 * view. Each step, view and snapshot is serialised once, however many
 * clients get it.
 *
 * @example
 * ```ts
 * const feed = new LearnerFeed(learner, { onView: (frame) => broadcast(frame) });
 * feed.start();
 * client.send(feed.snapshotFrame());
 * ```
 */
export class LearnerFeed {
  readonly #learner: ServerLearner;
  readonly #options: LearnerFeedOptions;
  readonly #history: StepHistory<StepPayload>;
  readonly #meter = new RateMeter();
  readonly #subscriptions: Subscription[] = [];
  readonly #timers: NodeJS.Timeout[] = [];
  #latest: Step;
  #seq = 0;
  #recordedSeq = -1;
  #viewSeq = -1;
  #rejected = 0;
  #rate = 0;
  #stepCache: { key: string; frame: Frame } | undefined;
  #snapshotCache: { key: string; frame: Frame } | undefined;
  #view: ViewMessage | null = null;
  #viewRevision = 0;
  #recent: { x: number[]; t: 0 | 1 }[] = [];
  #events: EventsPayload | undefined;
  #eventsText = '';
  #eventsRevision = 0;

  /**
   * @param learner - the learner to follow
   * @param options - see {@link LearnerFeedOptions}
   */
  constructor(learner: ServerLearner, options: LearnerFeedOptions = {}) {
    this.#learner = learner;
    this.#options = options;
    this.#history = new StepHistory(options.historySize ?? 1000);
    this.#latest = learner.currentStep();
  }

  /** Follows the learner's streams and starts the history and view timers. */
  start(): void {
    this.#subscriptions.push(
      // The learner's streams end (or fail) with it; the server keeps showing its last state.
      this.#learner.steps$.subscribe({ next: (step) => this.#accept(step), error: (e: unknown) => this.#options.onError?.(e) }),
      this.#learner.rejected$.subscribe({ next: () => this.#rejected++, error: () => {} }),
    );
    if (this.#options.rejected$ !== undefined) {
      this.#subscriptions.push(this.#options.rejected$.subscribe({ next: () => this.#rejected++, error: () => {} }));
    }
    this.#record();
    this.#updateView();
    this.#timers.push(setInterval(() => this.#record(), this.#options.historyIntervalMs ?? 100));
    this.#timers.push(setInterval(() => this.#updateView(), this.#options.viewIntervalMs ?? 1000));
    for (const timer of this.#timers) timer.unref();
  }

  /** Stops following the learner. */
  stop(): void {
    for (const s of this.#subscriptions.splice(0)) s.unsubscribe();
    for (const t of this.#timers.splice(0)) clearInterval(t);
  }

  /** The latest step. */
  get latest(): Step {
    return this.#latest;
  }

  /** Takes the learner's state now, for changes that may emit no step (a control). */
  refresh(): void {
    this.#accept(this.#learner.currentStep());
  }

  /** Samples learned per second, over the last few seconds. */
  get samplesPerSecond(): number {
    return this.#rate;
  }

  /** Samples rejected so far (source and clients). */
  get rejected(): number {
    return this.#rejected;
  }

  /** Counts rejections the learner did not report on `rejected$`. */
  addRejected(count: number): void {
    this.#rejected += count;
  }

  /** Runs `push` and counts its rejections once, whether or not the learner also reports them on `rejected$`. */
  push(items: readonly unknown[]): ReturnType<ServerLearner['push']> {
    const before = this.#rejected;
    const result = this.#learner.push(items);
    this.#rejected += Math.max(0, result.rejected.length - (this.#rejected - before));
    return result;
  }

  /** The latest step as a `step` frame, serialised once per change. */
  stepFrame(): Frame {
    const paused = this.#learner.paused;
    const key = `${this.#seq}:${paused}:${this.#rejected}:${this.#rate}:${this.#eventsRevision}`;
    if (this.#stepCache?.key !== key) {
      const events = this.#events === undefined ? {} : { events: this.#events };
      this.#stepCache = { key, frame: Buffer.from(JSON.stringify({ type: 'step', ...this.#payload(this.#latest, paused), ...events })) };
    }
    return this.#stepCache.frame;
  }

  /** The `snapshot` frame for a new client, serialised once per change of the history or view. */
  snapshotFrame(): Frame {
    const paused = this.#learner.paused;
    const key = `${this.#history.revision}:${this.#viewRevision}:${paused}`;
    if (this.#snapshotCache?.key !== key) {
      const snapshot = { type: 'snapshot', steps: this.#history.entries(), samples: this.#recent, paused, view: this.#view };
      this.#snapshotCache = { key, frame: Buffer.from(JSON.stringify(snapshot)) };
    }
    return this.#snapshotCache.frame;
  }

  #accept(step: Step): void {
    // Fewer samples than before: the model was reset, and its old path would mislead.
    if (step.n < this.#latest.n) this.#history.clear();
    this.#latest = step;
    this.#seq++;
  }

  #payload(step: Step, paused: boolean): StepPayload {
    return { ...step, weights: [...step.weights], rejected: this.#rejected, samplesPerSecond: this.#rate, paused };
  }

  /** The event learner's scores now (undefined without one). */
  get events(): EventsPayload | undefined {
    return this.#events;
  }

  /** Reads the event learner's scores now; the next step frame carries them when they changed. */
  refreshEvents(): void {
    const read = this.#options.events;
    if (read === undefined) return;
    try {
      // Through JSON: NaN becomes null, as the protocol carries it, and the comparison is exact.
      const text = JSON.stringify(read());
      if (text === this.#eventsText) return;
      this.#eventsText = text;
      this.#events = JSON.parse(text) as EventsPayload;
      this.#eventsRevision++;
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  #record(): void {
    this.refreshEvents();
    this.#meter.record(performance.now(), this.#latest.n);
    const rate = this.#meter.rate();
    this.#rate = rate < 10 ? Math.round(rate * 10) / 10 : Math.round(rate);
    if (this.#recordedSeq === this.#seq) return;
    this.#recordedSeq = this.#seq;
    this.#history.offer(this.#payload(this.#latest, this.#learner.paused));
  }

  #updateView(): void {
    if (this.#viewSeq === this.#seq) return;
    this.#viewSeq = this.#seq;
    try {
      const samples = this.#learner.recentSamples();
      const step = this.#latest;
      // The whole kept history (at most historySize entries, spanning the run), as the dashboard
      // draws it: the last few hundred entries alone let the path's start run off the surface.
      const path = this.#history.entries().map((s) => s.weights.slice(0, 2) as number[]);
      const view = computeView(
        { samples, weights: step.weights, bias: step.bias, path, version: step.version, n: step.n },
        { gridSize: this.#options.gridSize ?? 40, maxSamples: this.#options.viewSamples ?? 300 },
      );
      const keep = this.#options.snapshotSamples ?? 500;
      this.#recent = samples.slice(Math.max(0, samples.length - keep)).map((s) => ({ x: [...s.x], t: s.t }));
      this.#view = view;
      this.#viewRevision++;
      this.#options.onView?.(Buffer.from(JSON.stringify(view)));
    } catch (error) {
      this.#options.onError?.(error);
    }
  }
}
