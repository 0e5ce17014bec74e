import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { videoFormats } from '../../../preload/contract/make';
import { projectSchema } from '../../../preload/contract/project';
import type { Script } from '../../../preload/contract/script';
import type { StageDefinition } from '../../queue/stage';
import { saveProject } from '../../store/projects';
import { buildProject } from '../../make/build-project';
import { locateTools } from '../../config/runtime-config';
import { probeMedia } from '../../../native/ffmpeg/probe';
import { applyOnlineVisuals } from '../../make/online-scenes';
import type { MediaArtifact } from './media-stage';
import { makeInput, previousJson } from './previous';
import type { VoiceArtifact } from './voice-stage';

/**
 * Project: the document built from the script, the narration and the media, saved in the library
 * under the id the job was given (so a resumed job updates the same project, never makes a
 * second one). Its artifact is the document, which the render stages read.
 */
export const projectStage: StageDefinition = {
  name: 'project',
  version: 1,
  weight: 1,
  resource: () => 'light',
  async run(ctx) {
    const { request: r, template, projectId } = makeInput(ctx);
    const script = previousJson<Script>(ctx, 'script');
    const voice = previousJson<VoiceArtifact>(ctx, 'voice');
    const media = previousJson<MediaArtifact>(ctx, 'media');
    const settings = r.settings ?? { preset: r.format ? videoFormats[r.format] : template.preset };
    // each picture's shape decides how it fills the frame (build-project.ts: defaultFit)
    const { ffprobe } = locateTools(ctx.config);
    const sized = await Promise.all(
      media.scenes.map(async (m) => {
        if (!m) return m;
        try {
          const info = await probeMedia(ffprobe.path, m.path, { signal: ctx.signal });
          return info.video ? { ...m, width: info.video.width, height: info.video.height } : m;
        } catch {
          return m; // unreadable here: the render names it with its scene
        }
      }),
    );
    const { project, sceneIndex } = buildProject({
      script,
      template,
      narration: voice.scenes,
      media: sized,
      music: media.music,
      settings,
      captions: r.captions === 'burn' || r.captions === 'both',
      title: r.title,
      speed: r.speed,
      pronunciations: r.pronunciations,
    });
    const doc = projectSchema.parse({ ...applyOnlineVisuals(project, sceneIndex, r), id: projectId });
    saveProject(ctx.db, doc, projectId);
    const file = join(ctx.session.work, 'project.json');
    writeFileSync(file, JSON.stringify(doc, null, 1));
    ctx.log(`project ${projectId}: ${doc.scenes.length} scenes, saved in the library`);
    ctx.progress(1);
    return { file };
  },
};
