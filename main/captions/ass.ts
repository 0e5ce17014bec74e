import type { CaptionStyle, WordTiming } from '../../preload/contract/project';
import { assText } from '../render/escape';
import { boxWordColor } from './contrast';

/** One caption on screen, in output seconds. Words (when known) are absolute output times too. */
export interface CaptionEvent {
  start: number;
  end: number;
  text: string;
  words?: WordTiming[];
  /** indices of the words that begin a new line (paged captions); `text` carries the same breaks as \n */
  lineBreaks?: number[];
}

/** `#RRGGBB[AA]` → ASS `&HAABBGGRR` (ASS alpha counts transparency: 00 is opaque). */
export function assColor(hex: string): string {
  const h = hex.replace('#', '');
  const [r, g, b] = [h.slice(0, 2), h.slice(2, 4), h.slice(4, 6)];
  const alpha = h.length === 8 ? 255 - Number.parseInt(h.slice(6, 8), 16) : 0;
  return `&H${alpha.toString(16).padStart(2, '0')}${b}${g}${r}`.toUpperCase();
}

/** `#RRGGBB` → `&HBBGGRR&`, the form override tags such as `\1c` take (no alpha). */
export function assOverrideColor(hex: string): string {
  const h = hex.replace('#', '');
  return `&H${h.slice(4, 6)}${h.slice(2, 4)}${h.slice(0, 2)}&`.toUpperCase();
}

export function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
}

const alignment = { bottom: 2, center: 5, top: 8 } as const;

export function assStyleLine(name: string, style: CaptionStyle, width: number, height: number): string {
  const size = Math.round(style.size * height);
  const outline = Math.max(0, Math.round(style.outline * size * 10) / 10);
  const boxed = style.box;
  const fields = [
    name,
    style.font,
    size,
    assColor(style.color),
    assColor(style.color),
    assColor(boxed ? style.boxColor : style.outlineColor),
    assColor(boxed ? style.boxColor : '#00000080'),
    style.bold ? -1 : 0,
    0, 0, 0, 100, 100, 0, 0,
    boxed ? 3 : 1,
    boxed ? Math.round(size * 0.25) : outline,
    boxed ? 0 : Math.round(size * SHADOW),
    alignment[style.position],
    Math.round(width * 0.08),
    Math.round(width * 0.08),
    style.position === 'center' ? 0 : Math.round(style.margin * height),
    1,
  ];
  return `Style: ${fields.join(',')}`;
}

/** The words of a caption with the active one (if any) in the highlight colour. */
export function wordsText(event: CaptionEvent, style: CaptionStyle, active: number | undefined): string {
  return wordsWith(event, style, (i, text) => {
    if (i === active) return `{\\1c${assOverrideColor(style.highlightColor)}}${text}{\\1c${assOverrideColor(style.color)}}`;
    return text;
  });
}

/** The page's words, joined by spaces and the page's line breaks, each passed through `mark`. */
function wordsWith(event: CaptionEvent, style: CaptionStyle, mark: (i: number, text: string) => string): string {
  const cased = (s: string) => (style.uppercase ? s.toLocaleUpperCase() : s);
  const breaks = new Set(event.lineBreaks ?? []);
  return (event.words ?? [])
    .map((w, i) => `${i === 0 ? '' : breaks.has(i) ? '\\N' : ' '}${mark(i, assText(cased(w.text)))}`)
    .join('');
}

/** The dialogue text of a caption without word-by-word highlight. */
export function dialogueText(event: CaptionEvent, style: CaptionStyle): string {
  if (event.words?.length) return wordsText(event, style, undefined);
  return assText(style.uppercase ? event.text.toLocaleUpperCase() : event.text);
}

/**
 * The band of the frame (PlayRes pixels) the box behind a word on line `line` of `lines` may fill.
 * libass draws an opaque box from the font's ascent to its descent — together one font size, which
 * is also the line pitch (≈ 0.8 above the baseline, 0.2 below) — plus the border: drawn so, the
 * box reaches into the line above and covers its descenders and outline. It is therefore clipped to
 * the word's own ink: ascenders and capitals reach ≈ 0.52 of the font size above the baseline,
 * descenders ≈ 0.15 below (none in capitals), with a little air around them, and never above the
 * lowest pixel of the line above (its descenders, outline and shadow). libass stacks lines one font
 * size apart from the style's alignment and margin, so the band can be computed here (a line that
 * libass wraps by itself, being wider than the frame, would shift it).
 */
