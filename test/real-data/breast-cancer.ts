import { readFileSync } from 'node:fs';
import type { EventLearnerOptions } from '../../src/core/event-learner-config.js';
import { EventLearner } from '../../src/core/event-learner.js';
import type { Label } from '../../src/core/sample.js';

/** One row of the breast-cancer CSV: its 30 named numbers and its target. */
export interface Row {
  readonly features: Record<string, number>;
  readonly t: Label;
}

/** Reads test/fixtures/breast-cancer/breast-cancer.csv (569 rows, file order). */
export function breastCancerRows(): Row[] {
  const text = readFileSync(new URL('../fixtures/breast-cancer/breast-cancer.csv', import.meta.url), 'utf8');
  const [header, ...lines] = text.trimEnd().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',').map(Number);
    const features: Record<string, number> = {};
    names.slice(0, -1).forEach((n, i) => (features[n] = cells[i]!));
    return { features, t: cells[names.length - 1] as Label };
  });
}

/** One progressive pass of an EventLearner over the rows: its accuracy and log loss. */
export function progressiveRun(rows: readonly Row[], options: EventLearnerOptions = {}): { accuracy: number; logLoss: number; auc: number } {
  const learner = new EventLearner(options);
  for (const r of rows) learner.learnOne(r.features, r.t);
  const s = learner.scores();
  return { accuracy: s.accuracy!, logLoss: s.logLoss!, auc: s.auc };
}
