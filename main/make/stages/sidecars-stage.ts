import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectSchema } from '../../../preload/contract/project';
import type { SubtitleFormat } from '../../captions/export-subtitles';
import { locateTools } from '../../config/runtime-config';
import { probeMedia } from '../../../native/ffmpeg/probe';
import { avatarSpeaks } from '../../render/made-visuals';
import { stageProject, type StageDefinition } from '../../queue/stage';
import { writeCreditsSidecar } from '../../providers/media/credits';
import { writeSidecars } from '../write-sidecars';
import { previousJson } from './previous';
import type { VoiceArtifact } from './voice-stage';

/** What a companion stage writes: files delivered beside the video, named by suffix. */
export interface CompanionManifest {
  files: Array<{ suffix: string; path: string }>;
}

const formats: SubtitleFormat[] = ['srt', 'vtt', 'ass'];

/**
 * Sidecars: the credits of stock media, and SRT, VTT and ASS captions (when asked for) timed exactly as the burned-in ones would be (same
 * timeline, same pages). They are companions: the queue copies them next to the video's output
 * under the same name, and the job's main result stays the video.
 */
export const sidecarsStage: StageDefinition = {
  name: 'sidecars',
  version: 1,
  weight: 1,
  companion: true,
  resource: () => 'light',
  async run(ctx) {
    // the latest document: with its generated clips and avatars made, when the job made any
    const doc = projectSchema.parse(stageProject(ctx));
    const voice = previousJson<VoiceArtifact>(ctx, 'voice');
    const project = { ...doc, style: { ...doc.style, caption: { ...doc.style.caption, enabled: true } } };
    // Scene durations for the timeline: each voiced scene's narration; a title card has none.
    const byAudio = new Map(voice.scenes.map((v) => [v.audioPath, v.duration]));
    // An avatar speaking with its service's voice is the scene's narration: it lasts as long as the clip.
    const narration = await Promise.all(
      project.scenes.map(async (s) => (s.audio ? byAudio.get(s.audio) : avatarSpeaks(s) && s.visual.type === 'avatar' && s.visual.path ? (await probeMedia(locateTools(ctx.config).ffprobe.path, s.visual.path, { signal: ctx.signal })).duration : undefined)),
    );
    const base = join(ctx.session.work, 'captions.mp4');
    const files = (ctx.spec.options.captions === false ? [] : writeSidecars(project, narration, base, formats)).map((path) => ({ suffix: path.slice(path.lastIndexOf('.')), path }));
    // Stock media's authors, as its providers require: out.credits.txt and .json beside the video.
    const credits = doc.scenes.flatMap((s, sceneIndex) => (s.credit ? [{ sceneIndex, attribution: s.credit }] : []));
    for (const path of writeCreditsSidecar(base, credits)) files.push({ suffix: path.slice(path.indexOf('.credits.')), path });
    const file = join(ctx.session.work, 'sidecars.json');
    writeFileSync(file, JSON.stringify({ files } satisfies CompanionManifest));
    ctx.progress(1);
    return { file };
  },
};
