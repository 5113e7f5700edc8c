/**
 * `watchModel`: the model versions of one model in the KV bucket, as an
 * Observable, from the newest at once to every later one.
 *
 * @module
 */
import { Kvm } from '@nats-io/kv';
import type { KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import { parseCheckpoint } from '../io/checkpoint-file.js';
import type { ModelSnapshot } from '../io/checkpoint-file.js';
import { parseBrokerAddress } from './broker-address.js';
import type { BrokerAddress } from './broker-address.js';
import { connectBroker } from './connect-broker.js';
import { checkModelName, DEFAULT_MODEL_BUCKET } from './model-subjects.js';

/** One version of a model, as read from KV. */
export interface ModelVersion {
  readonly model: string;
  /** The KV revision of the entry (the model store's revision; increases with every write). */
  readonly revision: number;
  /** `Date.now()` of the KV write (the server's clock). */
  readonly written: number;
  /** `Date.now()` when this process received it. */
  readonly received: number;
  /** The checkpoint, parsed and checked by the io module. */
  readonly snapshot: ModelSnapshot;
}

/** A KV value that is not a model checkpoint: skipped, the watch goes on. */
export interface InvalidModelValue {
  readonly model: string;
  readonly revision: number;
  readonly error: Error;
}

/** Options of {@link watchModel}. */
export interface WatchModelOptions {
  /** An open connection (kept open on unsubscribe), or … */
  readonly connection?: NatsConnection;
  /** … an address (`nats://…` or parsed) to connect to on subscribe and close on unsubscribe. */
  readonly address?: string | BrokerAddress;
  /** The KV bucket (default `rxlogit-models`). */
  readonly bucket?: string;
  /** The model name: the KV key. */
  readonly model: string;
  /** Called for each value that cannot be parsed (default: ignored). The watch continues. */
  readonly onInvalid?: (invalid: InvalidModelValue) => void;
}

/**
 * Follows a model in the KV bucket: emits the newest version at once (when
 * there is one), then every new version in order. A value that is not a valid
 * checkpoint is reported to `onInvalid` and skipped; deletions are skipped.
 * Errors: a missing bucket or a failed connection (the message says which).
 * Completes when the connection closes. Unsubscribing stops the watch.
 *
 * @example
 * ```ts
 * watchModel({ connection: nc, model: 'demo', onInvalid: (e) => console.warn(e.error.message) })
 *   .subscribe((v) => console.log(v.revision, v.snapshot.weights));
 * ```
 */
export function watchModel(options: WatchModelOptions): Observable<ModelVersion> {
  const model = checkModelName(options.model);
  const bucket = options.bucket ?? DEFAULT_MODEL_BUCKET;
  return new Observable<ModelVersion>((subscriber) => {
    let stopped = false;
    let watch: QueuedIterator<KvWatchEntry> | undefined;
    let own: NatsConnection | undefined;
    const stop = (): void => {
      stopped = true;
      watch?.stop();
      void own?.close().catch(() => {});
    };
    (async () => {
      let nc = options.connection;
      if (nc === undefined) {
        if (options.address === undefined) throw new TypeError('watchModel needs a connection or an address');
        const address = typeof options.address === 'string' ? parseBrokerAddress(options.address) : options.address;
        own = nc = await connectBroker(address, { name: `rxlogit watch ${model}` });
        if (stopped) return stop();
      }
      const kv = await new Kvm(nc).open(bucket);
      try {
        await kv.status();
      } catch (error) {
        throw new Error(`the KV bucket "${bucket}" does not exist (create it with rxlogit learn --create)`, { cause: error });
      }
      if (stopped) return;
      watch = await kv.watch({ key: model });
      if (stopped) return watch.stop();
      let last = 0;
      for await (const entry of watch) {
        // A watcher that was reset after a reconnect may deliver an entry again.
        if (entry.operation !== 'PUT' || entry.revision <= last) continue;
        last = entry.revision;
        let snapshot: ModelSnapshot;
        try {
          snapshot = parseCheckpoint(entry.string(), `${bucket}/${model}@${entry.revision}`);
        } catch (error) {
          options.onInvalid?.({ model, revision: entry.revision, error: error instanceof Error ? error : new Error(String(error)) });
          continue;
        }
        subscriber.next({ model, revision: entry.revision, written: entry.created.getTime(), received: Date.now(), snapshot });
      }
      if (!stopped) subscriber.complete();
    })().catch((error: unknown) => {
      if (!stopped) subscriber.error(error);
    });
    return stop;
  });
}
