import { describe, expect, it } from 'vitest';
import { loadPublic } from './load-public.js';

const { calibrationPoints } = await loadPublic('calibration-chart.js');

describe('calibrationPoints', () => {
  it('keeps the non-empty bins in order, as the documented example says', () => {
    expect(calibrationPoints([{ lower: 0, upper: 0.5, count: 2, predicted: 0.2, observed: 0 }, { lower: 0.5, upper: 1, count: 0, predicted: null, observed: null }])).toEqual([
      { predicted: 0.2, observed: 0, count: 2 },
    ]);
  });

  it('drops what cannot be drawn: nulls, numbers outside [0, 1], strings, non-arrays', () => {
    expect(calibrationPoints(null)).toEqual([]);
    expect(calibrationPoints({ 0: {} })).toEqual([]);
    expect(calibrationPoints([null, 3, { count: 1, predicted: 1.5, observed: 0 }, { count: 1, predicted: '0.3', observed: 0 }, { count: 4, predicted: 1, observed: 1 }])).toEqual([
      { predicted: 1, observed: 1, count: 4 },
    ]);
  });
});
