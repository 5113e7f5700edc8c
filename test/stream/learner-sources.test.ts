import { from, Subject, throwError } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/core/index.js';
import type { SourceError } from '../../src/stream/source-error.js';
import { LearnerIntake } from '../../src/stream/learner-intake.js';
import { LearnerSources } from '../../src/stream/learner-sources.js';
import { LearnerStreams } from '../../src/stream/learner-streams.js';

function setup() {
  const trainer = new Trainer({ inputs: 1 });
  const streams = new LearnerStreams(() => trainer.step(0));
  const intake = new LearnerIntake(1, 10, streams, (input) => trainer.learn(input));
  const ended: unknown[] = [];
  let afterValue = 0;
  const sources = new LearnerSources(intake, () => afterValue++, (err) => ended.push(err ?? 'completed'));
  const errors: SourceError[] = [];
  sources.errors$.subscribe((e) => errors.push(e));
  return { trainer, sources, ended, errors, afterValue: () => afterValue };
}

describe('LearnerSources', () => {
  it('names sources in order, reports a failure by name and goes on; endWithSource ends the learner', () => {
    const { trainer, sources, ended, errors, afterValue } = setup();
    sources.add(from([{ x: [1], t: 1 }]), {});
    sources.add(throwError(() => new Error('down')), {});
    sources.add(from([{ x: [2], t: 0 }]), { name: 'bus', endWithSource: true });
    expect(trainer.model.seen).toBe(2);
    expect(afterValue()).toBe(2);
    expect(errors.map((e) => e.source)).toEqual(['source 2']);
    expect(ended).toEqual(['completed']);
  });

  it('stops every live source at once, and completes errors$ when told', () => {
    const { trainer, sources, errors } = setup();
    const live = new Subject<unknown>();
    const sub = sources.add(live, { trusted: true });
    live.next({ x: [1], t: 1 });
    sources.stopAll();
    live.next({ x: [1], t: 1 });
    expect(trainer.model.seen).toBe(1);
    expect(sub.closed).toBe(true);
    let completed = false;
    sources.errors$.subscribe({ complete: () => (completed = true) });
    sources.completeErrors();
    expect(completed).toBe(true);
    expect(errors).toEqual([]);
  });
});
