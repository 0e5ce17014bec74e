import type { CaptionStyle, WordTiming } from '../../preload/contract/project';
import { assText } from '../render/escape';
import { anchorRow, captionPlacement, lineWidthPx } from './caption-placement';
import { boxWordColor, legibleCaption } from './contrast';

/** One caption on screen, in output seconds. Words (when known) are absolute output times too. */
export interface CaptionEvent {
  start: number;
  end: number;
  text: string;
  words?: WordTiming[];
  /** indices of the words that begin a new line (paged captions); `text` carries the same breaks as \n */
  lineBreaks?: number[];
  /** this page's own caption style (a scene with a look of its own); absent = the file's style */
  style?: CaptionStyle;
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
const across = { left: -1, center: 0, right: 1 } as const;

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
    alignment[style.position] + across[style.align ?? 'center'],
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
 * is also the line pitch — plus the border: drawn so, the box reaches into the line above and
 * covers its descenders and outline. It is therefore clipped to the ink of the word's own line,
 * read from the font's glyph outlines (capitals and ascenders above the baseline, descenders
 * below), with air around it, and never above the lowest ink of the line above (its descenders,
 * outline and shadow). The page is anchored at a known point (\pos) and libass stacks its lines one
 * font size apart, so the baselines are known here.
 */
export function highlightBand(style: CaptionStyle, event: CaptionEvent, line: number, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } {
  const place = captionPlacement(style, width, height);
  const { metrics: m } = place;
  const lines = pageLines(event, style);
  const size = place.fontPx * pageScale(event, style, width, height);
  const unit = size / m.lineUnits;
  const row = anchorRow(place.align);
  const top = row === 'bottom' ? place.y - lines.length * size : row === 'middle' ? place.y - (lines.length * size) / 2 : place.y;
  const baseline = (k: number) => top + k * size + m.ascent * unit;
  const ink = m.ink(lines[line] ?? '');
  const air = 0.1 * size;
  let y0 = baseline(line) - Math.max(ink.yMax, m.capHeight) * unit - air;
  if (line > 0) {
    const above = m.ink(lines[line - 1]!);
    const reach = style.box ? 0 : (style.outline + SHADOW) * size;
    y0 = Math.max(y0, baseline(line - 1) - above.yMin * unit + reach + 1);
  }
  const y1 = baseline(line) - Math.min(ink.yMin, 0) * unit + air;
  return { x0: 0, y0: Math.round(y0), x1: width, y1: Math.round(y1) };
}

/** The page's lines as drawn (cased), one string each. */
function pageLines(event: CaptionEvent, style: CaptionStyle): string[] {
  const cased = (t: string) => (style.uppercase ? t.toLocaleUpperCase() : t);
  if (!event.words?.length) return event.text.split('\n').map(cased);
  const breaks = [0, ...(event.lineBreaks ?? []), event.words.length];
  return breaks.slice(0, -1).map((b, k) => cased(event.words!.slice(b, breaks[k + 1]).map((w) => w.text).join(' ')));
}

/**
 * The page's scale: 1, or less when its widest line (a single word too long for any line) would
 * run past the caption's place; libass then draws the whole page that much smaller.
 */
function pageScale(event: CaptionEvent, style: CaptionStyle, width: number, height: number): number {
  const place = captionPlacement(style, width, height);
  const widest = Math.max(...pageLines(event, style).map((l) => lineWidthPx({ ...style, uppercase: false }, place.metrics, place.fontPx, l)));
  return widest > place.maxWidth ? Math.floor((place.maxWidth / widest) * 100) / 100 : 1;
}

/** The override that puts a page at its place (alignment and anchor) and scale. */
function placeTags(event: CaptionEvent, style: CaptionStyle, width: number, height: number): string {
  const place = captionPlacement(style, width, height);
  const scale = pageScale(event, style, width, height);
  return `{\\an${place.align}\\pos(${place.x},${place.y})${scale < 1 ? `\\fscx${Math.round(scale * 100)}\\fscy${Math.round(scale * 100)}` : ''}}`;
}

const SHADOW = 0.04;
const POP_SECONDS = 0.14;

