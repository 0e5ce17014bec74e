import { projectSchema } from '../../../preload/contract/project';
import { locateTools } from '../../config/runtime-config';
import { probeMedia } from '../../../native/ffmpeg/probe';
import { avatarSpeaks } from '../../render/made-visuals';
import { stageProject, type StageDefinition } from '../../queue/stage';
import { writeCompanions } from '../../make/write-companions';
import { previousJson } from './previous';
import type { VoiceArtifact } from './voice-stage';

export type { CompanionManifest } from '../../make/write-companions';

/**
 * Sidecars: the credits of stock media, and SRT, VTT and ASS captions when asked for, timed from
 * the voice stage's narration. They are companions: the queue copies them next to the video's
 * output under the same name, and the job's main result stays the video.
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
    // Scene durations for the timeline: each voiced scene's narration; a title card has none.
    const byAudio = new Map(voice.scenes.map((v) => [v.audioPath, v.duration]));
    // An avatar speaking with its service's voice is the scene's narration: it lasts as long as the clip.
    const narration = await Promise.all(
      doc.scenes.map(async (s) => (s.audio ? byAudio.get(s.audio) : avatarSpeaks(s) && s.visual.type === 'avatar' && s.visual.path ? (await probeMedia(locateTools(ctx.config).ffprobe.path, s.visual.path, { signal: ctx.signal })).duration : undefined)),
    );
    return writeCompanions(ctx, doc, narration, { captions: ctx.spec.options.captions !== false, credits: true });
  },
};
