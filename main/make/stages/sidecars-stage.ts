import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectSchema } from '../../../preload/contract/project';
import type { SubtitleFormat } from '../../captions/export-subtitles';
import type { StageDefinition } from '../../queue/stage';
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
    const doc = projectSchema.parse(previousJson(ctx, 'project'));
    const voice = previousJson<VoiceArtifact>(ctx, 'voice');
    const project = { ...doc, style: { ...doc.style, caption: { ...doc.style.caption, enabled: true } } };
    // Scene durations for the timeline: each voiced scene's narration; a title card has none.
    const byAudio = new Map(voice.scenes.map((v) => [v.audioPath, v.duration]));
    const narration = project.scenes.map((s) => (s.audio ? byAudio.get(s.audio) : undefined));
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
