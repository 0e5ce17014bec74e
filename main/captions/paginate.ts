import type { CaptionStyle, WordTiming } from '../../preload/contract/project';
import { captionPlacement, lineWidthPx } from './caption-placement';
import { legibleCaption } from './contrast';

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
  /** false: maxCharsPerLine is only an estimate, the width decides */
  charCap?: boolean;
  /** a line's width (pixels) and the most it may be; absent = characters alone */
  lineWidth?: (text: string) => number;
  maxLineWidth?: number;
}

/**
 * The style's limits in this frame: lines as wide as the caption's place allows (caption-placement:
 * the caption band, or the stage for a centred caption), measured from the font's real glyph
 * advances at the style's size; as many lines as the format takes. `maxCharsPerLine` is the style's
 * own cap when it sets one, else an estimate for display (the width decides).
 */
export function pageLimits(given: CaptionStyle, width: number, height: number): PageLimits {
  // measured as drawn: the writer may thicken a too-thin outline (legibleCaption), which widens every line
  const style = legibleCaption(given);
  const place = captionPlacement(style, width, height);
  const widths = new Map<string, number>();
  const lineWidth = (text: string) => {
    let w = widths.get(text);
    if (w === undefined) widths.set(text, (w = lineWidthPx(style, place.metrics, place.fontPx, text)));
    return w;
  };
  const typical = lineWidth('the quick brown fox jumps over a lazy dog') / 41;
  return {
    maxCharsPerLine: style.maxCharsPerLine ?? Math.max(4, Math.floor(place.maxWidth / typical)),
    charCap: style.maxCharsPerLine !== undefined,
    maxLines: place.maxLines,
    minPageDuration: style.minPageDuration,
    maxPageDuration: Math.max(style.maxPageDuration, style.minPageDuration),
    lineWidth,
    maxLineWidth: place.maxWidth,
  };
}

