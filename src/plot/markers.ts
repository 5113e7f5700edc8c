import { svgAttrs, svgNumber } from './svg-format.js';

/** Marker shapes: matplotlib's `*` and `o`. */
export type MarkerShape = 'star' | 'circle';

/** How a data point is drawn. */
export interface MarkerStyle {
  /** The shape. */
  readonly shape: MarkerShape;
  /** Fill colour (any SVG colour). */
  readonly fill: string;
  /** Outline colour (default: the fill). */
  readonly stroke?: string;
  /** Outer diameter in pixels. */
  readonly size: number;
}

/** The tutorial's `'r*'`: a red five-pointed star. */
export const RED_STAR: MarkerStyle = { shape: 'star', fill: '#ff0000', size: 11 };
/** The tutorial's `'bo'`: a blue circle. */
export const BLUE_CIRCLE: MarkerStyle = { shape: 'circle', fill: '#0000ff', size: 8 };
/** The tutorial's `'ko'`: a black circle. */
export const BLACK_DOT: MarkerStyle = { shape: 'circle', fill: '#000000', size: 8 };

// matplotlib's star: `Path.unit_regular_star(5, 0.381966)`.
const STAR_INNER_RATIO = 0.381966;

/**
 * One marker as an SVG element centred on a pixel position.
 *
 * @param style - shape, colours and size
 * @param cx - centre, pixels from the left
 * @param cy - centre, pixels from the top
 * @throws RangeError when a coordinate or the size is not finite or the size is not positive
 * @example
 * ```ts
 * markerSvg(BLUE_CIRCLE, 10, 20); // '<circle cx="10" cy="20" r="4" fill="#0000ff" stroke="#0000ff" stroke-width="0.8"/>'
 * ```
 */
export function markerSvg(style: MarkerStyle, cx: number, cy: number): string {
  if (!(style.size > 0)) throw new RangeError(`marker size must be a positive number, got ${String(style.size)}`);
  const stroke = style.stroke ?? style.fill;
  const paint = { fill: style.fill, stroke, 'stroke-width': 0.8 };
  const r = style.size / 2;
  if (style.shape === 'circle') {
    return `<circle${svgAttrs({ cx, cy, r, ...paint })}/>`;
  }
  const points: string[] = [];
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * STAR_INNER_RATIO;
    const angle = (k * Math.PI) / 5; // 0 = straight up
    points.push(
      `${svgNumber(cx + radius * Math.sin(angle), 'marker x')},${svgNumber(cy - radius * Math.cos(angle), 'marker y')}`,
    );
  }
  return `<polygon points="${points.join(' ')}"${svgAttrs({ ...paint, 'stroke-linejoin': 'miter' })}/>`;
}
