import { join } from 'node:path';
import type { z } from 'zod';
import { InvalidInputError } from '../../preload/contract/errors';
import { projectSchema, type ProjectDocument } from '../../preload/contract/project';
import type { makeProjectInputSchema } from '../../preload/contract/studio-api';
import { Tts } from '../../native/tts/tts';
import { buildProject } from '../make/build-project';
import { scanMedia } from '../media/media-library';
import { splitScript } from '../script/split-text';
import { findTemplate } from '../templates/load-templates';

export interface MakeProjectOptions {
  /** the new project's own folder: its narration files live there, referred to by absolute path */
  workDir: string;
  /** the media library, matched to scenes when the input asks for it */
  library: string;
  /** <home>/models: the neural voices' folder is under it */
  modelsDir: string;
  signal?: AbortSignal;
}

/**
 * The studio's side of `reelforge make`, up to the project document: the same splitter, voices,
 * media matching and scene building (issue 4's buildProject), without the render, which the queue
 * does when the user asks for it.
 */
export async function makeVoicedProject(input: z.output<typeof makeProjectInputSchema>, opts: MakeProjectOptions): Promise<ProjectDocument> {
  const template = findTemplate(input.templateId ?? 'bold-shorts');
  const split = splitScript(input.script, { targetSceneSeconds: template.pacing.targetSceneSeconds, wordsPerMinute: template.pacing.wordsPerMinute, language: template.defaults.language });
  if (split.scenes.length === 0) throw new InvalidInputError('the script has no text to narrate');
  const built = await buildProject({
    script: { ...split, title: input.title },
    template,
    tts: new Tts({ neuralModelDir: join(opts.modelsDir, 'tts') }),
    voice: input.voice,
    media: input.matchLibrary ? scanMedia([opts.library]) : [],
    workDir: opts.workDir,
    signal: opts.signal,
  });
  return projectSchema.parse({ ...built.project, title: input.title, settings: input.settings ?? built.project.settings });
}
