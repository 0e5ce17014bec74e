import type { Style } from '../../../preload/contract/project';
import { bestTextOn, contrastRatio } from '../../captions/contrast';

/** The colours a designed scene is drawn in, derived once from a style so every part agrees. */
export interface DesignPalette {
  /** the base gradient, top-left to bottom-right */
  base: [string, string];
  /** the moving shapes */
  shapes: string[];
  /** text on the base */
  text: string;
  /** the figure, the current step, the quote mark: the accent where it reads on the base (≥ 3:1, large type), else the text colour */
  accent: string;
  /** text on an accent-filled shape (a button) */
  onAccent: string;
}

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
const hex = (c: number[]) => `#${c.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
export const mix = (a: string, b: string, k: number) => hex(rgb(a).map((v, i) => v + (rgb(b)[i]! - v) * k));

export function designPalette(style: Style): DesignPalette {
  const { colors } = style;
  const bg = style.design.background;
  const base: [string, string] = (bg.base?.map((c) => c.slice(0, 7)) as [string, string] | undefined) ?? [colors.background.slice(0, 7), mix(colors.background.slice(0, 7), colors.accent.slice(0, 7), 0.28)];
  const shapes = (bg.shapes ?? [colors.accent, mix(colors.accent.slice(0, 7), colors.text.slice(0, 7), 0.5)]).map((c) => c.slice(0, 7));
  const mid = mix(base[0], base[1], 0.5);
  const own = colors.text.slice(0, 7);
  const readsOnBase = (c: string, need: number) => Math.min(contrastRatio(c, base[0]), contrastRatio(c, base[1]), contrastRatio(c, mid)) >= need;
  const text = readsOnBase(own, 4.5) ? own : bestTextOn(mid);
  const accent = readsOnBase(colors.accent.slice(0, 7), 3) ? colors.accent.slice(0, 7) : text;
  return { base, shapes, text, accent, onAccent: bestTextOn(colors.accent.slice(0, 7)) };
}
