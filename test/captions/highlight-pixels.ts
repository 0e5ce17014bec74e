import { legibleCaption, parseHex } from '../../main/captions/contrast';
import type { CaptionStyle } from '../../preload/contract/project';

/**
 * Where a frame shows a caption's spoken word, found by colour rather than by an assumed place:
 * the caption's position comes from the layout (and moves with it), its highlight colour from the
 * template. The colours are the ones the render draws (`legibleCaption` may darken or lighten them
 * for contrast), so the test follows the template's look and still fails when nothing is lit.
 */
export interface CaptionInk {
  /** pixels in the spoken word's colour */
  lit: number;
  /** pixels in the caption's text colour on the rows the lit word spans (the rest of its page) */
  rest: number;
  /** the rows the lit pixels span, or undefined when none */
  rows?: [number, number];
}

/** The colour the spoken word is drawn in, as rendered, for the highlight styles that colour it. */
export function spokenColour(style: CaptionStyle): string {
  const drawn = legibleCaption(style);
  // a box highlight paints the box in the highlight colour; colour, karaoke and pop colour the word
  return drawn.highlight === 'none' ? drawn.color : drawn.highlightColor;
}

const near = (rgb: Buffer, i: number, [r, g, b]: number[], tol: number) =>
  Math.abs(rgb[i]! - r!) <= tol && Math.abs(rgb[i + 1]! - g!) <= tol && Math.abs(rgb[i + 2]! - b!) <= tol;

/** Count the caption's lit and plain pixels in an RGB24 frame of `width`. */
export function captionInk(rgb: Buffer, width: number, style: CaptionStyle, tol = 40): CaptionInk {
  const drawn = legibleCaption(style);
  const lit = parseHex(spokenColour(style)).slice(0, 3);
  const plain = parseHex(drawn.color).slice(0, 3);
  const height = Math.floor(rgb.length / 3 / width);
  let count = 0;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!near(rgb, (y * width + x) * 3, lit, tol)) continue;
      count++;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (bottom < 0) return { lit: 0, rest: 0 };
  // the rest of the page: the lit word's rows, widened by a line either way (a two-line page; a
  // line's pitch is about twice the height of capitals)
  const line = 2 * (bottom - top + 1);
  let rest = 0;
  for (let y = Math.max(0, top - line); y <= Math.min(height - 1, bottom + line); y++) {
    for (let x = 0; x < width; x++) if (near(rgb, (y * width + x) * 3, plain, tol)) rest++;
  }
  return { lit: count, rest, rows: [top, bottom] };
}
