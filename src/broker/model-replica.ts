/**
 * A model kept in memory and replaced by every new version from KV: what a
 * prediction replica and a dashboard gateway answer `predictProba` with.
 *
 * @module
 */
import type { Subscription } from 'rxjs';
import { predictProba } from '../core/index.js';
import type { LogisticModel } from '../core/index.js';
import { modelFromFile } from '../io/model-file.js';
import { watchModel } from './watch-model.js';
import type { ModelVersion, WatchModelOptions } from './watch-model.js';

/** No model version has arrived yet. */
export class NoModelYetError extends Error {
  override readonly name = 'NoModelYetError';
}

/**
 * Follows a model's versions in KV ({@link watchModel}) and answers
 * predictions locally from the newest one. Starts from the newest version at
 * once; a bad value is skipped (reported to `onInvalid`), the old model kept.
 *
 * @example
 * ```ts
 * const replica = new ModelReplica({ connection: nc, model: 'demo' });
 * await replica.ready;
 * replica.predictProba([0.5, -1]); // P(t = 1 | x) from the newest version
 * replica.close();
 * ```
 */
export class ModelReplica {
  /** Resolves with the first version; rejects when the watch fails before one arrives. */
  readonly ready: Promise<ModelVersion>;
  readonly #subscription: Subscription;
  #model: LogisticModel | undefined;
  #version: ModelVersion | undefined;
  readonly #listeners = new Set<(v: ModelVersion) => void>();

  /**
   * @param options - the connection or address, bucket (default `rxlogit-models`), model, onInvalid
   * @param onError - called when the watch fails (bucket missing, connection closed); the last model stays in use
   */
  constructor(options: WatchModelOptions, onError: (error: unknown) => void = () => {}) {
    let resolve!: (v: ModelVersion) => void;
    let reject!: (e: unknown) => void;
    this.ready = new Promise<ModelVersion>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.ready.catch(() => {}); // reported through onError too
    this.#subscription = watchModel(options).subscribe({
      next: (version) => {
        this.#model = modelFromFile(version.snapshot);
        this.#version = version;
        resolve(version);
        for (const listener of this.#listeners) listener(version);
      },
      error: (error: unknown) => {
        reject(error);
        onError(error);
      },
      complete: () => reject(new NoModelYetError(`the watch of model "${options.model}" ended before any version arrived`)),
    });
  }

  /** The version in use, or undefined before the first. */
  get version(): ModelVersion | undefined {
    return this.#version;
  }

  /** The number of inputs of the model in use, or undefined before the first version. */
  get inputs(): number | undefined {
    return this.#model?.weights.length;
  }

  /** Calls `listener` with every new version; returns a function that stops it. */
  onVersion(listener: (v: ModelVersion) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * P(t = 1 | x) by the newest version.
   *
   * @throws NoModelYetError before the first version; TypeError for a wrong width or a non-finite value
   */
  predictProba(x: readonly number[]): number {
    const model = this.#model;
    if (model === undefined) throw new NoModelYetError('no model version in KV yet: is a learner running?');
    if (!Array.isArray(x) || x.length !== model.weights.length) {
      throw new TypeError(`predictProba: expected ${model.weights.length} inputs, got ${Array.isArray(x) ? x.length : typeof x}`);
    }
    for (let i = 0; i < x.length; i++) {
      if (typeof x[i] !== 'number' || !Number.isFinite(x[i])) throw new TypeError(`predictProba: x[${i}] is not a finite number`);
    }
    return predictProba(model, x);
  }

  /** Stops following. */
  close(): void {
    this.#subscription.unsubscribe();
    this.#listeners.clear();
  }
}