export function highlightBand(style: CaptionStyle, line: number, lines: number, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  const size = Math.round(style.size * height);
  const ascent = 0.8 * size;
  const margin = Math.round(style.margin * height);
  const first =
    style.position === 'bottom' ? height - margin - (size - ascent) - (lines - 1) * size
    : style.position === 'top' ? margin + ascent
    : height / 2 - (lines * size) / 2 + ascent;
  const baseline = first + line * size;
  const lineAbove = line > 0 ? 0.85 - (style.box ? 0 : style.outline + SHADOW) - 0.03 : 1;
  return { x0: 0, y0: Math.round(baseline - Math.min(0.64, lineAbove) * size), x1: width, y1: Math.round(baseline + (style.uppercase ? 0.1 : 0.24) * size) };
}

const SHADOW = 0.04;
const POP_SECONDS = 0.14;

/** ASS tags that make a word grow from (1 − pop) of its size to full size. */
function popTags(style: CaptionStyle): string {
  if (style.wordPop <= 0) return '';
  const from = Math.round((1 - style.wordPop) * 100);
  return `\\fscx${from}\\fscy${from}\\t(0,${Math.round(POP_SECONDS * 1000)},0.5,\\fscx100\\fscy100)`;
}

/**
 * One caption event as ASS dialogue lines. With word timings and a highlight, the page is cut into
 * one slice per word (from its start to the next word's start), each marking that word: the
 * active-word look of short-form captions, exact to the centisecond that ASS can express.
 *
 * Layers: a caption box is drawn by libass as the border of the text, per run of equally styled
 * glyphs, so a tag inside a boxed page would split it into overlapping translucent boxes (dark
 * seams): a boxed page's box is therefore drawn alone on layer 0, untagged, and its text above it.
 * The text of the page is on layer 0 (unboxed) or 1 (boxed); the box behind the active word on 2;
 * the active word alone, in its colour and popping in, on 3 (the page then leaves it out). Every
 * layer carries all the words of the page (the others invisible), so libass lays each one out
 * exactly like the page. With a pop the word scales about its own centre: a centred line narrows
 * by what the word loses, so the word's centre stays put while the page keeps its full-size layout.
 */
export function dialogueLines(event: CaptionEvent, style: CaptionStyle, width: number, height: number): string[] {
  const line = (layer: number, start: number, end: number, styleName: string, text: string) =>
    `Dialogue: ${layer},${assTime(start)},${assTime(end)},${styleName},,0,0,0,,${text}`;
  const words = event.words ?? [];
  const boxedPage = style.box;
  const textLayer = boxedPage ? 1 : 0;
  const pageStyle = boxedPage ? 'CaptionText' : 'Caption';
  const out = boxedPage ? [line(0, event.start, event.end, 'Caption', `{\\1a&HFF&}${dialogueText(event, style)}`)] : [];
  const highlight = words.length ? style.highlight : 'none';
  if (highlight === 'none') return [...out, line(textLayer, event.start, event.end, pageStyle, dialogueText(event, style))];
  if (highlight === 'karaoke') return [...out, line(textLayer, event.start, event.end, boxedPage ? 'KaraokeText' : 'Karaoke', karaokeText(event, style))];
  const slices = words
    .map((w, i) => ({
      i,
      start: i === 0 ? event.start : Math.max(event.start, w.start),
      end: i + 1 < words.length ? Math.min(event.end, words[i + 1]!.start) : event.end,
    }))
    .filter((s) => Math.round(s.end * 100) > Math.round(s.start * 100));
  const boxed = highlight === 'box';
  if (!boxed && style.wordPop <= 0) return [...out, ...slices.map((s) => line(textLayer, s.start, s.end, pageStyle, wordsText(event, style, s.i)))];

  const hidden = '{\\alpha&HFF&}';
  for (const s of slices) {
    out.push(line(textLayer, s.start, s.end, pageStyle, wordsWith(event, style, (i, t) => (i === s.i ? `${hidden}${t}{\\r}` : t))));
    if (boxed) {
      const px = style.size * height;
      const onLine = (event.lineBreaks ?? []).filter((b) => b <= s.i).length;
      const band = highlightBand(style, onLine, (event.lineBreaks ?? []).length + 1, width, height);
      const frame = `\\xbord${fmt(0.14 * px)}\\ybord${fmt(0.1 * px)}\\clip(${band.x0},${band.y0},${band.x1},${band.y1})`;
      // only the active word's box (\3a) shows; the glyphs of this layer stay invisible
      const text = wordsWith(event, style, (i, t) => (i === s.i ? `{\\3a&H00&${popTags(style)}}${t}{\\3a&HFF&\\fscx100\\fscy100}` : t));
      out.push(line(2, s.start, s.end, 'HighlightBox', `{\\alpha&HFF&${frame}}${text}`));
    }
    const word = wordsWith(event, style, (i, t) => (i === s.i ? `{\\alpha&H00&${popTags(style)}}${t}{\\alpha&HFF&\\fscx100\\fscy100}` : t));
    out.push(line(3, s.start, s.end, 'HighlightWord', `${hidden}${word}`));
  }
  return out;
}

