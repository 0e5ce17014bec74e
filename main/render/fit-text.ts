import type { FontMetrics } from '../fonts/font-metrics';

export interface FittedText {
  /** drawtext's font size (the em, in pixels) */
  fontSize: number;
  lines: string[];
  lineHeight: number;
}

/**
 * Text set as large as asked, or smaller until it fits: lines wrapped at spaces by their real
 * width in the font (drawtext sizes by the em, so one unit is fontSize / unitsPerEm pixels), and
 * the block no taller than the region. A word wider than the region shrinks the whole block, so
 * nothing is cut at a frame edge.
 */
export function fitText(text: string, fontSize: number, metrics: FontMetrics, region: { w: number; h: number }, lineSpacing = 1.25): FittedText {
  const paragraphs = text.split(/\r?\n/).map((p) => p.split(/\s+/).filter(Boolean));
  let size = Math.max(1, Math.round(fontSize));
  for (;;) {
    const width = (s: string) => (metrics.advance(s) * size) / metrics.unitsPerEm;
    const lines: string[] = [];
    for (const words of paragraphs) {
      let line = '';
      for (const word of words) {
        const candidate = line ? `${line} ${word}` : word;
        if (line && width(candidate) > region.w) {
          lines.push(line);
          line = word;
        } else line = candidate;
      }
      lines.push(line);
    }
    const lineHeight = Math.round(size * lineSpacing);
    const fits = lines.every((l) => width(l) <= region.w) && lines.length * lineHeight <= region.h;
    if (fits || size <= 8) return { fontSize: size, lines, lineHeight };
    size = Math.max(8, Math.floor(size * 0.92));
  }
}
