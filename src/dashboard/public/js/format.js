// @ts-check
/** Number formats for the header counters; `–` stands for "not known yet". */

/**
 * @param {number | null | undefined} v
 * @returns {string} an integer with thousands separators
 * @example
 * fmtCount(12345); // → '12,345'
 */
export function fmtCount(v) {
  return typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–';
}

/**
 * @param {number | null | undefined} v
 * @returns {string} a rate: one decimal below 100, whole numbers above
 * @example
 * fmtRate(12.34); // → '12.3'
 */
export function fmtRate(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US');
}

/**
 * @param {number | null | undefined} v
 * @returns {string} three significant digits
 * @example
 * fmtNumber(0.050000001); // → '0.05'
 */
export function fmtNumber(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return String(Number(v.toPrecision(3))).replace('-', '−');
}

/**
 * @param {number | null | undefined} v - a fraction in [0, 1]
 * @returns {string} a percentage with one decimal
 * @example
 * fmtPercent(0.9312); // → '93.1 %'
 */
export function fmtPercent(v) {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–';
}
