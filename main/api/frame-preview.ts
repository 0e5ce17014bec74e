import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredProject } from '../../preload/contract/studio-api';
import type { RuntimeConfig } from '../config/runtime-config';
import { mediaRefs } from '../project/load-project';
import { renderStill } from '../render/render-still';
import type { WarmStills } from '../render/warm-still';
import { previewDocument } from './preview';
import { outputFormat, sceneCaptionStyle, sceneShowsCaptions } from '../../preload/contract/project';
import { anchorLeft, anchorRow, captionPlacement } from '../captions/caption-placement';

/**
 * Where a scene's captions go in its frame, as fractions of the frame: the band a page of the most
 * lines fills, from the placement the captions are drawn with. Undefined where the scene shows none.
 */
export function captionBand(doc: StoredProject, sceneIndex: number): { top: number; bottom: number; left: number; right: number; align: 'left' | 'center' | 'right' } | undefined {
  const scene = doc.scenes[sceneIndex];
  if (!scene || !sceneShowsCaptions(doc, scene) || !(scene.caption ?? scene.narration).trim()) return undefined;
  const { width, height } = outputFormat(doc.settings);
  const style = sceneCaptionStyle(doc, scene);
  const place = captionPlacement(style, width, height);
  const h = place.maxLines * place.fontPx;
  const row = anchorRow(place.align);
  const top = row === 'bottom' ? place.y - h : row === 'middle' ? place.y - h / 2 : place.y;
  const left = anchorLeft(place.align, place.x, place.maxWidth);
  const f = (v: number, of: number) => Math.round((v / of) * 10_000) / 10_000;
  return { top: f(top, height), bottom: f(top + h, height), left: f(left, width), right: f(left + place.maxWidth, width), align: style.align };
}

/** Bump when what a still shows changes for the same document (the cache is keyed by content). */
const STILL_VERSION = 1;

/**
 * The document a still of one scene is drawn from: the scene alone at preview size, as the scene
 * preview renders it, without what cannot be seen (music, the title).
 */
export function stillDocument(project: StoredProject, sceneIndex: number, height: number): StoredProject {
  const doc = previewDocument(project, sceneIndex, height);
  return { ...doc, title: '', audio: { ...doc.audio, music: undefined } };
}

/**
 * The cache key of a still: the document's content, the frame, and each media file's size and
 * time (a file replaced at the same path is drawn again). Equal edits give equal keys, so undo,
 * redo and scrubbing back over a frame cost nothing.
 */
export function stillKey(doc: StoredProject, at: number): string {
  const files = mediaRefs(doc).map((r) => {
    try {
      const s = statSync(r.file);
      return [r.file, s.size, s.mtimeMs];
    } catch {
      return [r.file, 'missing'];
    }
  });
  const { id: _id, ...content } = doc;
  return createHash('sha256').update(JSON.stringify([STILL_VERSION, content, files, Math.round(at * 1000)])).digest('hex').slice(0, 24);
}

/**
 * The frame at `offset` seconds into scene `sceneIndex`, as a PNG under `dir/frames`, drawn by
 * the real render plan and kept by content hash.
 */
export async function renderFramePreview(opts: {
  project: StoredProject;
  sceneIndex: number;
  offset: number;
  height: number;
  dir: string;
  config: RuntimeConfig;
  signal?: AbortSignal;
  /** the studio's FFmpeg kept started for the next frame */
  warm?: WarmStills;
}): Promise<{ path: string; cached: boolean; captions?: ReturnType<typeof captionBand> }> {
  const doc = stillDocument(opts.project, opts.sceneIndex, opts.height);
  const captions = captionBand(doc, 0);
  const fps = doc.settings.fps ?? 24;
  // one key per frame the still can show
  const at = Math.max(0, Math.round(opts.offset * fps) / fps);
  const path = join(opts.dir, 'frames', `${stillKey(doc, at)}.png`);
  if (existsSync(path)) return { path, cached: true, captions };
  // the stills fitted to the frame are kept beside the frames: the next frame of a picture skips its decoding and fitting
  await renderStill({ project: doc, at, output: path, config: opts.config, signal: opts.signal, tag: `still:${opts.project.id}`, warm: opts.warm, fitCache: join(opts.dir, 'fitted') });
  return { path, cached: false, captions };
}
