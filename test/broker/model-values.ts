import type { ModelSnapshot } from '../../src/io/checkpoint-file.js';

/** A checkpoint snapshot for KV tests: weights `[w, -w]`, model version `version`. */
export function snapshotOf(w: number, version: number): ModelSnapshot {
  return {
    format: 'rxlogit-model',
    version: 1,
    weights: [w, -w],
    bias: 0.25,
    seen: version,
    updates: version,
    modelVersion: version,
    refused: 0,
    config: { inputs: 2 },
  };
}

/** The KV value of a snapshot: the same text as a checkpoint file. */
export function valueOf(snapshot: ModelSnapshot): string {
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
