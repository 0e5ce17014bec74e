import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectSchema } from '../../../preload/contract/project';
import type { SubtitleFormat } from '../../captions/export-subtitles';
import type { CompanionManifest } from '../../make/stages/sidecars-stage';
import { previousJson } from '../../make/stages/previous';
import { writeSidecars } from '../../make/write-sidecars';
import { stageProject, type StageDefinition } from '../stage';

const formats: SubtitleFormat[] = ['srt', 'vtt', 'ass'];

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
    const project = { ...doc, style: { ...doc.style, caption: { ...doc.style.caption, enabled: true } } };
    const { media } = previousJson<{ media: Array<{ path: string; duration: number | null }> }>(ctx, 'prepare-media');
    const seconds = new Map(media.map((m) => [m.path, m.duration ?? undefined]));
    const narration = project.scenes.map((s) => (s.audio ? seconds.get(s.audio) : undefined));
    const files = writeSidecars(project, narration, join(ctx.session.work, 'captions.mp4'), formats).map((path) => ({ suffix: path.slice(path.lastIndexOf('.')), path }));
    const file = join(ctx.session.work, 'sidecars.json');
    writeFileSync(file, JSON.stringify({ files } satisfies CompanionManifest));
    ctx.progress(1);
    return { file };
  },
};
