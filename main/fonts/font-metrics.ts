import { readFileSync } from 'node:fs';

/**
 * What text measures in one font file: glyph advances (with the font's pair kerning) and ink
 * heights, read from the sfnt tables (cmap, hmtx, head, hhea, OS/2, glyf/loca, GPOS/kern). Caption
 * paging, text fitting and the highlight box are laid out from these, not from an average letter
 * width: a line of capitals in a wide serif is twice as long as the same count of "iii".
 *
 * Sizes follow libass (and VSFilter): a font size is the font's whole line — Windows ascent plus
 * descent (OS/2 usWinAscent + usWinDescent, else hhea) — not its em, so one unit is
 * `size / lineUnits` pixels. drawtext (FreeType) sizes by the em instead: `emScale` converts.
 */
export interface FontMetrics {
  file: string;
  unitsPerEm: number;
  /** ascent + descent in font units, the height libass gives one font size */
  lineUnits: number;
  /** the line's ascent (above the baseline) in font units */
  ascent: number;
  capHeight: number;
  /** advance of a string in font units (kerning included) */
  advance(text: string): number;
  /** the highest and lowest ink of a string's glyphs, font units above the baseline (yMin negative below) */
  ink(text: string): { yMax: number; yMin: number };
}

type Table = { offset: number; length: number };

export function readFontMetrics(file: string): FontMetrics {
  const buf = readFileSync(file);
  const tables = new Map<string, Table>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), { offset: buf.readUInt32BE(rec + 8), length: buf.readUInt32BE(rec + 12) });
  }
  const need = (tag: string) => {
    const t = tables.get(tag);
    if (!t) throw new Error(`${file} has no ${tag} table`);
    return t;
  };
  const head = need('head').offset;
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const indexToLoc = buf.readInt16BE(head + 50);
  const hhea = need('hhea').offset;
  const hheaAscent = buf.readInt16BE(hhea + 4);
  const hheaDescent = buf.readInt16BE(hhea + 6);
  const numberOfHMetrics = buf.readUInt16BE(hhea + 34);
  const os2 = tables.get('OS/2');
  let ascent = hheaAscent;
  let descent = -hheaDescent;
  let capHeight = Math.round(unitsPerEm * 0.7);
  if (os2) {
    const winAscent = buf.readUInt16BE(os2.offset + 74);
    const winDescent = buf.readUInt16BE(os2.offset + 76);
    if (winAscent + winDescent > 0) {
      ascent = winAscent;
      descent = winDescent;
    }
    if (buf.readUInt16BE(os2.offset) >= 2 && os2.length >= 90) capHeight = buf.readInt16BE(os2.offset + 88) || capHeight;
  }
  const hmtx = need('hmtx').offset;
  const advanceOf = (g: number) => buf.readUInt16BE(hmtx + 4 * Math.min(g, numberOfHMetrics - 1));
  const glyphOf = readCmap(buf, need('cmap').offset);
  const kern = readKerning(buf, tables);
  // glyph bounding boxes (TrueType outlines); a CFF font falls back to its cap height and line
  const loca = tables.get('loca');
  const glyf = tables.get('glyf');
  const bounds = (g: number): { yMax: number; yMin: number } | undefined => {
    if (!loca || !glyf) return undefined;
    const at = indexToLoc === 0 ? buf.readUInt16BE(loca.offset + 2 * g) * 2 : buf.readUInt32BE(loca.offset + 4 * g);
    const next = indexToLoc === 0 ? buf.readUInt16BE(loca.offset + 2 * g + 2) * 2 : buf.readUInt32BE(loca.offset + 4 * g + 4);
    if (next <= at) return { yMax: 0, yMin: 0 }; // a space
    return { yMin: buf.readInt16BE(glyf.offset + at + 4), yMax: buf.readInt16BE(glyf.offset + at + 8) };
  };
  const glyphs = (text: string) => Array.from(text).map((ch) => glyphOf(ch.codePointAt(0)!));
  return {
    file,
    unitsPerEm,
    lineUnits: ascent + descent,
    ascent,
    capHeight,
    advance(text) {
      const gs = glyphs(text);
      let sum = 0;
      gs.forEach((g, i) => {
        sum += advanceOf(g);
        if (i > 0) sum += kern(gs[i - 1]!, g);
      });
      return sum;
    },
    ink(text) {
      let yMax = 0;
      let yMin = 0;
      for (const g of glyphs(text)) {
        const b = bounds(g) ?? { yMax: capHeight, yMin: -Math.round(descent * 0.6) };
        yMax = Math.max(yMax, b.yMax);
        yMin = Math.min(yMin, b.yMin);
      }
      return { yMax, yMin };
    },
  };
}

