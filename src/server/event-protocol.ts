/**
 * The protocol's schemas for raw events and late labels: what an item of a
 * `samples`, `predict` or `label` message may be, and the `events` scores a
 * `step` carries when the server has an event learner. `protocol.ts` builds
 * the messages from these (this module needs nothing of it).
 *
 * @module
 */
import * as z from 'zod';

/** The most named features one event may carry. */
export const MAX_FEATURES_PER_EVENT = 1000;

/** A feature's value: a finite number (its own weight), a string or boolean (hashed), or a list of strings (each hashed). */
export const FeatureValue = z.union([z.number(), z.string().max(1024), z.boolean(), z.array(z.string().max(1024)).max(MAX_FEATURES_PER_EVENT)], {
  error: 'expected a finite number, a string (at most 1024 characters), a boolean or a list of such strings',
});
export type FeatureValue = z.infer<typeof FeatureValue>;

/** An event's named features, `{ amount: 129.5, country: "DE", tags: ["new"] }`. */
export const EventFeatures = z
  .record(z.string().min(1).max(256), FeatureValue)
  .refine((f) => Object.keys(f).length <= MAX_FEATURES_PER_EVENT, { message: `at most ${MAX_FEATURES_PER_EVENT} features an event` });
export type EventFeatures = z.infer<typeof EventFeatures>;

const Label = z.union([z.literal(0), z.literal(1)], { error: (issue) => `expected 0 or 1, got ${JSON.stringify(issue.input) ?? 'nothing'}` });

/** The id a served prediction is remembered under until its label comes. */
export const PredictionId = z.string().min(1).max(256);

/** An item of a `samples` message with named features instead of `x`: an event whose label is known now. */
export const LabelledEvent = z.strictObject({ features: EventFeatures, t: Label });
export type LabelledEvent = z.infer<typeof LabelledEvent>;

/** An item of a `predict` message's `events`: with an `id`, the prediction is remembered until its `label` comes. */
export const EventToServe = z.strictObject({ id: PredictionId.optional(), features: EventFeatures });
export type EventToServe = z.infer<typeof EventToServe>;

/** An item of a `label` message: the label of the prediction served under `id`. */
export const EventLabel = z.strictObject({ id: PredictionId, t: Label });
export type EventLabel = z.infer<typeof EventLabel>;

/** What became of one label. */
export const LabelOutcome = z.enum(['labelled', 'late', 'unknown', 'duplicate', 'rejected']);
export type LabelOutcome = z.infer<typeof LabelOutcome>;

const Num = z.number().nullable();

const Confusion = z.object({ tp: z.number(), fp: z.number(), fn: z.number(), tn: z.number(), precision: Num, recall: Num, f1: Num });

/** One bin of a calibration table: predictions in [lower, upper), their mean probability and the observed rate of 1 (null when empty). */
export const CalibrationBinMessage = z.object({ lower: z.number(), upper: z.number(), count: z.number(), predicted: Num, observed: Num });
export type CalibrationBinMessage = z.infer<typeof CalibrationBinMessage>;

/** The served predictions waiting for labels, and what became of the labels that came. */
export const DelayedCounts = z.object({
  pending: z.number(),
  labelled: z.number(),
  expired: z.number(),
  evicted: z.number(),
  late: z.number(),
  unknown: z.number(),
  duplicate: z.number(),
});
export type DelayedCounts = z.infer<typeof DelayedCounts>;

/**
 * The event learner's progressive scores, as a `step` carries them in
 * `events` (NaN, before both classes were seen, is null): log loss and
 * accuracy, ROC AUC, the confusion at 0.5 and the calibration table, each
 * cumulative and rolling; the delayed-label counters; the hash table's fill.
 */
export const EventsPayload = z.object({
  seen: z.number(),
  n: z.number(),
  logLoss: Num,
  accuracy: Num,
  rollingLogLoss: Num,
  rollingAccuracy: Num,
  auc: Num,
  rollingAuc: Num,
  confusion: Confusion,
  rollingConfusion: Confusion,
  calibration: z.array(CalibrationBinMessage),
  rollingCalibration: z.array(CalibrationBinMessage),
  delayed: DelayedCounts,
  hash: z.object({ bucketsUsed: z.number(), sharedBuckets: z.number(), collisions: z.number() }),
});
export type EventsPayload = z.infer<typeof EventsPayload>;
