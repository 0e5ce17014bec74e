import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { ProjectDocument, Scene, Visual } from '../../preload/contract/project';

type VideoVisual = Extract<Visual, { type: 'video' }>;

/** A scene whose visual an online provider makes (a generated clip or an avatar). */
export const isMadeOnline = (v: Visual): v is Extract<Visual, { type: 'generated' | 'avatar' }> => v.type === 'generated' || v.type === 'avatar';

/** Whether the avatar speaks with the service's voice: its clip's sound is then the scene's voice. */
export const avatarSpeaks = (scene: Scene): boolean => scene.visual.type === 'avatar' && !scene.audio;

/**
 * The project as the renderer sees it: a made generated clip or avatar becomes a video clip (a
 * generated clip loops, muted; an avatar plays once and holds its last frame, heard only when it
 * speaks with the service's voice). One not made yet is an error naming the scene: the render
 * never guesses a stand-in for something the user asked a service to make.
 */
export function renderableProject(project: ProjectDocument): ProjectDocument {
  const issues: Issue[] = [];
  const scenes = project.scenes.map((scene, i): Scene => {
    const v = scene.visual;
    if (!isMadeOnline(v)) return scene;
    if (v.path === undefined) {
      const what = v.type === 'generated' ? `a clip generated from the prompt "${v.prompt.slice(0, 60)}"` : `an avatar (${v.avatarId})`;
      issues.push({ path: `scenes[${i}].visual`, message: `scene ${i + 1} asks for ${what}, which has not been made yet: export the video (or queue it with "reelforge queue add") and the queue makes it first with ${v.type === 'generated' ? 'a clip' : 'an avatar'} provider, or choose another visual` });
      return scene;
    }
    const video: VideoVisual = { type: 'video', path: v.path, fit: v.fit, start: 0, loop: v.type === 'generated', volume: avatarSpeaks(scene) ? 1 : 0 };
    return { ...scene, visual: video };
  });
  if (issues.length) throw new InvalidInputError('the project cannot be rendered:', issues);
  return { ...project, scenes };
}

/** Whether a project needs the online stages before it can be rendered (a render job's stage list). */
export function madeOnlineKinds(project: Pick<ProjectDocument, 'scenes'>): { clips: boolean; avatars: boolean } {
  return {
    clips: project.scenes.some((s) => s.visual.type === 'generated' && s.visual.path === undefined),
    avatars: project.scenes.some((s) => s.visual.type === 'avatar' && s.visual.path === undefined),
  };
}
