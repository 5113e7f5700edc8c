/**
 * Checkpoint files of an event learner: its state (`EventLearnerState`) and
 * the predictions still waiting for their labels, as one JSON document,
 * written atomically and checked field by field when read.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { EventLearnerState } from '../core/event-learner-state.js';
import type { PendingCounts } from '../core/delayed/pending-predictions.js';
import { atomicWriteFile } from './atomic-write.js';
import { CheckpointError } from './checkpoint-error.js';

/** The format tag of an event-learner checkpoint. */
export const EVENT_CHECKPOINT_FORMAT = 'rxlogit-event-checkpoint';

const Entries = z.strictObject({ indices: z.array(z.int().min(0)), values: z.array(z.number()) });
const Count = z.int().min(0);

/** A waiting prediction as saved: its id, raw sparse features, served logit and expiry time (ms since the epoch). */
export const SavedPrediction = z.strictObject({
  id: z.string().min(1),
  indices: z.array(z.int().min(0)),
  values: z.array(z.number()),
  z: z.number(),
  expiresAt: z.number(),
});
export type SavedPrediction = z.infer<typeof SavedPrediction>;

/** An event-learner checkpoint: the learner's state and its waiting predictions. */
export const EventCheckpoint = z.strictObject({
  format: z.literal(EVENT_CHECKPOINT_FORMAT),
  version: z.literal(1),
  learner: z.looseObject({
    format: z.literal('rxlogit-event-learner'),
    version: z.literal(1),
    options: z.record(z.string(), z.unknown()),
    numericNames: z.array(z.string()),
    weights: Entries,
    scale: z.number(),
    bias: z.number(),
    seen: Count,
    updates: Count,
    refused: Count,
    optimizer: z.strictObject({ kind: z.enum(['sgd', 'adagrad', 'ftrl']), arrays: z.record(z.string(), Entries), scalars: z.record(z.string(), z.number()) }),
    scaler: z.strictObject({ counts: Entries, means: Entries, variances: Entries }),
    hash: z.strictObject({ buckets: z.array(z.int()), prints: z.array(z.int()), shared: z.array(z.int()), collisions: Count }),
    // Absent in checkpoints written before the scores were saved: they then resume at zero.
    metrics: z
      .strictObject({
        progressive: z.strictObject({ n: Count, lossSum: z.number(), lossScale: z.number(), correct: Count, recentLosses: z.array(z.number()), recentHits: z.array(z.number()) }),
        auc: z.strictObject({ scores: z.array(z.number()), positives: z.array(Count), negatives: z.array(Count), pairs: z.number() }),
        confusion: z.strictObject({ counts: z.array(Count), total: Count }),
        calibration: z.strictObject({ counts: z.array(Count), sumP: z.array(z.number()), sumT: z.array(z.number()) }),
        recent: z.strictObject({ t: z.array(z.union([z.literal(0), z.literal(1)])), z: z.array(z.number()) }),
      })
      .optional(),
  }),
  pending: z.strictObject({
    entries: z.array(SavedPrediction),
    counts: z.strictObject({ pending: Count, labelled: Count, expired: Count, evicted: Count, late: Count, unknown: Count, duplicate: Count }),
  }),
});

/** An event-learner checkpoint's content. */
export interface EventCheckpoint {
  format: typeof EVENT_CHECKPOINT_FORMAT;
  version: 1;
  learner: EventLearnerState;
  pending: { entries: SavedPrediction[]; counts: PendingCounts };
}

/**
 * Reads an event-learner checkpoint.
 *
 * @returns the checkpoint, or `undefined` when there is no file at `path` yet
 * @throws CheckpointError naming the file and the bad field when it cannot be read or trusted
 * @example
 * ```ts
 * const saved = readEventCheckpointSync('events.ckpt.json'); // undefined on the first start
 * ```
 */
export function readEventCheckpointSync(path: string): EventCheckpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new CheckpointError(path, `cannot read checkpoint "${path}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CheckpointError(path, `refusing checkpoint "${path}": not JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
  const parsed = EventCheckpoint.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(file)'}: ${i.message}`);
    throw new CheckpointError(path, `refusing checkpoint "${path}": ${why.join('; ')}`);
  }
  return parsed.data as unknown as EventCheckpoint;
}

/**
 * Writes an event-learner checkpoint atomically (temporary file, fsync,
 * rename); a file at `path` that is not an event checkpoint is never replaced.
 *
 * @throws CheckpointError when the target must be kept or the write fails
 * @example
 * ```ts
 * await writeEventCheckpoint('events.ckpt.json', checkpoint);
 * ```
 */
export async function writeEventCheckpoint(path: string, checkpoint: EventCheckpoint): Promise<void> {
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !existing.includes(`"format":"${EVENT_CHECKPOINT_FORMAT}"`)) {
    throw new CheckpointError(path, `refusing to replace "${path}": it is not an rxlogit event checkpoint`);
  }
  try {
    await atomicWriteFile(path, JSON.stringify(checkpoint));
  } catch (e) {
    throw new CheckpointError(path, `cannot save checkpoint "${path}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
