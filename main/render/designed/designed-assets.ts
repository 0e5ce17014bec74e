import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { sceneStyle, type ProjectDocument, type Scene, type Style } from '../../../preload/contract/project';
import { fontMetrics } from '../../design/text-measure';
import { modulesDir } from '../../design/emoji-match';
import { fontFile } from '../assets';
import { drawtextFont } from '../render-fonts';
import type { Frame } from '../scene-video';
import type { Timeline } from '../timeline';
import { backgroundPlan } from './background';
import { designedLayers, type Layer } from './designed-layers';
import { designPalette } from './palette';

/** A picture drawn for the render, and how it moves. */
export interface DrawnBackground {
  base: { file: string; crop?: { x: string; y: string } };
  shapes: Array<{ file: string; x: string; y: string }>;
}
export interface DrawnLayer {
  file: string;
  layer: Layer;
}
export interface DesignedAssets {
  background: DrawnBackground;
  layers: DrawnLayer[];
}

interface IconSet {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}
let iconSet: IconSet | undefined;
function icons(): IconSet {
  return (iconSet ??= JSON.parse(readFileSync(join(modulesDir(), '@iconify-json', 'fluent-emoji-flat', 'icons.json'), 'utf8')) as IconSet);
}

/** An emoji of the bundled set (Fluent Emoji Flat, MIT) as an SVG placed in a box. */
export function iconSvg(name: string, x: number, y: number, size: number): string {
  const set = icons();
  const icon = set.icons[name] ?? set.icons[set.aliases?.[name]?.parent ?? ''];
  if (!icon) return '';
  const w = icon.width ?? set.width ?? 16;
  const h = icon.height ?? set.height ?? 16;
  return `<svg x="${x}" y="${y}" width="${size}" height="${size}" viewBox="0 0 ${w} ${h}">${icon.body}</svg>`;
}

/**
 * Draws an SVG to a PNG in `dir`, named by its content (a picture already drawn for this render is
 * reused: the same background serves every designed scene of a style). Written to a temporary
 * name and renamed, so FFmpeg never reads half a file.
 */
function draw(dir: string, svg: string, w: number, h: number, fonts: string[]): string {
  const key = createHash('sha256').update(svg).update(fonts.join('\n')).digest('hex').slice(0, 20);
  const file = join(dir, `${key}.png`);
  if (existsSync(file)) return file;
  const doc = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${svg}</svg>`;
  const png = new Resvg(doc, { font: { fontFiles: fonts, loadSystemFonts: false, defaultFontFamily: 'Inter' }, shapeRendering: 2, textRendering: 1 }).render().asPng();
  writeFileSync(`${file}.part`, png);
  renameSync(`${file}.part`, file);
  return file;
}

/** The family name a style's designed text is set in, and the font files that hold it. */
function fontsOf(style: Style): { family: string; files: string[]; metricsFile: string } {
  const own = style.fonts.find((f) => f.family.toLowerCase() === style.font.toLowerCase());
  const files = [fontFile(true), fontFile(false), ...style.fonts.map((f) => f.file)];
  return { family: own ? own.family : 'Inter', files, metricsFile: drawtextFont(style) };
}

/**
 * Draws what every designed scene of a project needs (its background and its layers) into the
 * render's work folder, before the graph is built: FFmpeg reads them as still pictures.
 */
export function drawDesignedScenes(project: ProjectDocument, timeline: Timeline, frame: Frame, workDir: string): Map<number, DesignedAssets> {
  const out = new Map<number, DesignedAssets>();
  const dir = join(workDir, 'designed');
  project.scenes.forEach((scene: Scene, i) => {
    const v = scene.visual;
    if (v.type !== 'designed') return;
    mkdirSync(dir, { recursive: true });
    const style = sceneStyle(project, scene);
    const palette = designPalette(style);
    const fonts = fontsOf(style);
    const plan = backgroundPlan(frame.width, frame.height, style.design, palette);
    const background: DrawnBackground = {
      base: { file: draw(dir, plan.base.svg, plan.base.w, plan.base.h, fonts.files), ...(plan.base.crop ? { crop: plan.base.crop } : {}) },
      shapes: plan.shapes.map((s) => ({ file: draw(dir, s.svg, s.w, s.h, fonts.files), x: s.x, y: s.y })),
    };
    const slot = timeline.slots[i]!;
    const prev = project.scenes[i - 1]?.visual;
    const layers = designedLayers(v, {
      width: frame.width,
      height: frame.height,
      fps: frame.fps,
      style,
      palette,
      metrics: fontMetrics(fonts.metricsFile),
      family: fonts.family,
      narrationStart: slot.narrationStart - slot.start,
      captions: style.caption.enabled && project.style.caption.enabled,
      continuesSteps: v.kind === 'steps' && prev?.type === 'designed' && prev.kind === 'steps' && JSON.stringify(prev.steps?.items) === JSON.stringify(v.steps?.items),
      icon: iconSvg,
    });
    out.set(i, {
      background,
      layers: layers.map((layer) => {
        const sprite = layer.cells.map((c, k) => `<svg x="${k * layer.w}" y="0" width="${layer.w}" height="${layer.h}" viewBox="0 0 ${layer.w} ${layer.h}">${c}</svg>`).join('');
        return { file: draw(dir, sprite, layer.w * layer.cells.length, layer.h, fonts.files), layer };
      }),
    });
  });
  return out;
}