const fmt = (v: number) => String(Math.round(v * 10) / 10);

/**
 * Karaoke fill: one line per page; each word fills with the highlight colour from left to right
 * over the time it is spoken (\kf), and stays filled. Silences before a word are unfilled waits (\k).
 */
function karaokeText(event: CaptionEvent, style: CaptionStyle): string {
  const words = event.words ?? [];
  let clock = event.start;
  const cs = (seconds: number) => Math.max(0, Math.round(seconds * 100));
  return wordsWith(event, style, (i, text) => {
    const w = words[i]!;
    const wait = cs(w.start - clock);
    const end = Math.max(w.end, w.start);
    clock = Math.max(clock, end);
    return `${wait > 0 ? `{\\k${wait}}` : ''}{\\kf${Math.max(1, cs(end - w.start))}}${text}`;
  });
}

export function buildAss(events: CaptionEvent[], style: CaptionStyle, width: number, height: number): string {
  const lines = [
    '[Script Info]',
    '; written by Reelforge',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: TV.709',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    assStyleLine('Caption', style, width, height),
    ...layerStyles(style, width, height),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events.filter((e) => e.end > e.start && e.text.trim()).flatMap((e) => dialogueLines(e, style, width, height)),
  ];
  return lines.join('\n') + '\n';
}

/** The styles the layers draw with (see dialogueLines). */
function layerStyles(style: CaptionStyle, width: number, height: number): string[] {
  // text drawn over a boxed page: the page's look without box, outline or shadow
  const bare = (name: string, s: CaptionStyle) => withoutShadow(assStyleLine(name, { ...s, box: false, outline: 0 }, width, height));
  const styles: string[] = [];
  if (style.box) styles.push(bare('CaptionText', style));
  if (style.highlight === 'karaoke') {
    // PrimaryColour is the filled (spoken) part, SecondaryColour the part still to come
    const filled = { ...style, color: style.highlightColor };
    const k = (style.box ? bare('KaraokeText', filled) : assStyleLine('Karaoke', filled, width, height)).split(',');
    k[4] = assColor(style.color);
    styles.push(k.join(','));
  }
  if (style.highlight === 'box') {
    // an opaque box in the highlight colour (its padding is set per line by \xbord and \ybord), and
    // the word on it in its own colour, bare
    styles.push(assStyleLine('HighlightBox', { ...style, box: true, boxColor: style.highlightColor }, width, height));
    styles.push(bare('HighlightWord', { ...style, color: boxWordColor(style) }));
  } else if (style.highlight === 'color' && style.wordPop > 0) {
    const lit = { ...style, color: style.highlightColor };
    styles.push(style.box ? bare('HighlightWord', lit) : assStyleLine('HighlightWord', lit, width, height));
  }
  return styles;
}

function withoutShadow(styleLine: string): string {
  const f = styleLine.split(',');
  f[17] = '0';
  return f.join(',');
}
