import type { Style, Visual } from '../../../preload/contract/project';
import { frameLayout, toPixels } from '../../layout/safe-area';
import { fitText, type FontMetrics } from '../../design/text-measure';
import { bestTextOn } from '../../captions/contrast';
import { mix, type DesignPalette } from './palette';

type Designed = Extract<Visual, { type: 'designed' }>;

/**
 * One picture a designed scene draws over its background: an SVG of `cells` equal cells side by
 * side (a sprite: cell 0 empty, then the steps of a pop or a count-up), placed at x, y. Which cell
 * shows, and how the layer arrives and moves, are functions of the scene's own time.
 */
export interface Layer {
  /** the SVG body of one cell per entry (cell 0 first), each `w` × `h` */
  cells: string[];
  w: number;
  h: number;
  x: number;
  y: number;
  /** the cells advance from `at`, one every `step` seconds; before `at` cell 0 shows */
  at: number;
  step: number;
  /** single-cell layers: fade (and rise by `rise` px) in over `duration` from `at` */
  enter?: { kind: 'fade' | 'rise'; duration: number; rise: number };
  /** a slow float: amplitude (px) and period (s) */
  bob?: { amp: number; period: number };
  /** fade out over `duration` from `at` (the scene's outgoing transition; see designed-assets.ts) */
  exit?: { at: number; duration: number };
}

export interface LayerContext {
  width: number;
  height: number;
  fps: number;
  style: Style;
  palette: DesignPalette;
  metrics: FontMetrics;
  /** the SVG font-family of the style's font */
  family: string;
  /** the scene's narration starts this many seconds into the scene */
  narrationStart: number;
  /** the captions are on (off: a kinetic scene draws its key phrase itself) */
  captions: boolean;
  /** this scene continues a list of steps the previous scene showed (no new entrance) */
  continuesSteps: boolean;
  /** an emoji of the bundled set as SVG, drawn into the box x, y, size × size */
  icon: (name: string, x: number, y: number, size: number) => string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const even = (x: number) => Math.max(2, Math.ceil(x / 2) * 2);

/** Text lines as SVG, centred (or ranged left) in a box of width w starting at y (the first line's top). */
function textSvg(lines: string[], size: number, color: string, family: string, w: number, top: number, align: 'center' | 'left', m: FontMetrics, lineHeight = 1.15, opacity = 1, weight = 700): string {
  const anchor = align === 'center' ? 'middle' : 'start';
  const x = align === 'center' ? w / 2 : 0;
  // a line box of lineHeight × size with the cap height centred in it
  const baseline = (k: number) => top + k * size * lineHeight + (size * lineHeight) / 2 + (m.capHeight * size) / 2;
  return lines
    .map((l, k) => `<text x="${x.toFixed(1)}" y="${baseline(k).toFixed(1)}" font-family="${esc(family)}" font-weight="${weight}" font-size="${size}" fill="${color}" fill-opacity="${opacity}" text-anchor="${anchor}">${esc(l)}</text>`)
    .join('');
}

/** Scales of a pop (ease out with a small overshoot), one cell a frame. */
const POP = [0.8, 0.94, 1.03, 1];
/** A cell's content scaled about its centre. */
const scaled = (body: string, k: number, w: number, h: number) =>
  k === 1 ? body : `<g transform="translate(${((w * (1 - k)) / 2).toFixed(1)} ${((h * (1 - k)) / 2).toFixed(1)}) scale(${k})">${body}</g>`;

/** Cells for an arrival: a pop (scaled cells) when the style pops, else one cell that fades or rises in. */
function arriving(ctx: LayerContext, body: string, w: number, h: number, x: number, y: number, at: number, extra: Partial<Layer> = {}): Layer {
  const enter = ctx.style.design.enter;
  if (enter === 'pop') return { cells: ['', ...POP.map((k) => scaled(body, k, w, h))], w, h, x, y, at, step: 1 / ctx.fps, ...extra };
  return { cells: [body], w, h, x, y, at, step: 1, enter: { kind: enter, duration: 0.35, rise: enter === 'rise' ? Math.round(ctx.height * 0.025) : 0 }, ...extra };
}

/** The numbers a count-up shows, eased out so it slows into the final value. */
export function countSteps(value: number, decimals: number, steps: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= steps; k++) {
    const e = 1 - (1 - k / steps) ** 3;
    out.push(Number((value * e).toFixed(decimals)));
  }
  return out;
}

