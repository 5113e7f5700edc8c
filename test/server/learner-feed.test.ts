import { afterEach, describe, expect, it } from 'vitest';
import { LearnerFeed } from '../../src/server/learner-feed.js';
import type { ViewMessage } from '../../src/server/protocol.js';
import type { OnlineLearner } from '../../src/stream/online-learner.js';
import { gaussianClasses, makeLearner, sleep } from './helpers.js';

let feed: LearnerFeed | undefined;
let learner: OnlineLearner | undefined;
afterEach(async () => {
  feed?.stop();
  await learner?.close();
});

describe('LearnerFeed view', () => {
  it('draws the surface around the whole path the dashboard shows, not only its recent part', async () => {
    // The weights start far off at (−6, 6) and settle near the optimum within the first steps;
    // hundreds of history entries near it follow, and the start stays in the path.
    learner = makeLearner({ init: [-6, 6], schedule: { kind: 'constant', lr: 0.5 }, emitEvery: { samples: 1 } });
    const views: ViewMessage[] = [];
    feed = new LearnerFeed(learner, { historyIntervalMs: 1, viewIntervalMs: 300, onView: (f) => views.push(JSON.parse(String(f)) as ViewMessage) });
    feed.start();
    const samples = gaussianClasses({ seed: 'feed', count: 4000 });
    const history = (): { n: number; weights: number[] }[] => JSON.parse(String(feed!.snapshotFrame())).steps;
    for (let i = 0; history().length < 400; i++) {
      learner.push([samples[i % samples.length]!]);
      await sleep(2); // lets the 1 ms history timer record the step
    }
    const steps = history();
    expect(steps[0]!.weights).toEqual([-6, 6]);
    expect(Math.min(...steps.slice(-300).map((s) => s.weights[0]!))).toBeGreaterThan(-4); // the recent part is far from the start
    const n = learner.currentStep().n;
    for (let waited = 0; !views.some((v) => v.n === n); waited += 10) {
      if (waited > 10_000) throw new Error('no view of the latest step');
      await sleep(10);
    }
    const view = views.find((v) => v.n === n)!;
    const [w1lo, w1hi] = view.surface!.w1;
    const [w2lo, w2hi] = view.surface!.w2;
    for (const { weights: [a, b] } of steps) {
      expect(a).toBeGreaterThanOrEqual(w1lo);
      expect(a).toBeLessThanOrEqual(w1hi);
      expect(b).toBeGreaterThanOrEqual(w2lo);
      expect(b).toBeLessThanOrEqual(w2hi);
    }
    expect(w1lo).toBeLessThanOrEqual(-7); // with a margin around the start
    expect(w2hi).toBeGreaterThanOrEqual(7);
  }, 60_000);
});
