import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { ProjectDocument, Transition } from '../../preload/contract/project';

/**
 * Where every scene sits in the output. Scenes overlap by their transitions: scene i starts `t_i`
 * seconds before scene i-1 ends. A scene's narration starts half-way through its incoming
 * transition, so a 'fit' scene lasts  t_in/2 + narration + padding + t_out/2  and consecutive
 * narrations are separated by exactly the padding.
 */
export interface SceneSlot {
  index: number;
  /** output time at which the scene starts to appear, seconds */
  start: number;
  /** how long the scene's own footage runs, transitions included */
  duration: number;
  transitionIn: Transition;
  /** output time at which its narration starts */
  narrationStart: number;
  /** narration length, 0 when the scene has no audio */
  narrationDuration: number;
}

export interface Timeline {
  slots: SceneSlot[];
  duration: number;
  frames: number;
}

const CUT: Transition = { type: 'cut', duration: 0 };

function roundToFrame(seconds: number, fps: number): number {
  return Math.round(seconds * fps) / fps;
}

/**
 * @param narration seconds of narration audio per scene (undefined where a scene has none)
 */
export function computeTimeline(project: ProjectDocument, narration: Array<number | undefined>, fps: number): Timeline {
  const scenes = project.scenes;
  const issues: Issue[] = [];
  const wanted = scenes.map((s, i) => (i === 0 ? CUT : (s.transition ?? project.style.transition)));
  const half = (i: number) => (i < scenes.length && i > 0 ? (wanted[i]!.type === 'cut' ? 0 : wanted[i]!.duration) / 2 : 0);

  const durations = scenes.map((scene, i) => {
    if (scene.duration !== 'fit') return roundToFrame(scene.duration, fps);
    const audio = narration[i];
    if (audio === undefined) {
      issues.push({ path: `scenes[${i}].duration`, message: "is 'fit' (fit to narration) but the scene has no narration audio: give a number of seconds or an audio file" });
      return 1;
    }
    return roundToFrame(half(i) + audio + scene.padding + half(i + 1), fps);
  });
  if (issues.length) throw new InvalidInputError('the timeline cannot be built:', issues);

  // A transition can't be longer than half of either scene it joins; shorten it rather than fail.
  const transitions = wanted.map((t, i) => {
    if (i === 0 || t.type === 'cut' || t.duration === 0) return CUT;
    const limit = Math.min(durations[i - 1]!, durations[i]!) / 2;
    return { type: t.type, duration: roundToFrame(Math.min(t.duration, limit), fps) };
  });

  const slots: SceneSlot[] = [];
  let start = 0;
  for (let i = 0; i < scenes.length; i++) {
    if (i > 0) start = slots[i - 1]!.start + slots[i - 1]!.duration - transitions[i]!.duration;
    const narrationDuration = narration[i] ?? 0;
    slots.push({
      index: i,
      start: roundToFrame(start, fps),
      duration: durations[i]!,
      transitionIn: transitions[i]!,
      narrationStart: roundToFrame(start + transitions[i]!.duration / 2, fps),
      narrationDuration,
    });
  }
  const last = slots[slots.length - 1]!;
  const duration = roundToFrame(last.start + last.duration, fps);
  return { slots, duration, frames: Math.round(duration * fps) };
}
