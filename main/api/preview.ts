import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { outputFormat } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import type { RuntimeConfig } from '../config/runtime-config';
import { renderProject } from '../render/render-project';

const even = (n: number) => Math.max(16, Math.round(n / 2) * 2);

/** The document a preview renders: one scene or all, small, at most 24 fps, fastest settings. */
export function previewDocument(project: StoredProject, sceneIndex: number | undefined, height: number): StoredProject {
  const f = outputFormat(project.settings);
  const h = even(Math.min(height, f.height));
  const scenes = sceneIndex === undefined ? project.scenes : project.scenes.slice(sceneIndex, sceneIndex + 1).map((s) => ({ ...s, transition: undefined }));
  return {
    ...project,
    scenes: scenes.length ? scenes : project.scenes.slice(0, 1),
    settings: { ...project.settings, width: even((h * f.width) / f.height), height: h, fps: Math.min(24, f.fps), quality: 30, speed: 'fast' },
  };
}

/** A fast low-resolution render through the real pipeline, into the previews folder. */
export async function renderPreview(opts: {
  project: StoredProject;
  sceneIndex?: number;
  height: number;
  dir: string;
  /** the studio's runtime configuration: the FFmpeg chosen in Settings, the capability cache */
  config: RuntimeConfig;
  encoder: string;
  signal: AbortSignal;
}): Promise<{ path: string; durationSeconds: number }> {
  mkdirSync(opts.dir, { recursive: true });
  const doc = previewDocument(opts.project, opts.sceneIndex, opts.height);
  const output = join(opts.dir, `${opts.project.id.replace(/[^\w-]/g, '_')}-${opts.sceneIndex ?? 'all'}-${Date.now().toString(36)}.mp4`);
  const r = await renderProject({ project: doc, output, encoder: opts.encoder, signal: opts.signal, config: opts.config, tag: `preview:${opts.project.id}` });
  return { path: r.output, durationSeconds: r.durationSeconds };
}