const len = (s: string) => Array.from(s).length;
const joined = (line: WordTiming[]) => line.map((w) => w.text).join(' ');
const endsSentence = (w: WordTiming) => /[.!?…。！？؟]["'”’)]*$/u.test(w.text);
const endsClause = (w: WordTiming) => /[,;:،、，—–]["'”’)]*$/u.test(w.text);

// Words a phrase starts with (a line or page may break before them) and words that lean on the
// next one (a break right after them leaves "the | coffee" apart). English; other languages page
// by punctuation and length alone.
const opens = new Set('and but or nor so yet because although though while when whenever where which who whom whose that than if unless until since after before as with without for from to into onto in on at by about over under through during between against like'.split(' '));
const leans = new Set('a an the my your his her its our their this these those to of in on at by for with from into and or but as than very not no so is are was were be been has have had do does did will would can could should must just more most less each every some any all one two three few many much'.split(' '));
const subjects = new Set('i we you they he she it there who'.split(' '));
const bare = (w: WordTiming) => w.text.toLocaleLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/** What it costs to break between `prev` and `next` (a page or a line): 0 at a sentence end, more inside a phrase. */
function breakCost(prev: WordTiming, next: WordTiming | undefined): number {
  if (!next || endsSentence(prev)) return 0;
  if (endsClause(prev)) return 1;
  if (leans.has(bare(prev))) return 14;
  if (subjects.has(bare(prev))) return 10;
  if (opens.has(bare(next))) return 3;
  return 7;
}

/** The best way to lay a page's words into at most maxLines lines that fit; undefined when none does. */
function layPage(words: WordTiming[], limits: PageLimits): { lines: WordTiming[][]; cost: number } | undefined {
  const fits = (line: WordTiming[]) => line.length === 1 || lineFits(joined(line), limits);
  const widthOf = (line: WordTiming[]) => (limits.lineWidth ? limits.lineWidth(joined(line)) / (limits.maxLineWidth ?? 1) : len(joined(line)) / limits.maxCharsPerLine);
  if (fits(words)) return { lines: [words], cost: 0 };
  let best: { lines: WordTiming[][]; cost: number } | undefined;
  const consider = (cuts: number[]) => {
    const lines = [0, ...cuts].map((c, k) => words.slice(c, cuts[k] ?? words.length));
    if (!lines.every(fits)) return;
    const widths = lines.map(widthOf);
    let cost = cuts.reduce((n, c) => n + breakCost(words[c - 1]!, words[c]), 0);
    // balanced lines read as one block; a lone last word reads as an orphan
    cost += 6 * (Math.max(...widths) - Math.min(...widths));
    if (lines[lines.length - 1]!.length === 1) cost += 8;
    if (!best || cost < best.cost) best = { lines, cost };
  };
  const n = words.length;
  for (let a = 1; a < n && limits.maxLines >= 2; a++) {
    consider([a]);
    if (limits.maxLines >= 3) for (let b = a + 1; b < n; b++) consider([a, b]);
  }
  return best;
}

function lineFits(text: string, limits: PageLimits): boolean {
  if (limits.charCap !== false && len(text) > limits.maxCharsPerLine) return false;
  return !limits.lineWidth || limits.lineWidth(text) <= (limits.maxLineWidth ?? Number.POSITIVE_INFINITY);
}

/**
 * Splits timed words into pages by phrase: the split with the least cost over the whole text,
 * where a page must fit (its lines within the width, at most maxLines, up no longer than
 * maxPageDuration unless it is one word) and costs what its breaks cost — nothing at a sentence
 * end, little after a comma or before "and", "because", "with"…, much after "the", "of", "very"… —
 * plus a penalty for a page up less than minPageDuration (unless it is a whole sentence), for a
 * lone word, and for holding the end of one sentence and the start of the next. Lines inside a page
 * are chosen the same way and balanced. Each page stays up until the next one when the gap is short.
 */
export function paginate(words: WordTiming[], limits: PageLimits): CaptionPage[] {
  const n = words.length;
  if (!n) return [];
  const sentenceStart = (i: number) => i === 0 || endsSentence(words[i - 1]!);
  const best: Array<{ cost: number; from: number; lines: WordTiming[][] } | undefined> = [{ cost: 0, from: -1, lines: [] }];
  const maxWords = 40;
  for (let j = 1; j <= n; j++) {
    for (let i = j - 1; i >= Math.max(0, j - maxWords); i--) {
      const prev = best[i];
      if (!prev) continue;
      const ws = words.slice(i, j);
      const shown = (words[j]?.start ?? ws[ws.length - 1]!.end) - ws[0]!.start;
      if (ws.length > 1 && ws[ws.length - 1]!.end - ws[0]!.start > limits.maxPageDuration) break;
      const laid = layPage(ws, limits);
      if (!laid) break; // a longer page fits no better
      let cost = prev.cost + 2 + laid.cost + breakCost(ws[ws.length - 1]!, words[j]);
      const wholeSentence = sentenceStart(i) && (j === n || endsSentence(ws[ws.length - 1]!));
      if (shown < limits.minPageDuration && !wholeSentence) cost += 30 * (1 - shown / limits.minPageDuration) + 6;
      if (ws.length === 1 && n > 1) cost += 10;
      // two sentences on one page: fine when both are short, a little worse than a clean break
      for (let k = i; k < j - 1; k++) if (endsSentence(words[k]!)) cost += sentenceStart(i) ? 5 : 12;
      if (!best[j] || cost < best[j]!.cost) best[j] = { cost, from: i, lines: laid.lines };
    }
    // a word too long for any page stands alone
    if (!best[j]) best[j] = { cost: best[j - 1]!.cost + 50, from: j - 1, lines: [[words[j - 1]!]] };
  }
  const pages: CaptionPage[] = [];
  for (let j = n; j > 0; j = best[j]!.from) {
    const page = best[j]!;
    const ws = page.lines.flat();
    pages.unshift({ lines: page.lines, start: ws[0]!.start, end: ws[ws.length - 1]!.end });
  }
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
