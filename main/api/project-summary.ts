import { outputFormat, type ProjectDocument } from '../../preload/contract/project';
import type { ProjectSummary } from '../../preload/contract/studio-api';
import { readWav } from '../../native/tts/wav';
import { computeTimeline } from '../render/timeline';
import { estimateNarrationSeconds } from '../../preload/contract/narration-pace';

/** A scene's narration length: its WAV's own length, else its last word's end, else an estimate. */
function narrationSeconds(scene: ProjectDocument['scenes'][number]): number | undefined {
  if (!scene.audio) return scene.duration === 'fit' ? Math.max(1, estimateNarrationSeconds(scene.narration)) : undefined;
  if (/\.wav$/i.test(scene.audio)) {
    try {
      const pcm = readWav(scene.audio);
      return pcm.samples.length / pcm.sampleRate;
    } catch {
      // a moved or damaged file: fall through to the word timings
    }
  }
  return scene.words?.at(-1)?.end ?? Math.max(1, estimateNarrationSeconds(scene.narration));
}

/** The project's length as the render will make it: the timeline's own rule, transitions included. */
export function projectSeconds(project: ProjectDocument): number {
  try {
    return computeTimeline(project, project.scenes.map(narrationSeconds), outputFormat(project.settings).fps).duration;
  } catch {
    return project.scenes.reduce((t, s) => t + (typeof s.duration === 'number' ? s.duration : (narrationSeconds(s) ?? 1) + s.padding), 0);
  }
}

export function summarize(p: { id: string; document: ProjectDocument; createdAt: number; updatedAt: number }): ProjectSummary {
  return {
    id: p.id,
    title: p.document.title,
    template: p.document.template,
    sceneCount: p.document.scenes.length,
    durationSeconds: Math.round(projectSeconds(p.document) * 10) / 10,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}
