import type { CaptionStyle, WordTiming } from '../../preload/contract/project';
import { assText } from '../render/escape';

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
    boxed ? 0 : Math.round(size * 0.04),
    alignment[style.position],
    Math.round(width * 0.08),
    Math.round(width * 0.08),
    style.position === 'center' ? 0 : Math.round(style.margin * height),
    1,
  ];
  return `Style: ${fields.join(',')}`;
}

/**
 * The words of a caption with the active one marked: in the highlight colour, or (box layer) the
 * only visible word, so that the box drawn behind it sits exactly behind that word of the text on
 * the layer below.
 */
export function wordsText(event: CaptionEvent, style: CaptionStyle, active: number | undefined, boxLayer = false): string {
  const cased = (s: string) => (style.uppercase ? s.toLocaleUpperCase() : s);
  const breaks = new Set(event.lineBreaks ?? []);
  return (event.words ?? [])
    .map((w, i) => {
      const sep = i === 0 ? '' : breaks.has(i) ? '\\N' : ' ';
      const text = assText(cased(w.text));
      if (boxLayer) return i === active ? `${sep}{\\alpha&H00&}${text}{\\alpha&HFF&}` : `${sep}${text}`;
      if (i === active) return `${sep}{\\1c${assOverrideColor(style.highlightColor)}}${text}{\\1c${assOverrideColor(style.color)}}`;
      return `${sep}${text}`;
    })
    .join('');
}

/** The dialogue text of a caption without word-by-word highlight. */
export function dialogueText(event: CaptionEvent, style: CaptionStyle): string {
  if (event.words?.length) return wordsText(event, style, undefined);
  return assText(style.uppercase ? event.text.toLocaleUpperCase() : event.text);
}

/**
 * One caption event as ASS dialogue lines. With word timings and a highlight, the page is cut into
 * one slice per word (from its start to the next word's start), each marking that word: the
 * active-word look of short-form captions, exact to the centisecond that ASS can express.
 */
export function dialogueLines(event: CaptionEvent, style: CaptionStyle): string[] {
  const line = (layer: number, start: number, end: number, styleName: string, text: string) =>
    `Dialogue: ${layer},${assTime(start)},${assTime(end)},${styleName},,0,0,0,,${text}`;
  const words = event.words ?? [];
  if (!words.length || style.highlight === 'none') return [line(0, event.start, event.end, 'Caption', dialogueText(event, style))];
  const slices = words
    .map((w, i) => ({
      i,
      start: i === 0 ? event.start : Math.max(event.start, w.start),
      end: i + 1 < words.length ? Math.min(event.end, words[i + 1]!.start) : event.end,
    }))
    .filter((s) => Math.round(s.end * 100) > Math.round(s.start * 100));
  if (style.highlight === 'box') {
    return [
      line(0, event.start, event.end, 'Caption', dialogueText(event, style)),
      ...slices.map((s) => line(1, s.start, s.end, 'Highlight', `{\\alpha&HFF&}${wordsText(event, style, s.i, true)}`)),
    ];
  }
  return slices.map((s) => line(0, s.start, s.end, 'Caption', wordsText(event, style, s.i)));
}

/** The caption's own colour on the highlight box, unless that is the box's colour too (white on white). */
export function highlightWordColor(style: CaptionStyle): string {
  const sameAsBox = (c: string) => c.slice(0, 7).toUpperCase() === style.highlightColor.slice(0, 7).toUpperCase();
  const candidates = [style.color, style.box ? style.boxColor : undefined, style.outlineColor, '#000000'];
  return candidates.find((c): c is string => !!c && !sameAsBox(c))!.slice(0, 7);
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
    // the box behind the active word: the caption's font and size on an opaque highlight-coloured box
    // the word on it must not vanish into a box of its own colour
    ...(style.highlight === 'box' ? [assStyleLine('Highlight', { ...style, box: true, boxColor: style.highlightColor, color: highlightWordColor(style) }, width, height)] : []),
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events.filter((e) => e.end > e.start && e.text.trim()).flatMap((e) => dialogueLines(e, style)),
  ];
  return lines.join('\n') + '\n';
}
