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
  /** ASS alignment of the page's anchor: 2 bottom centre, 5 middle, 8 top centre */
  align: 2 | 5 | 8;
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

export function captionPlacement(style: CaptionStyle, width: number, height: number): CaptionPlacement {
  const layout = frameLayout(width, height);
  const metrics = captionMetrics(style);
  const fontPx = Math.round(style.size * height);
  const band = toPixels(layout.captions, width, height);
  const safe = toPixels(layout.safe, width, height);
  const stage = toPixels(layout.stage, width, height);
  const maxLines = Math.max(1, Math.min(style.maxLines, layout.captionLines + (style.position === 'center' ? 1 : 0)));
  if (style.position === 'center') {
    return { align: 5, x: Math.round(stage.x + stage.w / 2), y: Math.round(stage.y + stage.h / 2), maxWidth: stage.w, maxLines, fontPx, metrics };
  }
  if (style.position === 'top') {
    return { align: 8, x: Math.round(safe.x + safe.w / 2), y: Math.max(safe.y, Math.round(style.margin * height)), maxWidth: safe.w, maxLines, fontPx, metrics };
  }
  const bottom = Math.min(band.y + band.h, Math.round((1 - style.margin) * height));
  return { align: 2, x: Math.round(band.x + band.w / 2), y: bottom, maxWidth: band.w, maxLines, fontPx, metrics };
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
