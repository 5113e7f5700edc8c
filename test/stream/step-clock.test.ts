import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { StepClock } from '../../src/stream/step-clock.js';
import { testScheduler } from './operators/helpers.js';

describe('StepClock', () => {
  it('reads a virtual clock for every step, also asyncScheduler on virtual time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const clock = new StepClock(asyncScheduler);
      const times: number[] = [];
      cold('-a-b--c|').subscribe(() => times.push(clock.now()));
      expectObservable(cold('-------|')).toBe('-------|');
      return () => expect(times).toEqual([1, 3, 6]);
    });
    let now = 10;
    const manual = { now: () => now, schedule: asyncScheduler.schedule.bind(asyncScheduler) };
    const clock = new StepClock(manual);
    expect(clock.now()).toBe(10);
    now = 11;
    expect(clock.now()).toBe(11);
  });

  it('shares one wall-clock reading within a synchronous run, at most 1,024 times, and reads afresh on the next turn', async () => {
    const clock = new StepClock(asyncScheduler);
    const first = clock.now();
    expect(Math.abs(first - Date.now())).toBeLessThan(1000);
    const start = Date.now();
    while (Date.now() === start); // the wall clock moves on
    let reused = 1;
    while (clock.now() === first && reused < 5000) reused++;
    expect(reused).toBe(1024); // the 1,025th step reads again
    const moved = Date.now();
    while (Date.now() === moved);
    const inRun = clock.now();
    await Promise.resolve(); // the next turn: the shared reading expires
    await new Promise((resolve) => setTimeout(resolve, 2));
    expect(clock.now()).toBeGreaterThan(inRun);
  });
});
