/**
 * Escapes text for use inside SVG/XML content or a double-quoted attribute.
 *
 * @param text - any string
 * @returns the text with `& < > " '` replaced by entities
 * @example
 * ```ts
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Formats a coordinate or length for an SVG attribute: at most `digits`
 * decimals, no trailing zeros, no `-0`.
 *
 * A non-finite number never reaches the output: it throws instead, so a bad
 * value is caught where it is made rather than drawn as `NaN`.
 *
 * @param value - a finite number
 * @param what - what the number is, for the error message (default `'value'`)
 * @param digits - decimals kept (default 2, a hundredth of a pixel)
 * @throws RangeError when `value` is NaN or infinite
 * @example
 * ```ts
 * svgNumber(12.3456); // '12.35'
 * svgNumber(-0.001);  // '0'
 * ```
 */
export function svgNumber(value: number, what = 'value', digits = 2): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${what} is not a finite number: ${String(value)}`);
  }
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Attribute values accepted by {@link svgAttrs}; `undefined` leaves the attribute out. */
export type SvgAttrValue = string | number | undefined;

/**
 * Renders attributes as ` name="value"` pairs, numbers through
 * {@link svgNumber} and strings escaped, in the given key order.
 *
 * @param attrs - attribute names and values; `undefined` values are skipped
 * @throws RangeError when a number is not finite (the message names the attribute)
 * @example
 * ```ts
 * svgAttrs({ cx: 1.234, fill: 'red', stroke: undefined }); // ' cx="1.23" fill="red"'
 * ```
 */
export function svgAttrs(attrs: Readonly<Record<string, SvgAttrValue>>): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    const text = typeof value === 'number' ? svgNumber(value, `attribute ${name}`) : escapeXml(value);
    out += ` ${name}="${text}"`;
  }
  return out;
}

/**
 * Formats a tick or label value for display: up to `digits` significant
 * decimals, with a true minus sign `−` as matplotlib prints it.
 *
 * @param value - a finite number
 * @param digits - maximum decimals (default 6, enough to hide float noise like 0.30000000000000004)
 * @throws RangeError when `value` is not finite
 * @example
 * ```ts
 * formatTick(-2); // '−2'
 * formatTick(0.1 + 0.2); // '0.3'
 * ```
 */
export function formatTick(value: number, digits = 6): string {
  const text = svgNumber(value, 'tick value', digits);
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}
