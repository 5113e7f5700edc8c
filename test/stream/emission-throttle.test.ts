import { asyncScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { checkEmitEvery, EmissionThrottle } from '../../src/stream/emission-throttle.js';
import { testScheduler } from './operators/helpers.js';

describe('EmissionThrottle', () => {
  it('fires every k ticks, counts batch sizes, and flushes only what is pending', () => {
    {
      let fired = 0;
      const t = new EmissionThrottle({ samples: 3 }, asyncScheduler, () => fired++);
      t.tick(1);
      t.tick(1);
      expect(t.untilDue()).toBe(1);
      t.tick(1);
      expect(fired).toBe(1);
      t.tick(5);
      expect(fired).toBe(2);
      t.flush();
      expect(fired).toBe(2);
      t.tick(1);
      t.flush();
      expect(fired).toBe(3);
    }
  });

  it('fires ms after the first pending tick on the scheduler, and not after dispose', () => {
    testScheduler().run(({ cold, flush }) => {
      const times: number[] = [];
      const t = new EmissionThrottle({ ms: 5 }, asyncScheduler, () => times.push(asyncScheduler.now()));
      cold('-a-b--------c-|').subscribe(() => t.tick(1));
      flush();
      expect(times).toEqual([6, 17]);
      const disposed = new EmissionThrottle({ ms: 5 }, asyncScheduler, () => times.push(-1));
      disposed.tick(1);
      disposed.dispose();
      flush();
      expect(times).toEqual([6, 17]);
    });
  });

  it('defaults to every sample and checks its bounds', () => {
    expect(checkEmitEvery(undefined)).toEqual({ samples: 1 });
    expect(checkEmitEvery({})).toEqual({ samples: 1 });
    expect(checkEmitEvery({ ms: 10 })).toEqual({ ms: 10 });
    expect(() => checkEmitEvery({ samples: 0 })).toThrow(RangeError);
    expect(() => checkEmitEvery({ ms: Infinity })).toThrow(/emitEvery.ms must be a finite number > 0/);
  });
});
