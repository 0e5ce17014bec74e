import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { sceneCaptionStyle, sceneShowsCaptions, sceneStyle, type ProjectDocument, type Scene, type Style } from '../../../preload/contract/project';
import { fontMetrics } from '../../design/text-measure';
import { modulesDir } from '../../design/emoji-match';
import { continuesList } from '../../design/design-scenes';
import { fontFile } from '../assets';
import { resolveFont } from '../../fonts/find-font';
import type { Frame } from '../scene-video';
import type { Timeline } from '../timeline';
import { backgroundPlan } from './background';
import { designedLayers, type Layer } from './designed-layers';
import { designPalette } from './palette';
import { writeFileAtomic } from '../../files/partial-file';

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
  writeFileAtomic(file, png);
  return file;
}

/**
 * The family name a style's designed text is set in, and the font files that hold it: its titles
 * family in bold (the text) and regular (a quote's source), found as drawtext finds it, named as
 * resvg knows the file (resvg is given the files, never the system's fonts).
 */
function fontsOf(style: Style): { family: string; files: string[]; metricsFile: string } {
  const bold = resolveFont(style.font, true, style.fonts);
  const regular = resolveFont(style.font, false, style.fonts);
  const files = [...new Set([fontFile(true), fontFile(false), ...style.fonts.map((f) => f.file), bold.file, regular.file])];
  return { family: bold.family, files, metricsFile: bold.file };
}

/**
 * Draws what every designed scene of a project needs (its background and its layers) into the
 * render's work folder (or `keepIn`), before the graph is built: FFmpeg reads them as still pictures.
 */
export function drawDesignedScenes(project: ProjectDocument, timeline: Timeline, frame: Frame, workDir: string, keepIn?: string): Map<number, DesignedAssets> {
  const out = new Map<number, DesignedAssets>();
  // pictures are named by their content, so a folder kept between renders (the editor's frames) reuses them
  const dir = keepIn ?? join(workDir, 'designed');
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
      captions: sceneShowsCaptions(project, scene) && sceneCaptionStyle(project, scene).enabled,
      continuesSteps: continuesList(prev, v),
      icon: iconSvg,
    });
    // The stage's text leaves in the first half of the outgoing transition, and the next scene's
    // enters at its narration (the overlap's middle): blended, two scenes' words would sit on each
    // other for the whole overlap. A list the next scene carries on stays.
    const next = timeline.slots[i + 1];
    const nextVisual = project.scenes[i + 1]?.visual;
    const listGoesOn = continuesList(v, nextVisual);
    const overlap = next && next.transitionIn.type !== 'cut' ? next.transitionIn.duration : 0;
    const exit = overlap > 0 && !listGoesOn ? { at: Math.max(0, slot.duration - overlap), duration: Math.min(0.3, overlap / 2) } : undefined;
    out.set(i, {
      background,
      layers: layers.map((l) => ({ ...l, ...(exit ? { exit } : {}) })).map((layer) => {
        const sprite = layer.cells.map((c, k) => `<svg x="${k * layer.w}" y="0" width="${layer.w}" height="${layer.h}" viewBox="0 0 ${layer.w} ${layer.h}">${c}</svg>`).join('');
        return { file: draw(dir, sprite, layer.w * layer.cells.length, layer.h, fonts.files), layer };
      }),
    });
  });
  return out;
}

/**
 * The designed scenes' pictures converted once to raw frames in the pixel format the graph uses
 * (yuv420p for a base, yuva420p for what is laid over it), in NUT files. A PNG read by `movie`
 * keeps its decoder's frame pool (the picture in RGBA, per decoding thread) until the whole render
 * ends, for every scene: that grew FFmpeg by ~35–65 MB a designed scene. A raw frame is handed to
 * the graph as it is read, with nothing kept beside the one copy the scene holds. One FFmpeg run
 * converts them all (it is the same conversion the graph would make). Returns the assets with the
 * converted files.
 */
export async function rawDesignedPictures(
  designed: Map<number, DesignedAssets>,
  run: (args: string[]) => Promise<unknown>,
): Promise<Map<number, DesignedAssets>> {
  const formats = new Map<string, 'yuv420p' | 'yuva420p'>();
  for (const a of designed.values()) {
    formats.set(a.background.base.file, 'yuv420p');
    for (const s of a.background.shapes) formats.set(s.file, 'yuva420p');
    for (const l of a.layers) formats.set(l.file, 'yuva420p');
  }
  if (!formats.size) return designed;
  const raw = (png: string) => png.replace(/\.png$/, `.${formats.get(png)}.nut`);
  const todo = [...formats].filter(([png]) => !existsSync(raw(png)));
  // a few pictures per run keep one command line short on every platform
  for (let at = 0; at < todo.length; at += 16) {
    const batch = todo.slice(at, at + 16);
    const args = ['-hide_banner', '-nostdin', '-y', '-v', 'error', ...batch.flatMap(([png]) => ['-i', png])];
    batch.forEach(([png, fmt], k) => args.push('-map', `${k}:v`, '-frames:v', '1', '-c:v', 'rawvideo', '-pix_fmt', fmt, '-f', 'nut', `${raw(png)}.part`));
    await run(args);
    for (const [png] of batch) renameSync(`${raw(png)}.part`, raw(png));
  }
  const out = new Map<number, DesignedAssets>();
  for (const [i, a] of designed) {
    out.set(i, {
      background: { base: { ...a.background.base, file: raw(a.background.base.file) }, shapes: a.background.shapes.map((s) => ({ ...s, file: raw(s.file) })) },
      layers: a.layers.map((l) => ({ ...l, file: raw(l.file) })),
    });
  }
  return out;
}
