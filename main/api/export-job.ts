import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { z } from 'zod';
import { InvalidInputError } from '../../preload/contract/errors';
import type { StageSpec } from '../../preload/contract/jobs';
import type { ProjectDocument } from '../../preload/contract/project';
import type { StudioSettings } from '../../preload/contract/settings';
import type { renderRequestSchema } from '../../preload/contract/studio-api';
import { slugOf } from '../files/slug';

export type RenderRequest = z.output<typeof renderRequestSchema>;

const slug = (s: string) => slugOf(s, { fallback: 'video', max: 40 });

/**
 * A new file name in `dir`: the name the user gave (else the title and the time), numbered if that
 * name is taken (a user's file is never overwritten).
 */
export function exportPath(dir: string, title: string, now = new Date(), fileName?: string): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const base = join(dir, fileName ? fileName.replace(/\.mp4$/i, '') : `${slug(title)}-${stamp}`);
  for (let n = 1; ; n++) {
    const candidate = `${base}${n === 1 ? '' : `-${n}`}.mp4`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * What the export dialog asked for, applied to a copy of the project: the preset (a different one
 * drops the project's own size overrides, which belonged to the old shape), the quality, and
 * whether captions are burned in. The stored project is not changed.
 */
export function exportDocument(doc: ProjectDocument, req: RenderRequest): ProjectDocument {
  const presetChanged = req.preset !== undefined && req.preset !== doc.settings.preset;
  const settings = presetChanged ? { ...doc.settings, preset: req.preset!, width: undefined, height: undefined, fps: undefined } : doc.settings;
  const burn = req.captions === undefined || req.captions === 'burn' || req.captions === 'both';
  return {
    ...doc,
    settings: { ...settings, ...(req.quality !== undefined ? { quality: req.quality } : {}) },
    style: burn ? doc.style : { ...doc.style, caption: { ...doc.style.caption, enabled: false } },
  };
}

/** The stages after the render: caption files when asked for, and the upscaler with the provider and model folder from Settings. */
export function postStages(req: RenderRequest, settings: StudioSettings): StageSpec[] {
  const stages: StageSpec[] = [];
  if (req.captions === 'sidecar' || req.captions === 'both') stages.push({ name: 'project-sidecars', options: {} });
  if (req.upscale) stages.push({ name: 'upscale', options: { scale: req.upscale, provider: settings.upscalerProvider, ...(settings.modelFolder ? { modelsDir: settings.modelFolder } : {}) } });
  return stages;
}

export function outputFolder(req: RenderRequest, fallback: string): string {
  if (req.outputDir === undefined) return fallback;
  if (!isAbsolute(req.outputDir)) throw new InvalidInputError(`the output folder must be a full path (got “${req.outputDir}”)`);
  return req.outputDir;
}
