import type { Scene } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import { estimateNarrationSeconds } from '../../preload/contract/narration-pace';

/**
 * Pure edits of a project's timeline. Each returns a new document (or the same one when nothing
 * changed, so the history does not record no-ops) and shares untouched scenes with the old one,
 * which keeps undo cheap and lets memoised clips skip re-rendering.
 */

/**
 * How long a scene lasts: its seconds, or for `fit` its spoken narration (the last word's end, from
 * the voice's timings) plus the padding; a scene not voiced yet is estimated at the default pace.
 */
export function sceneSeconds(scene: Scene): number {
  if (typeof scene.duration === 'number') return scene.duration;
  const spoken = scene.audio && scene.words?.length ? scene.words[scene.words.length - 1]!.end : undefined;
  if (spoken !== undefined) return spoken + scene.padding;
  return Math.max(1, estimateNarrationSeconds(scene.narration)) + scene.padding;
}

export const MIN_SCENE_SECONDS = 0.5;
export const MAX_SCENE_SECONDS = 120;

let counter = 0;
export function newSceneId(): string {
  counter += 1;
  return `s${Date.now().toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Scenes need stable ids for selection and drag; documents written by hand may lack them. */
export function withSceneIds(project: StoredProject): StoredProject {
  if (project.scenes.every((s) => s.id)) return project;
  return { ...project, scenes: project.scenes.map((s) => (s.id ? s : { ...s, id: newSceneId() })) };
}

export function indexOfScene(project: StoredProject, id: string): number {
  return project.scenes.findIndex((s) => s.id === id);
}

/** Moves the scenes `ids` (kept in timeline order) so that they start at `toIndex` of the original list. */
export function moveScenes(project: StoredProject, ids: readonly string[], toIndex: number): StoredProject {
  const moving = new Set(ids);
  const picked = project.scenes.filter((s) => s.id && moving.has(s.id));
  if (picked.length === 0) return project;
  const before = project.scenes.slice(0, Math.max(0, Math.min(toIndex, project.scenes.length))).filter((s) => !(s.id && moving.has(s.id)));
  const rest = project.scenes.filter((s) => !(s.id && moving.has(s.id)));
  const at = before.length;
  const scenes = [...rest.slice(0, at), ...picked, ...rest.slice(at)];
  if (scenes.every((s, i) => s === project.scenes[i])) return project;
  return { ...project, scenes };
}

export function trimScene(project: StoredProject, id: string, seconds: number): StoredProject {
  const i = indexOfScene(project, id);
  const scene = project.scenes[i];
  if (!scene) return project;
  const duration = Math.round(Math.min(MAX_SCENE_SECONDS, Math.max(MIN_SCENE_SECONDS, seconds)) * 10) / 10;
  if (scene.duration === duration) return project;
  return replaceScene(project, i, { ...scene, duration });
}

export function deleteScenes(project: StoredProject, ids: readonly string[]): StoredProject {
  const gone = new Set(ids);
  const scenes = project.scenes.filter((s) => !(s.id && gone.has(s.id)));
  // A project needs a scene: deleting the last one is refused rather than leaving an invalid document.
  if (scenes.length === project.scenes.length || scenes.length === 0) return project;
  return { ...project, scenes };
}

export function updateScene(project: StoredProject, id: string, patch: Partial<Scene>): StoredProject {
  const i = indexOfScene(project, id);
  const scene = project.scenes[i];
  if (!scene) return project;
  const next = { ...scene, ...patch };
  if (Object.keys(patch).every((k) => next[k as keyof Scene] === scene[k as keyof Scene])) return project;
  return replaceScene(project, i, next);
}

/** Inserts new scenes showing `visuals` at `index` (between scenes), each lasting `seconds`. */
export function insertScenes(project: StoredProject, index: number, visuals: Scene['visual'][], seconds = 3): StoredProject {
  const added: Scene[] = visuals.map((visual) => ({
    id: newSceneId(),
    narration: '',
    visual,
    duration: seconds,
    padding: 0.4,
    overlays: [],
  }));
  const at = Math.max(0, Math.min(index, project.scenes.length));
  return { ...project, scenes: [...project.scenes.slice(0, at), ...added, ...project.scenes.slice(at)] };
}

export function updateProject(project: StoredProject, patch: { title?: string; settings?: Partial<StoredProject['settings']>; audio?: StoredProject['audio'] }): StoredProject {
  return {
    ...project,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.settings ? { settings: { ...project.settings, ...patch.settings } } : {}),
    ...(patch.audio ? { audio: patch.audio } : {}),
  };
}

function replaceScene(project: StoredProject, i: number, scene: Scene): StoredProject {
  const scenes = project.scenes.slice();
  scenes[i] = scene;
  return { ...project, scenes };
}

export function totalSeconds(project: StoredProject): number {
  return project.scenes.reduce((t, s) => t + sceneSeconds(s), 0);
}
