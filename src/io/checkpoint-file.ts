/**
 * Checkpoint files: a learner's model state as a versioned model file (see
 * `model-file.ts`) with more fields, `modelVersion`, `refused`, `loss` and
 * `metrics` (the progressive metrics' state: counts, sums and the rolling
 * window's last losses and hits), `source` (a broker learner's position) and
 * `checksum`, so that any model reader can load a checkpoint and a learner
 * can resume from it exactly.
 *
 * ```json
 * { "format": "rxlogit-model", "version": 1, "weights": [1.2, 0.4], "bias": -0.1,
 *   "seen": 120000, "updates": 120000, "modelVersion": 120003, "refused": 0,
 *   "loss": 0.31, "metrics": { "n": 120000, "lossSum": 40211.5, "lossScale": 1,
 *   "correct": 103100, "recentLosses": [0.2, …], "recentHits": [1, …] },
 *   "config": { "inputs": 2, "schedule": { "kind": "constant", "lr": 0.05 } },
 *   "checksum": "sha256:5f0c…" }
 * ```
 *
 * Files written before `loss` and `metrics` were saved are read as before:
 * the learner resumes the model and starts its metrics afresh.
 *
 * `checksum` is the SHA-256 of the canonical JSON of every other field (see
 * `content-checksum.ts`): a damaged file (a flipped digit that still parses)
 * is refused instead of resumed from. Files written before checksums existed
 * have none and are read as before; to keep a deliberate hand edit, delete
 * the `checksum` line.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { ProgressiveMetricsState } from '../core/index.js';
import { atomicWriteFile } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';
import { CheckpointExtra } from './checkpoint-extra.js';
import { CHECKSUM_PREFIX, contentChecksum } from './content-checksum.js';
import { checkModelTarget, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, ModelFileError, parseModelFile } from './model-file.js';
import type { ModelConfig } from './model-file.js';

/**
 * A learner's model state, deep-copied: what `OnlineLearner.snapshot()`
 * returns and a checkpoint file holds.
 *
 * @example
 * ```ts
 * const s: ModelSnapshot = { format: 'rxlogit-model', version: 1, weights: [0.5, -1], bias: 0.1,
 *   seen: 1000, updates: 1000, modelVersion: 1000, config: { inputs: 2 } };
 * ```
 */
export interface ModelSnapshot {
  format: typeof MODEL_FILE_FORMAT;
  version: typeof MODEL_FILE_VERSION;
  weights: number[];
  /** null when the model has no bias. */
  bias: number | null;
  /** Samples learned from. */
  seen: number;
  /** Delta-rule steps taken: the learning-rate schedule's position. */
  updates: number;
  /** The learner's model version (increments on every model change). */
  modelVersion: number;
  /** Steps refused as non-finite (default 0). */
  refused?: number;
  /** Loss of the last sample or batch; null before the first (absent in older files). */
  loss?: number | null;
  /** The progressive metrics' state (absent in older files: the metrics start afresh). */
  metrics?: ProgressiveMetricsState;
  /** The learner's configuration (JSON). */
  config: ModelConfig;
  /** Where in a broker stream the model is (checkpoints of a stream learner only). */
  source?: SnapshotSource;
}

/**
 * How far into a broker stream a checkpoint's model has learned: every sample
 * of the messages up to `sequence` is applied, and with `partial`, the samples
 * of message `partial.sequence` up to index `partial.index` too.
 *
 * @example
 * ```ts
 * const source: SnapshotSource = { stream: 'SAMPLES', sequence: 41, partial: { sequence: 42, index: 9 } };
 * ```
 */
export interface SnapshotSource {
  /** The stream's name. */
  stream: string;
  /** The last stream sequence whose samples are all applied (0: none). */
  sequence: number;
  /** A message applied in part: its sequence and the index of its last applied sample. */
  partial?: { sequence: number; index: number };
}

/**
 * Parses and checks a checkpoint's text. A plain model file (no
 * `modelVersion`) is accepted as version 0 of a model.
 *
 * @param path - the file's name, for messages
 * @throws CheckpointError for empty, truncated, corrupt, foreign or newer files, or an invalid field
 * @example
 * ```ts
 * parseCheckpoint(text, 'learner.ckpt.json').seen; // 120000
 * ```
 */
