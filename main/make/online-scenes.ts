import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { MakeRequest } from '../../preload/contract/make';
import type { ProjectInput } from '../../preload/contract/project';

/**
 * The request's generated clips and avatar, set on the scenes they name: a `generated` or `avatar`
 * visual without a path, which the job's `clips` and `avatars` stages make before the render. The
 * scene's stock or library pick (and its credit) gives way; its narration stays. Scene numbers
 * count the script's scenes, so a title card does not shift them.
 */
export function applyOnlineVisuals(project: ProjectInput, sceneIndex: number[], request: Pick<MakeRequest, 'clips' | 'avatar'>): ProjectInput {
  const issues: Issue[] = [];
  const count = sceneIndex.length;
  const scenes = project.scenes.map((s) => ({ ...s }));
  const at = (n: number, field: string): number | undefined => {
    if (n <= count) return sceneIndex[n - 1]!;
    issues.push({ path: field, message: `asks for scene ${n}, but the script has ${count} scene${count === 1 ? '' : 's'}` });
    return undefined;
  };
  const generated = new Set<number>();
  request.clips.forEach((c, k) => {
    const i = at(c.scene, `clips[${k}].scene`);
    if (i === undefined) return;
    generated.add(c.scene);
    const { credit: _credit, ...scene } = scenes[i]!;
    scenes[i] = { ...scene, visual: { type: 'generated', prompt: c.prompt, ...(c.provider ? { provider: c.provider } : {}), ...(c.seconds ? { seconds: c.seconds } : {}) } };
  });
  const a = request.avatar;
  if (a) {
    const wanted = a.scenes ?? Array.from({ length: count }, (_, k) => k + 1).filter((n) => !generated.has(n));
    wanted.forEach((n, k) => {
      if (generated.has(n)) {
        issues.push({ path: `avatar.scenes[${k}]`, message: `scene ${n} already has a generated clip; a scene shows one or the other` });
        return;
      }
      const i = at(n, `avatar.scenes[${k}]`);
      if (i === undefined) return;
      const { credit: _credit, ...scene } = scenes[i]!;
      const visual = { type: 'avatar' as const, avatarId: a.avatarId, ...(a.provider ? { provider: a.provider } : {}), ...(a.voiceId ? { voiceId: a.voiceId } : {}) };
      // With the service's voice the avatar speaks the narration itself: the local recording and
      // its word timings give way, and the scene lasts as long as the avatar talks.
      scenes[i] = a.voiceId ? { ...scene, audio: undefined, words: undefined, visual } : { ...scene, visual };
    });
  }
  if (issues.length) throw new InvalidInputError('the video request names scenes the script does not have:', issues);
  return { ...project, scenes };
}
