import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';
import type { Sample } from '../../../src/core/index.js';
import type { Step } from '../../../src/core/index.js';
import { Trainer } from '../../../src/core/index.js';
import type { TrainerConfig } from '../../../src/core/index.js';

/** A TestScheduler that compares with vitest's deep equality (NaN equals NaN). */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** The steps a fresh trainer reaches after learning the given runs of samples, at the given times. */
export function expectedSteps(options: TrainerConfig, runs: { learn: Sample[] | Sample[][]; time: number }[]): Step[] {
  const t = new Trainer(options);
  return runs.map(({ learn, time }) => {
    for (const item of learn) {
      if (Array.isArray(item)) t.learnMany(item);
      else t.learnOne(item);
    }
    return t.step(time);
  });
}

export const S = {
  a: { x: [1, 0.5], t: 1 },
  b: { x: [-1, 0.25], t: 0 },
  c: { x: [0.5, -2], t: 1 },
  d: { x: [-0.5, 1], t: 0 },
  e: { x: [2, 2], t: 1 },
} satisfies Record<string, Sample>;
