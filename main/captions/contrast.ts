import type { CaptionStyle } from '../../preload/contract/project';

/**
 * Readability of the spoken word, by the WCAG 2 contrast ratio (1 … 21; 4.5 is the bar for body
 * text). A caption sits on any picture, so what the word is measured against is what the style
 * puts right behind it: its box, or its outline. A translucent box is judged over both a black and
 * a white picture, and the worse of the two counts.
 */
type Rgba = [number, number, number, number];

export function parseHex(hex: string): Rgba {
  const h = hex.replace('#', '');
  const c = (i: number) => Number.parseInt(h.slice(i, i + 2), 16);
  return [c(0), c(2), c(4), h.length === 8 ? c(6) / 255 : 1];
}

function luminance([r, g, b]: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function over([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba {
  return [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a), 1];
}

export function contrastRatio(a: Rgba | string, b: Rgba | string): number {
  const la = luminance(typeof a === 'string' ? parseHex(a) : a);
  const lb = luminance(typeof b === 'string' ? parseHex(b) : b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const BLACK: Rgba = [0, 0, 0, 1];
const WHITE: Rgba = [255, 255, 255, 1];

/** The contrast of `text` on a possibly translucent `backdrop`, over the worse of a black or white picture. */
export function worstContrast(text: string, backdrop: string): number {
  const b = parseHex(backdrop);
  return Math.min(...[BLACK, WHITE].map((pic) => contrastRatio(over(parseHex(text), over(b, pic)), over(b, pic))));
}

/** Black or white, whichever reads better on `backdrop`. */
export function bestTextOn(backdrop: string): string {
  return worstContrast('#000000', backdrop) >= worstContrast('#FFFFFF', backdrop) ? '#000000' : '#FFFFFF';
}

/** The colour the spoken word is drawn in on its highlight box. */
export function boxWordColor(style: CaptionStyle): string {
  return style.highlightTextColor === 'auto' ? bestTextOn(style.highlightColor) : style.highlightTextColor;
}

export interface WordReadability {
  /** what the spoken word is drawn in, and what is right behind it */
  text: string;
  backdrop: string;
  ratio: number;
}

/**
 * The spoken word's contrast under this style: on its box (box highlight), else its colour
 * (highlight colour, karaoke fill, or the text colour when nothing is highlighted) against the
 * caption box when there is one, else against its outline. Undefined when nothing stands behind
 * the word (no box, no outline): nothing can be promised on an arbitrary picture.
 */
export function spokenWordReadability(style: CaptionStyle): WordReadability | undefined {
  if (style.highlight === 'box') {
    const text = boxWordColor(style);
    return { text, backdrop: style.highlightColor, ratio: worstContrast(text, style.highlightColor) };
  }
  const text = style.highlight === 'none' ? style.color : style.highlightColor;
  const backdrop = style.box ? style.boxColor : style.outline > 0 ? style.outlineColor : undefined;
  if (!backdrop) return undefined;
  return { text, backdrop, ratio: worstContrast(text, backdrop) };
}

/**
 * `color` moved towards white or black (whichever reads better on `backdrop`) just far enough for
 * a contrast ratio of `ratio`, keeping its hue as long as it can; unchanged when it already reads.
 */
export function readableOn(color: string, backdrop: string, ratio = 4.5): string {
  if (worstContrast(color, backdrop) >= ratio) return color;
  const [r, g, b] = parseHex(color);
  const target = worstContrast('#FFFFFF', backdrop) >= worstContrast('#000000', backdrop) ? 255 : 0;
  const hex = (k: number) =>
    `#${[r, g, b].map((v) => Math.round(v + (target - v) * k).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  for (let k = 0.05; k < 1; k += 0.05) if (worstContrast(hex(k), backdrop) >= ratio) return hex(k);
  return target ? '#FFFFFF' : '#000000';
}

/**
 * A caption style whose words read on any picture, as drawn: the spoken word (its highlight
 * colour, karaoke fill, or the word on its box) and the other words keep a contrast ratio of at
 * least 4.5 against what is right behind them — the caption box, else the outline, which is made
 * at least thick enough to be there (a glyph without an edge is lost on a picture of its colour).
 * Colours are moved only as far as needed, so a template's look stays its own.
 */
export function legibleCaption(style: CaptionStyle): CaptionStyle {
  const out = { ...style };
  if (!out.box) out.outline = Math.max(out.outline, 0.08);
  const backdrop = out.box ? out.boxColor : out.outlineColor;
  out.color = readableOn(out.color, backdrop);
  if (out.highlight === 'box') {
    if (out.highlightTextColor !== 'auto' && worstContrast(out.highlightTextColor, out.highlightColor) < 4.5) out.highlightTextColor = 'auto';
  } else if (out.highlight !== 'none') {
    out.highlightColor = readableOn(out.highlightColor, backdrop);
  }
  return out;
}