export function parseCheckpoint(text: string, path: string): ModelSnapshot {
  const refuse = (why: string, cause?: unknown): CheckpointError =>
    new CheckpointError(path, `refusing checkpoint "${path}": ${why}`, cause === undefined ? undefined : { cause });
  verifyChecksum(text, refuse);
  let config: ModelConfig;
  try {
    config = parseModelFile(text, path).config;
  } catch (e) {
    throw refuse(e instanceof Error ? e.message : String(e), e);
  }
  const raw = JSON.parse(text) as Record<string, unknown>;
  const extra = CheckpointExtra.safeParse(raw);
  if (!extra.success) throw refuse(extra.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; '));
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    weights: (raw['weights'] as number[]).slice(),
    bias: raw['bias'] as number | null,
    seen: raw['seen'] as number,
    updates: raw['updates'] as number,
    modelVersion: extra.data.modelVersion ?? 0,
    refused: extra.data.refused ?? 0,
    ...(extra.data.loss === undefined ? {} : { loss: extra.data.loss }),
    ...(extra.data.metrics === undefined ? {} : { metrics: extra.data.metrics }),
    config,
    ...(extra.data.source === undefined ? {} : { source: snapshotSource(extra.data.source) }),
  };
}

function snapshotSource(s: { stream: string; sequence: number; partial?: { sequence: number; index: number } | undefined }): SnapshotSource {
  return s.partial === undefined ? { stream: s.stream, sequence: s.sequence } : { stream: s.stream, sequence: s.sequence, partial: s.partial };
}

/** Checks the `checksum` field, when there is one, before anything else is trusted. */
function verifyChecksum(text: string, refuse: (why: string) => CheckpointError): void {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return; // parseModelFile says what is wrong with the text
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Object.hasOwn(json, 'checksum')) return;
  const content = json as Record<string, unknown>;
  const written = content['checksum'];
  if (typeof written !== 'string' || !new RegExp(`^${CHECKSUM_PREFIX}[0-9a-f]{64}$`).test(written)) {
    throw refuse(`its "checksum" is not "${CHECKSUM_PREFIX}" and 64 hex digits (damaged?)`);
  }
  let actual: string;
  try {
    actual = contentChecksum(content);
  } catch (e) {
    throw refuse(`its content cannot be checksummed: ${(e as Error).message}`);
  }
  if (actual !== written) {
    throw refuse(
      'its content does not match its checksum: the file was damaged or edited after it was written ' +
        '(restore a backup; to keep a deliberate edit, delete its "checksum" line)',
    );
  }
}

/**
 * The text of a checkpoint: what a checkpoint file and a KV model store hold,
 * the snapshot's fields and their `checksum`.
 *
 * @example
 * ```ts
 * parseCheckpoint(checkpointText(learner.snapshot()), 'copy').seen === learner.snapshot().seen; // true
 * JSON.parse(checkpointText(learner.snapshot())).checksum; // 'sha256:…'
 * ```
 */
export function checkpointText(snapshot: ModelSnapshot): string {
  return encodeCheckpoint(snapshot).text;
}

function encodeCheckpoint(snapshot: ModelSnapshot): { text: string; checksum: string } {
  const content: Record<string, unknown> = { ...snapshot };
  delete content['checksum'];
  const checksum = contentChecksum(content);
  return { text: `${JSON.stringify({ ...content, checksum }, null, 2)}\n`, checksum };
}

/**
 * Reads a checkpoint synchronously (a learner's constructor resumes with it).
 *
 * @returns the snapshot, or `undefined` when there is no file at `path` yet
 * @throws CheckpointError when the file exists but cannot be read or trusted
 * @example
 * ```ts
 * const resumed = readCheckpointSync('learner.ckpt.json'); // undefined on the first start
 * ```
 */
export function readCheckpointSync(path: string): ModelSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
    throw new CheckpointError(path, `cannot read checkpoint "${path}": ${why}`, { cause: e });
  }
  return parseCheckpoint(text, path);
}

/**
 * Writes a checkpoint atomically (temporary file, fsync, rename), after
 * making sure that what is at `path` is missing or a model file: a foreign
 * or corrupt file is never replaced.
 *
 * @returns the checksum written (see {@link checkpointText})
 * @throws CheckpointError when the target must be kept or the write fails
 * @example
 * ```ts
 * await writeCheckpoint('learner.ckpt.json', learner.snapshot());
 * ```
 */
export async function writeCheckpoint(path: string, snapshot: ModelSnapshot): Promise<string> {
  try {
    await checkModelTarget(path);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // Say what failed in this caller's words: a checkpoint, not "the model".
    throw new CheckpointError(path, message.replace(`cannot save the model to "${path}": `, `cannot save checkpoint "${path}": `), { cause: e });
  }
  snapshot.weights.forEach((w, i) => {
    if (!Number.isFinite(w)) throw new CheckpointError(path, `cannot save checkpoint "${path}": weight ${i} is not finite (${w})`);
  });
  try {
    const { text, checksum } = encodeCheckpoint(snapshot);
    await atomicWriteFile(path, text);
    return checksum;
  } catch (e) {
    const why = e instanceof ModelFileError || e instanceof Error ? e.message : String(e);
    throw new CheckpointError(path, `cannot save checkpoint "${path}": ${why}`, { cause: e });
  }
}
