import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { probeOnce } from './probe-cache';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { planRender } from './plan';
import { prepareRender, type PreparedRender } from './prepare';
import { fitStills, stillFits } from './fit-stills';
import { startStill, type StillProcess, type WarmStills } from './warm-still';

export interface StillOptions {
  /** the document to draw (media paths absolute), usually one scene of a project at preview size */
  project: ProjectDocument;
  /** seconds into the document; clamped to its last frame */
  at: number;
  /** a .png path; written whole or not at all */
  output: string;
  config: RuntimeConfig;
  signal?: AbortSignal;
  tag?: string;
  /** an FFmpeg started ahead for this frame (the editor's); without it one is started now */
  warm?: WarmStills;
  /**
   * a folder where stills fitted to the frame (fit-stills.ts) and designed scenes' pictures are
   * kept by content: the next frame of the same picture reads them instead of making them again
   */
  fitCache?: string;
}

/**
 * One frame of a document, drawn by the same plan an export runs (timeline, scene chains, Ken
 * Burns, libass captions, fonts), without its sound: the graph's picture is trimmed to start at
 * `at` and its first frame written as a PNG. Nothing here imitates the render; it is the render,
 * stopped after one frame.
 */
export async function renderStill(opts: StillOptions): Promise<{ output: string; at: number; duration: number }> {
  const tools = locateTools(opts.config);
  mkdirSync(dirname(opts.output), { recursive: true });
  // the spare FFmpeg, loaded while the last frame was looked at; without one, FFmpeg starts once the
  // graph is ready (started beside the preparation, it slowed the first probe of a picture more than it saved)
  const spare = opts.warm?.take(tools.ffmpeg.path);
  let ffmpeg: StillProcess | undefined = spare;
  const work = mkdtempSync(join(dirname(opts.output), '.still-'));
  let background: Promise<unknown> | undefined;
  try {
    // one scene has no transition to join: FFmpeg's filter list (a probe on a new machine) is asked only for more
    const hasXfade = opts.project.scenes.length > 1 ? (await capabilitiesOf(opts.config, tools, { signal: opts.signal })).filters.includes('xfade') : true;
    const prepared = await prepareRender(opts.project, { ffprobe: tools.ffprobe.path, workDir: work, signal: opts.signal, probe: probeOnce, ...(opts.fitCache ? { drawnDir: join(opts.fitCache, 'designed') } : {}) });
    const fitted = opts.fitCache ? cachedFits(prepared, work, opts.fitCache) : undefined;
    const plan = planRender(fitted?.ready.size ? { ...prepared, fittedStills: fitted.ready } : prepared, { encoder: encoderProfile('libx264')!, loudness: { kind: 'none' }, hasXfade, videoOnly: true });
    const { fps, duration } = plan.format;
    // the last whole frame at most: past the end the graph has no picture to give
    const frame = Math.max(0, Math.min(Math.round(opts.at * fps), plan.format.frames - 1));
    const at = frame / fps;
    if (plan.inputs.length) throw new Error('a still reads its media inside the graph (movie sources): the plan has inputs');
    // the graph runs from the start (Ken Burns, captions are timed from 0) and the frames before `at` are dropped
    ffmpeg ??= startStill(tools.ffmpeg.path, dirname(opts.output), opts.tag);
    await ffmpeg.run(`${plan.filterGraph};\n[vout]${frame > 0 ? `trim=start_frame=${frame}` : 'null'}[still]`, opts.signal);
    renameSync(ffmpeg.output, opts.output);
    // the pictures this frame fitted in its graph, fitted once more into the cache for the next frames
    if (fitted?.missing.length) background = fitted.fill(tools.ffmpeg.path).catch(() => undefined);
    // the next frame's FFmpeg starts loading; not after a frame that was given up (a newer one is being drawn)
    opts.warm?.prepare(tools.ffmpeg.path);
    return { output: opts.output, at, duration };
  } finally {
    if (ffmpeg) {
      ffmpeg.discard();
      rmSync(ffmpeg.output, { force: true });
    }
    if (background) void background.finally(() => rmSync(work, { recursive: true, force: true }));
    else rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The document's stills already fitted in the cache (scene → frame), and a way to fit the others
 * into it. A fitted still is named by its fitting chain (picture, crop, sizes, colours) and the
 * picture's size and time, so an edited or replaced picture is fitted again.
 */
function cachedFits(prepared: PreparedRender, work: string, cache: string) {
  const fits = stillFits(prepared, work).map((f) => {
    const v = prepared.project.scenes[f.scene]!.visual;
    let stamp = 'missing';
    try {
      const s = statSync(v.type === 'image' ? v.path : '');
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      // drawn (and failing) as the graph would
    }
    const key = createHash('sha256').update(f.chain).update(stamp).digest('hex').slice(0, 24);
    return { ...f, cached: join(cache, `${key}.y4m`) };
  });
  const ready = new Map(fits.filter((f) => existsSync(f.cached)).map((f) => [f.scene, f.cached]));
  const missing = fits.filter((f) => !ready.has(f.scene));
  return {
    ready,
    missing,
    async fill(ffmpeg: string) {
      // below normal priority: the next frame (asked for while this runs) goes first
      const made = await fitStills(prepared, { ffmpeg, workDir: work, tag: 'still:fit', background: true });
      mkdirSync(cache, { recursive: true });
      for (const f of missing) {
        const file = made.get(f.scene);
        if (file && existsSync(file)) renameSync(file, f.cached);
      }
    },
  };
}
