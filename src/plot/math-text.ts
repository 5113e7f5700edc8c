import { escapeXml, svgNumber } from './svg-format.js';

/**
 * Renders a label with TeX-like subscripts as SVG text content: `x_1` and
 * `w_{10}` become a base letter followed by a smaller, lowered `<tspan>`;
 * everything else is escaped and kept as is (write Greek letters directly,
 * e.g. `'ξ'`). A literal underscore is written `\_`.
 *
 * The shift uses `dy` in pixels rather than `baseline-shift`, which not every
 * SVG renderer supports.
 *
 * @param label - the label, e.g. `'x_1'`, `'w(3)'`, `'ξ'`
 * @param fontSize - font size of the surrounding `<text>` in pixels (default 12)
 * @returns the inner content of a `<text>` element
 * @example
 * ```ts
 * mathText('x_1', 12); // 'x<tspan dy="3.6" font-size="8.4">1</tspan><tspan dy="-3.6"></tspan>'
 * ```
 */
export function mathText(label: string, fontSize = 12): string {
  const shift = svgNumber(fontSize * 0.3, 'subscript shift');
  const subSize = svgNumber(fontSize * 0.7, 'subscript size');
  let out = '';
  let plain = '';
  let i = 0;
  while (i < label.length) {
    const c = label[i]!;
    if (c === '\\' && label[i + 1] === '_') {
      plain += '_';
      i += 2;
      continue;
    }
    if (c !== '_' || i + 1 >= label.length) {
      plain += c;
      i += 1;
      continue;
    }
    let sub: string;
    if (label[i + 1] === '{') {
      const close = label.indexOf('}', i + 2);
      if (close < 0) throw new SyntaxError(`unclosed '{' at index ${i + 1} in label ${JSON.stringify(label)}`);
      sub = label.slice(i + 2, close);
      i = close + 1;
    } else {
      sub = String.fromCodePoint(label.codePointAt(i + 1)!);
      i += 1 + sub.length;
    }
    out += escapeXml(plain);
    plain = '';
    // The empty tspan restores the baseline for whatever follows.
    out += `<tspan dy="${shift}" font-size="${subSize}">${escapeXml(sub)}</tspan><tspan dy="-${shift}"></tspan>`;
  }
  return out + escapeXml(plain);
}

/**
 * The label as plain text, for width estimates and accessibility titles:
 * `x_1` → `x1`, `w_{10}` → `w10`.
 *
 * @param label - a label in the syntax of {@link mathText}
 * @example
 * ```ts
 * plainText('w_{10}'); // 'w10'
 * ```
 */
export function plainText(label: string): string {
  return label.replace(/\\_/g, '\u0000').replace(/_\{([^}]*)\}/g, '$1').replace(/_/g, '').replace(/\u0000/g, '_');
}

/**
 * A rough width of a label in pixels, for layout (legend boxes, margins):
 * about 0.6 em per character in a sans-serif font, subscripts at 70 %.
 *
 * @param label - a label in the syntax of {@link mathText}
 * @param fontSize - font size in pixels (default 12)
 * @example
 * ```ts
 * estimateTextWidth('abc', 10); // 18
 * ```
 */
export function estimateTextWidth(label: string, fontSize = 12): number {
  const subs = [...label.matchAll(/_\{([^}]*)\}|_(.)/gu)].reduce((n, m) => n + [...(m[1] ?? m[2] ?? '')].length, 0);
  const chars = [...plainText(label)].length;
  return (chars - subs * 0.3) * fontSize * 0.6;
}