/** ASS tags that make a word grow from (1 − pop) of its size to full size (the page's scale). */
function popTags(style: CaptionStyle, scale = 1): string {
  if (style.wordPop <= 0) return '';
  const full = Math.round(scale * 100);
  const from = Math.round((1 - style.wordPop) * full);
  return `\\fscx${from}\\fscy${from}\\t(0,${Math.round(POP_SECONDS * 1000)},0.5,\\fscx${full}\\fscy${full})`;
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
export function dialogueLines(event: CaptionEvent, style: CaptionStyle, width: number, height: number, suffix = ''): string[] {
  const place = placeTags(event, style, width, height);
  const scale = pageScale(event, style, width, height);
  const full = Math.round(scale * 100);
  const line = (layer: number, start: number, end: number, styleName: string, text: string) =>
    `Dialogue: ${layer},${assTime(start)},${assTime(end)},${styleName}${suffix},,0,0,0,,${place}${text}`;
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
  const reset = `{\\r${full < 100 ? `\\fscx${full}\\fscy${full}` : ''}}`;
  const back = `\\fscx${full}\\fscy${full}`;
  for (const s of slices) {
    out.push(line(textLayer, s.start, s.end, pageStyle, wordsWith(event, style, (i, t) => (i === s.i ? `${hidden}${t}${reset}` : t))));
    if (boxed) {
      const px = style.size * height * scale;
      const onLine = (event.lineBreaks ?? []).filter((b) => b <= s.i).length;
      const band = highlightBand(style, event, onLine, width, height);
      const frame = `\\xbord${fmt(0.14 * px)}\\ybord${fmt(0.1 * px)}\\clip(${band.x0},${band.y0},${band.x1},${band.y1})`;
      // only the active word's box (\3a) shows; the glyphs of this layer stay invisible
      const text = wordsWith(event, style, (i, t) => (i === s.i ? `{\\3a&H00&${popTags(style, scale)}}${t}{\\3a&HFF&${back}}` : t));
      out.push(line(2, s.start, s.end, 'HighlightBox', `{\\alpha&HFF&${frame}}${text}`));
    }
    const word = wordsWith(event, style, (i, t) => (i === s.i ? `{\\alpha&H00&${popTags(style, scale)}}${t}{\\alpha&HFF&${back}}` : t));
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

/**
 * The ASS file of a set of pages. Pages may carry their own caption style (a scene with a look of
 * its own, or a designed scene that shows its sentence as its caption, centred on the stage): each
 * distinct style gets its own set of ASS styles (`Caption`, `Caption2`…), so one file, drawn by one
 * `subtitles` filter, holds every scene's captions exactly as each scene's style says.
 */
export function buildAss(events: CaptionEvent[], fileStyle: CaptionStyle, width: number, height: number): string {
  // every style as it reads on any picture (contrast.ts): what is written is what is drawn
  const style = legibleCaption(fileStyle);
  const styles: CaptionStyle[] = [];
  const keys: string[] = [];
  const suffixOf = (s: CaptionStyle) => {
    const key = JSON.stringify(s);
    let k = keys.indexOf(key);
    if (k < 0) {
      keys.push(key);
      styles.push(s);
      k = keys.length - 1;
    }
    return k === 0 ? '' : String(k + 1);
  };
  suffixOf(style);
  const dialogue = events
    .filter((e) => e.end > e.start && e.text.trim())
    .flatMap((e) => {
      const own = e.style ? legibleCaption(e.style) : style;
      return dialogueLines(e, own, width, height, suffixOf(own));
    });
  const lines = [
    '[Script Info]',
    '; written by Reelforge',
    'ScriptType: v4.00+',
    `PlayResX: ${width}`,
    `PlayResY: ${height}`,
    // the pages are broken into lines by the writer (measured widths); libass must not re-wrap them
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    'YCbCr Matrix: TV.709',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    ...styles.flatMap((s, k) => {
      const suffix = k === 0 ? '' : String(k + 1);
      return [assStyleLine('Caption', s, width, height), ...layerStyles(s, width, height)].map((l) => l.replace(/^Style: ([^,]+),/, `Style: $1${suffix},`));
    }),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...dialogue,
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
