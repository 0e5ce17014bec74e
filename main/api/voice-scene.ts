import { existsSync, readFileSync } from 'node:fs';
import { InvalidInputError } from '../../preload/contract/errors';
import type { Scene } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import type { Tts } from '../../native/tts/tts';
import { voiceCached } from '../make/voice-cache';
import type { Template } from '../../preload/contract/template';
import { pronunciationsOf } from '../voices/pronounce';

/**
 * The voice a project was spoken with: the document's own record, else the voice-cache entry
 * beside any scene's narration file (the cache writes `<key>.json` next to `<key>.wav`).
 */
export function projectVoice(project: StoredProject): string | undefined {
  if (project.audio.voice) return project.audio.voice;
  for (const s of project.scenes) {
    const meta = s.audio?.replace(/\.wav$/i, '.json');
    if (!meta || meta === s.audio || !existsSync(meta)) continue;
    try {
      const v = (JSON.parse(readFileSync(meta, 'utf8')) as { voiceId?: string }).voiceId;
      if (v) return v;
    } catch {
      // a damaged entry tells us nothing; look at the next scene
    }
  }
  return undefined;
}

/** The project's template, when it still exists (a template removed since gives nothing). */
function templateOf(project: StoredProject, template: (id: string) => Template): Template | undefined {
  if (!project.template) return undefined;
  try {
    return template(project.template);
  } catch {
    return undefined;
  }
}

/**
 * Speaks one scene's narration again after an edit: new audio and word timings (so the captions
 * follow the new words) and a length that fits the narration. Synthesis goes through the voice
 * cache, so typing back an earlier text costs nothing.
 */
export async function voiceScene(
  tts: Tts,
  req: { project: StoredProject; sceneIndex: number; voice?: string },
  opts: { cacheDir: string; signal?: AbortSignal; /** the template library's lookup */ template: (id: string) => Template },
): Promise<StoredProject> {
  const { project, sceneIndex } = req;
  const scene = project.scenes[sceneIndex];
  if (!scene) throw new InvalidInputError(`there is no scene ${sceneIndex + 1} (the project has ${project.scenes.length})`);
  // a voice asked for now, else the scene's speaker's, else the voice the scene was spoken with, else the project's
  const speakerVoice = scene.speaker ? project.audio.speakers?.[scene.speaker] : undefined;
  const voice = req.voice ?? speakerVoice ?? scene.voice ?? projectVoice(project);
  const text = scene.narration.trim();
  let next: Scene;
  if (!text) {
    // nothing to say: no narration file, and a scene that still has a length of its own
    next = { ...scene, audio: undefined, words: undefined, duration: scene.duration === 'fit' ? 2 : scene.duration };
  } else {
    // as the make pipeline speaks it (so an unchanged scene hits its cache): the template's pace
    // times the scene's (else the project's) speed, the template's and the project's pronunciations
    const t = templateOf(project, opts.template);
    const speed = (t?.pacing.voiceSpeed ?? 1) * (scene.speed ?? project.audio.speed ?? 1);
    const pronunciations = pronunciationsOf(t?.pronunciations, project.audio.pronunciations);
    const spoken = await voiceCached(tts, text, voice, { cacheDir: opts.cacheDir, speed, pronunciations, signal: opts.signal });
    next = { ...scene, audio: spoken.audioPath, words: spoken.words, duration: 'fit', voice: spoken.voiceId };
  }
  const scenes = project.scenes.slice();
  scenes[sceneIndex] = next;
  return { ...project, scenes, audio: { ...project.audio, voice: req.voice ?? project.audio.voice } };
}
