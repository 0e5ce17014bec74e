import type { CaptionStyle } from '../../preload/contract/project';
import { fontMetricsFor } from '../fonts/find-font';
import type { FontMetrics } from '../fonts/font-metrics';
import { frameLayout, toPixels } from '../layout/safe-area';

/**
 * Where a caption style's pages go in a frame, in pixels, from the format's safe-area table
 * (layout/safe-area.ts): `bottom` is the caption band (raised further when the style's margin asks
 * for it), `center` is the middle of the stage — a scene whose main text is its own sentence shows
 * it there as its caption —, `top` is the top of the safe area. Every line of every page is laid
 * out within `maxWidth`, so nothing reaches a frame edge or the platforms' buttons.
 */
export interface CaptionPlacement {
  /** ASS alignment of the page's anchor (numpad layout): 1–3 bottom, 4–6 middle, 7–9 top; left, centre, right */
  align: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** the anchor (\pos) in pixels */
  x: number;
  y: number;
  /** the widest a line may be, pixels */
  maxWidth: number;
  /** the most lines a page may have here */
  maxLines: number;
  /** the font size in pixels (a whole line, as libass counts it) */
  fontPx: number;
  metrics: FontMetrics;
}

/** A page set to one side takes this much of the width it would have centred: it reads as placed there. */
export const SIDE_WIDTH = 0.7;

export function captionPlacement(style: CaptionStyle, width: number, height: number): CaptionPlacement {
  const layout = frameLayout(width, height);
  const metrics = captionMetrics(style);
  const fontPx = Math.round(style.size * height);
  const band = toPixels(layout.captions, width, height);
  const safe = toPixels(layout.safe, width, height);
  const stage = toPixels(layout.stage, width, height);
  const maxLines = Math.max(1, Math.min(style.maxLines, layout.captionLines + (style.position === 'center' ? 1 : 0)));
  const row =
    style.position === 'center'
      ? { base: 5 as const, region: stage, y: Math.round(stage.y + stage.h / 2) }
      : style.position === 'top'
        ? { base: 8 as const, region: safe, y: Math.max(safe.y, Math.round(style.margin * height)) }
        : { base: 2 as const, region: band, y: Math.min(band.y + band.h, Math.round((1 - style.margin) * height)) };
  const { region } = row;
  const side = style.align ?? 'center';
  if (side === 'center') return { align: row.base, x: Math.round(region.x + region.w / 2), y: row.y, maxWidth: region.w, maxLines, fontPx, metrics };
  // set to a side: anchored on that edge of the region, lines aligned to it, narrower than centred
  const maxWidth = Math.round(region.w * SIDE_WIDTH);
  return side === 'left'
    ? { align: (row.base - 1) as CaptionPlacement['align'], x: region.x, y: row.y, maxWidth, maxLines, fontPx, metrics }
    : { align: (row.base + 1) as CaptionPlacement['align'], x: region.x + region.w, y: row.y, maxWidth, maxLines, fontPx, metrics };
}

/** The row of an ASS alignment: where the anchor is on the page's height. */
export function anchorRow(align: CaptionPlacement['align']): 'bottom' | 'middle' | 'top' {
  return align <= 3 ? 'bottom' : align <= 6 ? 'middle' : 'top';
}

/** The page's left edge (pixels) for a page `w` wide anchored at `x` with this alignment. */
export function anchorLeft(align: CaptionPlacement['align'], x: number, w: number): number {
  const col = (align - 1) % 3;
  return col === 0 ? x : col === 1 ? x - w / 2 : x - w;
}

/** The measures of the font a caption style draws in (uppercase is applied by the caller). */
export function captionMetrics(style: CaptionStyle): FontMetrics {
  return fontMetricsFor(style.font, style.bold);
}

/** The width in pixels a caption line takes at this style's size (as libass draws it: kerned, cased). */
export function lineWidthPx(style: CaptionStyle, metrics: FontMetrics, fontPx: number, text: string): number {
  const cased = style.uppercase ? text.toLocaleUpperCase() : text;
  // the outline (or box padding) adds to each side of the line
  const edge = style.box ? 0.25 * fontPx : style.outline * fontPx;
  return (metrics.advance(cased) * fontPx) / metrics.lineUnits + 2 * edge;
}
