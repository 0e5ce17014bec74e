import { readFileSync } from 'node:fs';

/**
 * Advance widths of a TrueType/OpenType font, read from its own tables (cmap, hmtx), so designed
 * scenes wrap and fit their text at the width it really takes in that font. Kerning is left out:
 * it changes a line by a percent or two, which the fitting's margin absorbs.
 */
export interface FontMetrics {
  /** width of `text` at `size` pixels */
  width(text: string, size: number): number;
  /** cap height as a fraction of the size (for optical centring) */
  capHeight: number;
  ascender: number;
  descender: number;
}

const cache = new Map<string, FontMetrics>();

export function fontMetrics(file: string): FontMetrics {
  let m = cache.get(file);
  if (!m) cache.set(file, (m = parseMetrics(readFileSync(file))));
  return m;
}

function parseMetrics(buf: Buffer): FontMetrics {
  const tables = new Map<string, number>();
  const count = buf.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const at = (tag: string) => {
    const o = tables.get(tag);
    if (o === undefined) throw new Error(`the font has no ${tag} table`);
    return o;
  };
  const head = at('head');
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const hhea = at('hhea');
  const ascender = buf.readInt16BE(hhea + 4) / unitsPerEm;
  const descender = buf.readInt16BE(hhea + 6) / unitsPerEm;
  const numberOfHMetrics = buf.readUInt16BE(hhea + 34);
  const hmtx = at('hmtx');
  const advance = (glyph: number) => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));
  const os2 = tables.get('OS/2');
  const capHeight = os2 !== undefined && buf.readUInt16BE(os2) >= 2 ? buf.readInt16BE(os2 + 88) / unitsPerEm : 0.7;

  // cmap: the Unicode subtable, format 12 (full range) preferred over format 4 (BMP)
  const cmap = at('cmap');
  let f4: number | undefined;
  let f12: number | undefined;
  for (let i = 0, n = buf.readUInt16BE(cmap + 2); i < n; i++) {
    const platform = buf.readUInt16BE(cmap + 4 + i * 8);
    const encoding = buf.readUInt16BE(cmap + 6 + i * 8);
    const sub = cmap + buf.readUInt32BE(cmap + 8 + i * 8);
    const format = buf.readUInt16BE(sub);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    if (format === 12) f12 = sub;
    if (format === 4) f4 = sub;
  }
  const glyphOf = (cp: number): number => {
    if (f12 !== undefined) {
      const groups = buf.readUInt32BE(f12 + 12);
      for (let g = 0; g < groups; g++) {
        const o = f12 + 16 + g * 12;
        const start = buf.readUInt32BE(o);
        const end = buf.readUInt32BE(o + 4);
        if (cp >= start && cp <= end) return buf.readUInt32BE(o + 8) + cp - start;
      }
      return 0;
    }
    if (f4 === undefined || cp > 0xffff) return 0;
    const segX2 = buf.readUInt16BE(f4 + 6);
    const ends = f4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = buf.readUInt16BE(ends + 2 * s);
      if (cp > end) continue;
      const start = buf.readUInt16BE(starts + 2 * s);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + 2 * s);
      const range = buf.readUInt16BE(ranges + 2 * s);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(ranges + 2 * s + range + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const widths = new Map<number, number>();
  const widthOf = (cp: number) => {
    let w = widths.get(cp);
    if (w === undefined) widths.set(cp, (w = advance(glyphOf(cp)) / unitsPerEm));
    return w;
  };
  return {
    width: (text, size) => {
      let w = 0;
      for (const ch of text) w += widthOf(ch.codePointAt(0)!);
      return w * size;
    },
    capHeight,
    ascender,
    descender,
  };
}

/** Greedy wrap of words into lines no wider than `maxWidth` (a single longer word keeps its own line). */
export function wrapWords(text: string, size: number, maxWidth: number, m: FontMetrics): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && m.width(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest size (from `maxSize` down) at which `text` wraps into at most `maxLines` lines that
 * fit `box`, every word inside the width; never below `minSize` (then the lines at that size).
 */
export function fitText(text: string, m: FontMetrics, box: { w: number; h: number }, maxSize: number, minSize: number, maxLines: number, lineHeight = 1.15): { size: number; lines: string[] } {
  for (let size = Math.floor(maxSize); size > minSize; size = Math.floor(size * 0.94)) {
    const lines = wrapWords(text, size, box.w, m);
    const widest = Math.max(...lines.map((l) => m.width(l, size)));
    if (lines.length <= maxLines && widest <= box.w && lines.length * size * lineHeight <= box.h) return { size, lines };
  }
  return { size: Math.floor(minSize), lines: wrapWords(text, minSize, box.w, m) };
}
