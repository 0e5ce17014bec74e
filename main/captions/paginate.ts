import type { Aspect, CaptionStyle, WordTiming } from '../../preload/contract/project';

/** A screenful of caption: up to maxLines lines of words, shown from start to end (seconds). */
export interface CaptionPage {
  start: number;
  end: number;
  lines: WordTiming[][];
}

export interface PageLimits {
  maxCharsPerLine: number;
  maxLines: number;
  minPageDuration: number;
  maxPageDuration: number;
}

/**
 * Horizontal safe margin per aspect: tall formats lose their edges to platform buttons and
 * rounded phone corners, wide ones to TV overscan-like cropping in embeds.
 */
export function safeMarginX(width: number, height: number): number {
  const aspect = width / height;
  return Math.round(width * (aspect < 0.7 ? 0.08 : aspect > 1.5 ? 0.1 : 0.07));
}

export function aspectOf(width: number, height: number): Aspect {
  const r = width / height;
  return r < 0.7 ? '9:16' : r > 1.5 ? '16:9' : r > 0.9 ? '1:1' : '4:5';
}

/** The style's limits, with characters per line derived from the width when the style leaves it open. */
export function pageLimits(style: CaptionStyle, width: number, height: number): PageLimits {
  const fontPx = style.size * height;
  // average advance of Inter-like fonts: ~0.55 em mixed case, wider in capitals and bold
  const em = (style.uppercase ? 0.66 : 0.55) * (style.bold ? 1.06 : 1);
  const auto = Math.max(8, Math.floor((width - 2 * safeMarginX(width, height)) / (fontPx * em)));
  return {
    maxCharsPerLine: style.maxCharsPerLine ?? auto,
    maxLines: style.maxLines,
    minPageDuration: style.minPageDuration,
    maxPageDuration: Math.max(style.maxPageDuration, style.minPageDuration),
  };
}

const len = (s: string) => Array.from(s).length;
const lineLength = (line: WordTiming[]) => line.reduce((n, w) => n + len(w.text), 0) + Math.max(0, line.length - 1);
const endsSentence = (w: WordTiming) => /[.!?…。！？؟]["'”’)]*$/u.test(w.text);
const endsClause = (w: WordTiming) => /[,;:،、，]["'”’)]*$/u.test(w.text);

/** Lays words into lines of at most `max` characters (a longer word stands alone). */
function layLines(words: WordTiming[], max: number): WordTiming[][] {
  const lines: WordTiming[][] = [];
  for (const w of words) {
    const line = lines[lines.length - 1];
    if (line && lineLength([...line, w]) <= max) line.push(w);
    else lines.push([w]);
  }
  return lines;
}

/**
 * Splits timed words into pages that respect the limits: lines within the character limit, no
 * more than maxLines, no page longer than maxPageDuration unless a single word is; pages break
 * preferably at sentence ends, then clause ends; no page or last line holds a lone word when a
 * neighbour can take it; every page stays up at least minPageDuration when the speech allows.
 */
export function paginate(words: WordTiming[], limits: PageLimits): CaptionPage[] {
  const groups: WordTiming[][] = [];
  let current: WordTiming[] = [];
  const fits = (ws: WordTiming[]) =>
    layLines(ws, limits.maxCharsPerLine).length <= limits.maxLines && (ws.length < 2 || ws[ws.length - 1]!.end - ws[0]!.start <= limits.maxPageDuration);
  for (const w of words) {
    const prev = current[current.length - 1];
    const shown = prev ? prev.end - current[0]!.start : 0;
    const full = lineLength(current) / (limits.maxCharsPerLine * limits.maxLines);
    // a natural break: the sentence ended (and the page has been up long enough), or a clause
    // ended on a page that is already mostly full
    const natural = prev && ((endsSentence(prev) && shown >= limits.minPageDuration * 0.75) || (endsClause(prev) && full > 0.6));
    if (current.length && (natural || !fits([...current, w]))) {
      // the last word of a sentence or clause should not open the next page alone: take the word
      // before it along, so the phrase ends together
      const carry = !natural && (endsSentence(w) || endsClause(w)) && current.length >= 3 ? [current.pop()!] : [];
      groups.push(current);
      current = carry;
    }
    current.push(w);
  }
  if (current.length) groups.push(current);
  fixOrphans(groups, fits);

  const pages = groups.map((g) => ({ lines: balance(layLines(g, limits.maxCharsPerLine), limits.maxCharsPerLine), start: g[0]!.start, end: g[g.length - 1]!.end }));
  // Timing: a page stays until the next one when the gap is short (no flicker between pages), and
  // for at least the minimum duration when the next page leaves room.
  pages.forEach((p, i) => {
    const next = pages[i + 1];
    const limit = next ? next.start : Number.POSITIVE_INFINITY;
    let end = next && next.start - p.end < 0.6 ? next.start : Math.min(p.end + 0.3, limit);
    end = Math.max(end, Math.min(p.start + limits.minPageDuration, limit));
    p.end = round(end);
    p.start = round(p.start);
  });
  return pages;
}

/** A page of one word next to a page that can take it (or give it a companion) is merged. */
function fixOrphans(groups: WordTiming[][], fits: (ws: WordTiming[]) => boolean): void {
  for (let i = 0; i < groups.length; i++) {
    if (groups[i]!.length !== 1 || groups.length === 1) continue;
    const prev = groups[i - 1];
    const next = groups[i + 1];
    if (prev && !endsSentence(prev[prev.length - 1]!) && fits([...prev, ...groups[i]!])) {
      prev.push(...groups[i]!);
      groups.splice(i--, 1);
    } else if (next && fits([...groups[i]!, ...next])) {
      next.unshift(...groups[i]!);
      groups.splice(i--, 1);
    } else if (prev && prev.length > 2) {
      groups[i]!.unshift(prev.pop()!);
    }
  }
}

/** The last line of a page never holds a lone word while the line above could give it one. */
function balance(lines: WordTiming[][], max: number): WordTiming[][] {
  for (let i = lines.length - 1; i > 0; i--) {
    const line = lines[i]!;
    const above = lines[i - 1]!;
    if (line.length === 1 && above.length > 2 && lineLength([above[above.length - 1]!, ...line]) <= max) line.unshift(above.pop()!);
  }
  return lines;
}

/** For a caption without word timing: words get time in proportion to their length. */
export function spreadWords(text: string, start: number, end: number): WordTiming[] {
  const words = text.split(/\s+/).filter(Boolean);
  const total = words.reduce((n, w) => n + len(w) + 1, 0);
  let t = start;
  return words.map((w) => {
    const d = ((end - start) * (len(w) + 1)) / total;
    const out = { text: w, start: round(t), end: round(t + d) };
    t += d;
    return out;
  });
}

const round = (t: number) => Math.round(t * 1000) / 1000;
