import { Kvm } from '@nats-io/kv';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { checkpointText, parseCheckpoint } from '../io/checkpoint-file.js';
import type { ModelSnapshot } from '../io/checkpoint-file.js';
import { isBrokerUnavailable } from './broker-unavailable.js';
import { checkModelName, DEFAULT_MODEL_BUCKET } from './model-subjects.js';

/** Options of {@link KvModelStore.open}. */
export interface KvModelStoreOptions {
  /** The bucket (default `rxlogit-models`). */
  bucket?: string;
  /** Create the bucket when it is missing (history 5, file storage; default false: a missing bucket is an error). */
  create?: boolean;
  /** Revisions kept per key when creating (default 5). */
  history?: number;
  /** Replicas when creating (default 1). */
  replicas?: number;
}

/** A model read from the store, with the revision a conditional write must name. */
export interface StoredModel {
  readonly snapshot: ModelSnapshot;
  readonly revision: number;
}

/** A store operation that cannot be done: a missing bucket, a bad name, a lost compare-and-set. */
export class ModelStoreError extends Error {
  override readonly name = 'ModelStoreError';
  /** True when a write lost its compare-and-set: another writer changed the key first. */
  readonly conflict: boolean;

  constructor(message: string, conflict = false, options?: { cause: unknown }) {
    super(message, options);
    this.conflict = conflict;
  }
}

/**
 * Checkpoints in a JetStream key-value bucket: key = model name, value = the
 * checkpoint's text (as a checkpoint file holds it), revision = the store's
 * version of the model. Writes are compare-and-set on the revision last read
 * or written, so two learners can never both extend the same model.
 *
 * @example
 * ```ts
 * const store = await KvModelStore.open(nc, { create: true });
 * const saved = await store.load('churn');           // undefined on the first start
 * const rev = await store.save('churn', learner.snapshot(), saved?.revision ?? 0);
 * ```
 */
export class KvModelStore {
  private constructor(
    /** The bucket. */
    readonly kv: KV,
    /** The bucket's name. */
    readonly bucket: string,
  ) {}

  /**
   * Opens (or with `create`, creates) the bucket.
   *
   * @throws ModelStoreError when the bucket is missing and `create` is not set
   */
  static async open(nc: NatsConnection, options: KvModelStoreOptions = {}): Promise<KvModelStore> {
    const bucket = options.bucket ?? DEFAULT_MODEL_BUCKET;
    const kvm = new Kvm(nc);
    if (options.create === true) {
      const kv = await kvm.create(bucket, { history: options.history ?? 5, storage: 'file', replicas: options.replicas ?? 1 });
      return new KvModelStore(kv, bucket);
    }
    try {
      return new KvModelStore(await kvm.open(bucket), bucket);
    } catch (e) {
      if (isBrokerUnavailable(e)) throw e; // a timeout is not a missing bucket
      throw new ModelStoreError(`the KV bucket "${bucket}" does not exist (create it with --create)`, false, { cause: e });
    }
  }

  /**
   * The newest checkpoint of `model`, or undefined when there is none (or it was deleted).
   *
   * @throws CheckpointError when the stored value is not a valid checkpoint
   */
  async load(model: string): Promise<StoredModel | undefined> {
    const entry = await this.kv.get(checkModelName(model));
    if (entry === null || entry.operation !== 'PUT' || entry.length === 0) return undefined;
    return { snapshot: parseCheckpoint(entry.string(), `kv:${this.bucket}/${model}@${entry.revision}`), revision: entry.revision };
  }

  /**
   * Writes a checkpoint if the key's revision is still `revision` (0: the key must not exist).
   *
   * @returns the new revision
   * @throws ModelStoreError with `conflict` set when another writer got there first
   */
  async save(model: string, snapshot: ModelSnapshot, revision: number): Promise<number> {
    const key = checkModelName(model);
    const text = checkpointText(snapshot);
    try {
      return revision === 0 ? await this.kv.create(key, text) : await this.kv.update(key, text, revision);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/wrong last sequence|key exists/i.test(message)) {
        throw new ModelStoreError(`model "${model}" changed in the store since revision ${revision}: another learner writes it`, true, { cause: e });
      }
      throw e;
    }
  }

  /** The stored revisions of `model`, oldest first (at most the bucket's history). */
  async history(model: string): Promise<StoredModel[]> {
    const out: StoredModel[] = [];
    const iter = await this.kv.history({ key: checkModelName(model) });
    for await (const entry of iter) {
      if (entry.operation !== 'PUT' || entry.length === 0) continue;
      out.push({ snapshot: parseCheckpoint(entry.string(), `kv:${this.bucket}/${model}@${entry.revision}`), revision: entry.revision });
    }
    return out;
  }
}
