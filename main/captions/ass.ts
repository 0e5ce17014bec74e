import type { CaptionStyle, WordTiming } from '../../preload/contract/project';
import { assText } from '../render/escape';

/** One caption on screen, in output seconds. Words (when known) are absolute output times too. */
export interface CaptionEvent {
  start: number;
  end: number;
  text: string;
  words?: WordTiming[];
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

/** The dialogue text, with `\k` karaoke timing when the words of the caption are known. */
export function dialogueText(event: CaptionEvent, style: CaptionStyle): string {
  const cased = (s: string) => (style.uppercase ? s.toLocaleUpperCase() : s);
  if (!event.words?.length) return assText(cased(event.text));
  // With karaoke tags libass paints words already spoken in the primary colour and the rest in the
  // secondary one, so switching the primary to the highlight colour marks the words as they come.
  let out = `{\\1c${assOverrideColor(style.highlightColor)}}`;
  let cursor = event.start;
  for (const [i, w] of event.words.entries()) {
    const next = event.words[i + 1];
    const lead = Math.round((w.start - cursor) * 100);
    if (lead > 0) out += `{\\k${lead}}`;
    const until = next ? next.start : Math.max(w.end, event.end);
    const dur = Math.max(1, Math.round((until - Math.max(w.start, cursor)) * 100));
    out += `{\\k${dur}}${assText(cased(w.text))}${next ? ' ' : ''}`;
    cursor = Math.max(w.start, cursor) + dur / 100;
  }
  return out;
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
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events
      .filter((e) => e.end > e.start && e.text.trim())
      .map((e) => `Dialogue: 0,${assTime(e.start)},${assTime(e.end)},Caption,,0,0,0,,${dialogueText(e, style)}`),
  ];
  return lines.join('\n') + '\n';
}