/** Code point → glyph id, from a format 12 (full Unicode) or format 4 (BMP) subtable. */
function readCmap(buf: Buffer, cmap: number): (cp: number) => number {
  const count = buf.readUInt16BE(cmap + 2);
  let f4: number | undefined;
  let f12: number | undefined;
  for (let i = 0; i < count; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const sub = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(sub);
    if (format === 12 && (platform === 3 || platform === 0)) f12 ??= sub;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) f4 ??= sub;
  }
  if (f12 !== undefined) {
    const sub = f12;
    const groups = buf.readUInt32BE(sub + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = sub + 16 + mid * 12;
        const start = buf.readUInt32BE(g);
        const end = buf.readUInt32BE(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return buf.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (f4 === undefined) return () => 0;
  const sub = f4;
  const segX2 = buf.readUInt16BE(sub + 6);
  const ends = sub + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let i = 0; i < segX2; i += 2) {
      if (buf.readUInt16BE(ends + i) < cp) continue;
      const start = buf.readUInt16BE(starts + i);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + i);
      const range = buf.readUInt16BE(ranges + i);
      if (range === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(ranges + i + range + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
}

/**
 * Pair kerning (glyph, next glyph) → font units: the GPOS `kern` feature's pair adjustments
 * (formats 1 and 2, through extension lookups), else the old `kern` table. What a shaper adds
 * beyond that (contextual forms) moves a caption by a pixel or two at most.
 */
function readKerning(buf: Buffer, tables: Map<string, Table>): (a: number, b: number) => number {
  const pairs = new Map<number, number>();
  const classed: Array<(a: number, b: number) => number | undefined> = [];
  const gpos = tables.get('GPOS');
  if (gpos) {
    try {
      readGposKerning(buf, gpos.offset, pairs, classed);
    } catch {
      // a malformed table: measure without kerning rather than refuse the font
    }
  }
  const kern = tables.get('kern');
  if (!pairs.size && !classed.length && kern) {
    const nTables = buf.readUInt16BE(kern.offset + 2);
    let at = kern.offset + 4;
    for (let t = 0; t < nTables; t++) {
      const length = buf.readUInt16BE(at + 2);
      const format = buf.readUInt16BE(at + 4) >> 8;
      if (format === 0) {
        const n = buf.readUInt16BE(at + 6);
        for (let i = 0; i < n; i++) {
          const p = at + 14 + i * 6;
          pairs.set(buf.readUInt16BE(p) * 65536 + buf.readUInt16BE(p + 2), buf.readInt16BE(p + 4));
        }
      }
      at += length;
    }
  }
  return (a, b) => {
    const direct = pairs.get(a * 65536 + b);
    if (direct !== undefined) return direct;
    for (const c of classed) {
      const v = c(a, b);
      if (v !== undefined) return v;
    }
    return 0;
  };
}

function readGposKerning(buf: Buffer, gpos: number, pairs: Map<number, number>, classed: Array<(a: number, b: number) => number | undefined>): void {
  const featureList = gpos + buf.readUInt16BE(gpos + 6);
  const lookupList = gpos + buf.readUInt16BE(gpos + 8);
  const lookups = new Set<number>();
  const nFeatures = buf.readUInt16BE(featureList);
  for (let i = 0; i < nFeatures; i++) {
    const rec = featureList + 2 + i * 6;
    if (buf.toString('latin1', rec, rec + 4) !== 'kern') continue;
    const feature = featureList + buf.readUInt16BE(rec + 4);
    const n = buf.readUInt16BE(feature + 2);
    for (let k = 0; k < n; k++) lookups.add(buf.readUInt16BE(feature + 4 + 2 * k));
  }
  for (const index of [...lookups].sort((a, b) => a - b)) {
    const lookup = lookupList + buf.readUInt16BE(lookupList + 2 + 2 * index);
    const lookupType = buf.readUInt16BE(lookup);
    const nSub = buf.readUInt16BE(lookup + 4);
    for (let s = 0; s < nSub; s++) {
      let sub = lookup + buf.readUInt16BE(lookup + 6 + 2 * s);
      let type = lookupType;
      if (type === 9) {
        type = buf.readUInt16BE(sub + 2);
        sub += buf.readUInt32BE(sub + 4);
      }
      if (type === 2) readPairPos(buf, sub, pairs, classed);
    }
  }
}

/** x advance adjustment of the first glyph of a pair: the only value horizontal kerning uses. */
function xAdvance(buf: Buffer, at: number, format: number): number {
  let off = at;
  for (const bit of [1, 2, 4, 8]) {
    if (!(format & bit)) continue;
    if (bit === 4) return buf.readInt16BE(off);
    off += 2;
  }
  return 0;
}

const valueSize = (format: number) => 2 * [1, 2, 4, 8, 16, 32, 64, 128].filter((b) => format & b).length;

function readPairPos(buf: Buffer, sub: number, pairs: Map<number, number>, classed: Array<(a: number, b: number) => number | undefined>): void {
  const format = buf.readUInt16BE(sub);
  const coverage = readCoverage(buf, sub + buf.readUInt16BE(sub + 2));
  const vf1 = buf.readUInt16BE(sub + 4);
  const vf2 = buf.readUInt16BE(sub + 6);
  const recordSize = valueSize(vf1) + valueSize(vf2);
  if (format === 1) {
    const nSets = buf.readUInt16BE(sub + 8);
    for (const [glyph, ci] of coverage) {
      if (ci >= nSets) continue;
      const set = sub + buf.readUInt16BE(sub + 10 + 2 * ci);
      const n = buf.readUInt16BE(set);
      for (let k = 0; k < n; k++) {
        const rec = set + 2 + k * (2 + recordSize);
        const key = glyph * 65536 + buf.readUInt16BE(rec);
        const v = xAdvance(buf, rec + 2, vf1);
        if (v && !pairs.has(key)) pairs.set(key, v);
      }
    }
  } else if (format === 2) {
    const class1 = readClassDef(buf, sub + buf.readUInt16BE(sub + 8));
    const class2 = readClassDef(buf, sub + buf.readUInt16BE(sub + 10));
    const n2 = buf.readUInt16BE(sub + 14);
    const records = sub + 16;
    classed.push((a, b) => {
      if (!coverage.has(a)) return undefined;
      const c1 = class1.get(a) ?? 0;
      const c2 = class2.get(b) ?? 0;
      return xAdvance(buf, records + (c1 * n2 + c2) * recordSize, vf1);
    });
  }
}

function readCoverage(buf: Buffer, at: number): Map<number, number> {
  const out = new Map<number, number>();
  const format = buf.readUInt16BE(at);
  const n = buf.readUInt16BE(at + 2);
  if (format === 1) for (let i = 0; i < n; i++) out.set(buf.readUInt16BE(at + 4 + 2 * i), i);
  else {
    for (let i = 0; i < n; i++) {
      const r = at + 4 + 6 * i;
      const start = buf.readUInt16BE(r);
      const end = buf.readUInt16BE(r + 2);
      const first = buf.readUInt16BE(r + 4);
      for (let g = start; g <= end; g++) out.set(g, first + g - start);
    }
  }
  return out;
}

function readClassDef(buf: Buffer, at: number): Map<number, number> {
  const out = new Map<number, number>();
  const format = buf.readUInt16BE(at);
  if (format === 1) {
    const start = buf.readUInt16BE(at + 2);
    const n = buf.readUInt16BE(at + 4);
    for (let i = 0; i < n; i++) out.set(start + i, buf.readUInt16BE(at + 6 + 2 * i));
  } else if (format === 2) {
    const n = buf.readUInt16BE(at + 2);
    for (let i = 0; i < n; i++) {
      const r = at + 4 + 6 * i;
      for (let g = buf.readUInt16BE(r); g <= buf.readUInt16BE(r + 2); g++) out.set(g, buf.readUInt16BE(r + 4));
    }
  }
  return out;
}
