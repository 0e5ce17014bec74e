import { projectSchema } from '../../../preload/contract/project';
import { previousJson } from './previous';
import { writeCompanions } from '../../make/write-companions';
import { avatarSpeaks } from '../../render/made-visuals';
import { stageProject, type StageDefinition } from '../../queue/stage';

/**
 * Caption files for an export of an edited project (the studio's "captions as files"): the same
 * writer and timing as the make job's sidecars, with each scene's narration length taken from
 * the prepare-media manifest this job already wrote, instead of a voice stage it does not have.
 */
export const projectSidecarsStage: StageDefinition = {
  name: 'project-sidecars',
  version: 1,
  weight: 1,
  companion: true,
  resource: () => 'light',
  async run(ctx) {
    const doc = projectSchema.parse(stageProject(ctx));
    const { media } = previousJson<{ media: Array<{ path: string; duration: number | null }> }>(ctx, 'prepare-media');
    const seconds = new Map(media.map((m) => [m.path, m.duration ?? undefined]));
    // an avatar speaking with its service's voice is the scene's narration (see made-visuals.ts)
    const narration = doc.scenes.map((s) => (s.audio ? seconds.get(s.audio) : avatarSpeaks(s) && s.visual.type === 'avatar' && s.visual.path ? seconds.get(s.visual.path) : undefined));
    return writeCompanions(ctx, doc, narration, { captions: true, credits: false });
  },
};
