import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gaussianClasses } from '../../src/data/gaussian-classes.js';
import { LearnerPipeline, learningOperator, openSink } from '../../src/stream/learner-pipeline.js';
import { blockFromSamples } from '../../src/core/index.js';
import type { Step } from '../../src/core/index.js';
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

  it('LearnerPipeline: an input given while a step is delivered waits for it (a copy of a block), then the end flushes', () => {
    const trainer = new Trainer({ inputs: 2 });
    const log: string[] = [];
    const block = blockFromSamples(samples.slice(0, 3));
    const pipeline: LearnerPipeline = new LearnerPipeline(learningOperator(trainer, { inputs: 2, emitEvery: { samples: 2 } }, asyncScheduler), {
      deliver: (step: Step) => {
        log.push(`deliver ${step.n}`);
        if (step.n === 2) {
          pipeline.give(block); // fed back from a subscriber: learned after this delivery
          block.x.fill(1e6); // the producer reuses its block: the learner has its own copy
          log.push('given');
        }
      },
      delivered: (step: Step) => log.push(`delivered ${step.n}`),
      ended: (err: unknown) => log.push(`ended ${String(err)}`),
    });
    pipeline.give(samples.slice(0, 2));
    pipeline.end(undefined);
    expect(log).toEqual(['deliver 2', 'given', 'delivered 2', 'deliver 4', 'delivered 4', 'deliver 5', 'delivered 5', 'ended undefined']);
    const reference = new Trainer({ inputs: 2 });
    reference.learn(samples.slice(0, 2));
    reference.learn(samples.slice(0, 3));
    expect(Array.from(trainer.model.weights)).toEqual(Array.from(reference.model.weights));
  });
});
