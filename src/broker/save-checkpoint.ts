import type { ModelSnapshot } from '../io/checkpoint-file.js';
import { checkpointText } from '../io/checkpoint-file.js';
import { whileBrokerUnavailable } from './broker-unavailable.js';
import type { KvModelStore } from './kv-model-store.js';
import { ModelStoreError } from './kv-model-store.js';

/** Where and under which conditions a stream learner writes its checkpoints. */
export interface CheckpointTarget {
  readonly store: KvModelStore;
  readonly model: string;
  /** Asked before every try: false stops the write (a lost lease). */
  readonly mayWrite?: () => boolean;
  /** Give up after the bucket has not answered for this long (default 60,000 ms). */
  readonly patienceMs?: number;
}

/**
 * Writes a checkpoint compare-and-set on `revision`: retried while the
 * bucket does not answer and the lease holds (asked before each try); a write
 * whose reply was lost and that did land (the retry then meets its own
 * revision) is recognised by reading the key back and counts as done.
 *
 * @returns the new revision
 * @throws ModelStoreError (`conflict`) when another writer moved the key, or the lease is lost; BrokerUnavailableError after the patience
 * @example
 * ```ts
 * revision = await saveCheckpoint({ store, model: 'demo', mayWrite: () => lease.held() }, learner.snapshot(), revision);
 * ```
 */
export async function saveCheckpoint(target: CheckpointTarget, snapshot: ModelSnapshot, revision: number): Promise<number> {
  const { store, model } = target;
  const patience = target.patienceMs === undefined ? {} : { patienceMs: target.patienceMs };
  try {
    return await whileBrokerUnavailable(
      `writing the checkpoint of model "${model}"`,
      async () => {
        if (target.mayWrite?.() === false) throw new ModelStoreError(`model "${model}": the lease is lost; stopping before writing`, true);
        return store.save(model, snapshot, revision);
      },
      patience,
    );
  } catch (e) {
    if (!(e instanceof ModelStoreError && e.conflict) || /lease is lost/.test(e.message)) throw e;
    // A write whose reply was lost (a broker restart, a timeout retried) may have landed: then it is ours.
    const now = await whileBrokerUnavailable(`reading back the checkpoint of model "${model}"`, () => store.load(model), patience);
    if (now === undefined || checkpointText(now.snapshot) !== checkpointText(snapshot)) throw e;
    return now.revision;
  }
}