/**
 * The layers of a designed scene, laid out in the format's stage box (never the caption band), in
 * the style's type scale, alignment and colours.
 */
export function designedLayers(v: Designed, ctx: LayerContext): Layer[] {
  const { width: W, height: H, palette, metrics: m, family } = ctx;
  const design = ctx.style.design;
  const stage = toPixels(frameLayout(W, H).stage, W, H);
  const scale = design.typeScale;
  const align = design.align;
  const upper = (s: string) => (design.uppercase ? s.toUpperCase() : s);
  const short = Math.min(W, H);
  const at = (s: number) => Math.max(0, ctx.narrationStart + s);
  const layers: Layer[] = [];

  switch (v.kind) {
    case 'title': {
      const text = upper(v.text);
      if (!text) break;
      const fit = fitText(text, m, { w: stage.w, h: stage.h * 0.8 }, short * 0.16 * scale, short * 0.05, 4, 1.08);
      const blockH = fit.lines.length * fit.size * 1.08;
      const bar = { w: Math.round(stage.w * 0.18), h: Math.max(6, Math.round(fit.size * 0.12)) };
      const h = even(blockH + fit.size * 0.35 + bar.h);
      const barX = align === 'center' ? (stage.w - bar.w) / 2 : 0;
      const body = textSvg(fit.lines, fit.size, palette.text, family, stage.w, 0, align, m, 1.08) + `<rect x="${barX.toFixed(1)}" y="${(blockH + fit.size * 0.3).toFixed(1)}" width="${bar.w}" height="${bar.h}" rx="${bar.h / 2}" fill="${palette.accent}"/>`;
      layers.push(arriving(ctx, body, even(stage.w), h, stage.x, Math.round(stage.y + (stage.h - h) / 2), 0.1));
      break;
    }
    case 'cta': {
      const text = upper(v.text);
      if (!text) break;
      const fit = fitText(text, m, { w: stage.w * 0.8, h: stage.h * 0.5 }, short * 0.085 * scale, short * 0.04, 3, 1.12);
      const textW = Math.max(...fit.lines.map((l) => m.width(l, fit.size)));
      const pad = { x: fit.size * 0.8, y: fit.size * 0.55 };
      const w = even(textW + 2 * pad.x);
      const h = even(fit.lines.length * fit.size * 1.12 + 2 * pad.y);
      const body = `<rect x="0" y="0" width="${w}" height="${h}" rx="${Math.min(h / 2, fit.size)}" fill="${ctx.style.colors.accent.slice(0, 7)}"/>` + textSvg(fit.lines, fit.size, palette.onAccent, family, w, pad.y, 'center', m, 1.12);
      const x = align === 'center' ? Math.round(stage.x + (stage.w - w) / 2) : stage.x;
      layers.push(arriving(ctx, body, w, h, x, Math.round(stage.y + (stage.h - h) / 2), 0.1));
      break;
    }
    case 'stat': {
      const f = v.figure;
      if (!f) break;
      const label = upper(v.label ?? '');
      // the figure: as large as the stage allows, ≈ a quarter of the frame's width per digit group
      const groups = Math.max(1, (f.text.match(/\d+/g) ?? []).length);
      // a wide frame sets the figure taller and its label beside it, filling the width
      const wide = stage.w > stage.h * 1.6;
      const figBoxH = stage.h * (wide ? 0.75 : 0.55);
      const figW = Math.min(stage.w * (wide ? 0.62 : 1), W * 0.34 * (groups + (f.suffix.trim().length > 1 ? 2 : 0.6)));
      const fig = fitText(f.text, m, { w: figW, h: figBoxH }, stage.h * (wide ? 0.7 : 0.5) * scale, short * 0.08, 2, 1);
      const figH = fig.lines.length * fig.size;
      // the figure's cells only as wide as the figure (every cell of a sprite is held in memory)
      const figWide = even(Math.min(stage.w, Math.max(...fig.lines.map((l) => m.width(l, fig.size))) * 1.08 + 4));
      const beside = wide && label ? stage.w - figWide - short * 0.05 : 0;
      const side = beside >= stage.w * 0.25;
      const labelFit = label ? fitText(label, m, side ? { w: beside, h: figH } : { w: stage.w, h: stage.h * 0.25 }, short * (side ? 0.08 : 0.065) * scale, short * 0.035, side ? 3 : 2, 1.12) : undefined;
      const labelH = labelFit ? labelFit.lines.length * labelFit.size * 1.12 : 0;
      const gap = labelFit && !side ? fig.size * 0.12 : 0;
      const top = Math.round(stage.y + (stage.h - (side ? figH : figH + gap + labelH)) / 2);
      const w = even(side ? beside : stage.w);
      const blockW = side ? figWide + short * 0.05 + w : figWide;
      const figX = align === 'center' ? Math.round(stage.x + (stage.w - blockW) / 2) : stage.x;
      const figCell = (text: string) => textSvg(fitText(text, m, { w: figW, h: figBoxH }, fig.size, fig.size, 2, 1).lines, fig.size, palette.accent, family, figWide, 0, side ? 'left' : align, m, 1);
      const spokenAt = at(v.at);
      const hFig = even(figH);
      if (f.count && f.value !== undefined) {
        // counted up over ~0.6 s from when it is spoken, then held
        const values = countSteps(f.value, f.decimals, 10);
        const show = (n: number) => `${f.prefix}${n.toLocaleString('en-US', { minimumFractionDigits: f.decimals, maximumFractionDigits: f.decimals })}${f.suffix}`;
        layers.push({ cells: ['', ...values.map((n) => figCell(show(n)))], w: figWide, h: hFig, x: figX, y: top, at: spokenAt, step: 0.06 });
      } else layers.push(arriving({ ...ctx, style: { ...ctx.style, design: { ...design, enter: 'pop' } } }, figCell(f.text), figWide, hFig, figX, top, spokenAt));
      if (labelFit) {
        const h = even(labelH);
        const [lx, ly] = side ? [Math.round(figX + figWide + short * 0.05), Math.round(top + (figH - h) / 2)] : [stage.x, top + figH + gap];
        // with the figure: a label alone on the stage, before its figure is spoken, says nothing
        layers.push(arriving(ctx, textSvg(labelFit.lines, labelFit.size, palette.text, family, w, 0, side ? 'left' : align, m, 1.12), w, h, lx, ly, spokenAt));
      }
      break;
    }
    case 'illustrated': {
      if (!v.emoji) break;
      // a wide frame has room beside the picture: with the captions off, the words it illustrates
      // are set large on the left of it; with them on, those words are the caption's, and the
      // picture stands alone (as on a tall frame's stage): never the same words twice on screen
      const wide = stage.w > stage.h * 1.6;
      const size = even(wide ? stage.h * 0.8 : Math.min(stage.w, stage.h) * 0.72 * Math.min(1.2, scale));
      const pad = even(size * 0.12);
      const w = size + 2 * pad;
      const glow = `<defs><radialGradient id="g"><stop offset="0" stop-color="${palette.shapes[0]}" stop-opacity="0.45"/><stop offset="1" stop-color="${palette.shapes[0]}" stop-opacity="0"/></radialGradient></defs><circle cx="${w / 2}" cy="${w / 2}" r="${w / 2}" fill="url(#g)"/>`;
      let x = align === 'center' ? Math.round(stage.x + (stage.w - w) / 2) : stage.x;
      const y = Math.round(stage.y + (stage.h - w) / 2);
      if (wide && v.text && !ctx.captions) {
        x = Math.round(stage.x + stage.w - w);
        const textW = stage.w - w - short * 0.04;
        const fit = fitText(upper(v.text), m, { w: textW, h: stage.h * 0.8 }, short * 0.12 * scale, short * 0.05, 3, 1.1);
        const h = even(fit.lines.length * fit.size * 1.1);
        layers.push(arriving(ctx, textSvg(fit.lines, fit.size, palette.text, family, even(textW), 0, 'left', m, 1.1), even(textW), h, stage.x, Math.round(stage.y + (stage.h - h) / 2), 0.05));
      } else if (wide) x = Math.round(stage.x + (stage.w - w) / 2);
      const body = glow + ctx.icon(v.emoji.icon, pad, pad, size);
      layers.push(arriving({ ...ctx, style: { ...ctx.style, design: { ...design, enter: 'pop' } } }, body, w, w, x, y, 0.05, { bob: { amp: Math.round(H * 0.008), period: 3.6 } }));
      break;
    }
    case 'steps': {
      const st = v.steps;
      if (!st) break;
      const n = st.items.length;
      const rowH = Math.min(stage.h / n, short * 0.16 * scale);
      const size = Math.round(Math.min(rowH * 0.42, short * 0.06 * scale));
      const badge = Math.round(size * 1.6);
      const textW = stage.w - badge - size;
      const w = even(stage.w);
      let body = '';
      st.items.forEach((item, k) => {
        const current = k === st.current;
        const fit = fitText(upper(item), m, { w: textW, h: rowH * 0.9 }, size, size * 0.6, 2, 1.1);
        const y0 = k * rowH;
        const cy = y0 + rowH / 2;
        const opacity = current ? 1 : 0.4;
        if (current) body += `<rect x="0" y="${(y0 + rowH * 0.06).toFixed(1)}" width="${w}" height="${(rowH * 0.88).toFixed(1)}" rx="${(rowH * 0.2).toFixed(1)}" fill="${palette.accent}" fill-opacity="0.16"/>`;
        body += `<circle cx="${(size * 0.5 + badge / 2).toFixed(1)}" cy="${cy.toFixed(1)}" r="${badge / 2}" fill="${current ? palette.accent : mix(palette.base[0], palette.text, 0.35)}"/>`;
        const fill = current ? palette.accent : mix(palette.base[0], palette.text, 0.35);
        body += `<g transform="translate(${(size * 0.5).toFixed(1)} 0)">${textSvg([String(k + 1)], Math.round(badge * 0.55), bestTextOn(fill), family, badge, cy - (badge * 0.55 * 1.1) / 2, 'center', m, 1.1)}</g>`;
        const block = fit.lines.length * fit.size * 1.1;
        body += `<g transform="translate(${badge + size} 0)">${textSvg(fit.lines, fit.size, palette.text, family, textW, cy - block / 2, 'left', m, 1.1, opacity)}</g>`;
      });
      const h = even(rowH * n);
      const y = Math.round(stage.y + (stage.h - h) / 2);
      // the list arrives with its first step; later steps only move the highlight
      if (ctx.continuesSteps) layers.push({ cells: [body], w, h, x: stage.x, y, at: 0, step: 1 });
      else layers.push(arriving(ctx, body, w, h, stage.x, y, 0.05));
      break;
    }
    case 'quote': {
      // the captions are the quote, centred on the stage: the mark above them, the source below
      const markSize = Math.round(short * 0.42 * scale);
      const mw = even(markSize * 0.5);
      const mh = even(markSize * 0.42);
      const mark = `<text x="${mw / 2}" y="${Math.round(markSize * 0.74)}" font-family="${esc(family)}" font-weight="700" font-size="${markSize}" fill="${palette.accent}" text-anchor="middle">“</text>`;
      layers.push(arriving(ctx, mark, mw, mh, align === 'center' ? Math.round(stage.x + (stage.w - mw) / 2) : stage.x, stage.y, 0));
      if (v.label) {
        const fit = fitText(`— ${upper(v.label)}`, m, { w: stage.w, h: stage.h * 0.15 }, short * 0.045 * scale, short * 0.03, 1, 1.1);
        const h = even(fit.size * 1.1);
        layers.push(arriving(ctx, textSvg(fit.lines, fit.size, palette.text, family, even(stage.w), 0, align, m, 1.1, 0.85, 400), even(stage.w), h, stage.x, stage.y + stage.h - h, 0.3));
      }
      break;
    }
    case 'kinetic': {
      // the captions are the main text; with captions off the key phrase is drawn instead
      if (ctx.captions || !v.text) break;
      const fit = fitText(upper(v.text), m, { w: stage.w, h: stage.h * 0.8 }, short * 0.12 * scale, short * 0.05, 3, 1.1);
      const h = even(fit.lines.length * fit.size * 1.1);
      layers.push(arriving(ctx, textSvg(fit.lines, fit.size, palette.text, family, even(stage.w), 0, align, m, 1.1), even(stage.w), h, stage.x, Math.round(stage.y + (stage.h - h) / 2), 0.1));
      break;
    }
  }
  return layers;
}
