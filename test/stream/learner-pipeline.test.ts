import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { learningOperator, openSink } from '../../src/stream/learner-pipeline.js';
import { Trainer } from '../../src/core/index.js';

const samples = gaussianClasses({ seed: 'pipeline', count: 100 });

describe('learner pipeline', () => {
  it('learns per sample or per mini-batch as configured, flushing on complete', () => {
    for (const [config, steps] of [
      [{ inputs: 2 }, 100],
      [{ inputs: 2, mode: 'minibatch', batchSize: 30 }, 4],
    ] as const) {
      const trainer = new Trainer({ inputs: 2 });
      const n: number[] = [];
      const sink = openSink(learningOperator(trainer, config, asyncScheduler), { next: (s) => n.push(s.n) });
      for (const s of samples) sink.next(s);
      sink.complete();
      expect(n).toHaveLength(steps);
      expect(n.at(-1)).toBe(100);
    }
  });
});
