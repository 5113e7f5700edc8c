import { describe, expect, it } from 'vitest';
import { WorkBudget } from '../../src/server/work-budget.js';

describe('WorkBudget', () => {
  it('allows a second’s worth at once, then goes into debt and says how long to wait', () => {
    let now = 0;
    const budget = new WorkBudget(1000, () => now);
    expect(budget.waitMs()).toBe(0);
    budget.charge(1000);
    expect(budget.waitMs()).toBe(0); // exactly spent
    budget.charge(500);
    expect(budget.waitMs()).toBe(500);
    now = 250;
    expect(budget.waitMs()).toBe(250);
    now = 500;
    expect(budget.waitMs()).toBe(0);
    now = 10_000;
    expect(budget.available).toBe(1000); // refills up to one second's worth, no more
  });

  it('refuses a rate that is not a positive finite number', () => {
    for (const rate of [0, -1, Infinity, NaN]) expect(() => new WorkBudget(rate)).toThrow(RangeError);
  });
});
