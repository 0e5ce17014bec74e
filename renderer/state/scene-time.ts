import type { Scene } from '../../preload/contract/project';
import { sceneSeconds } from './timeline-ops';

/** Seconds at which each scene starts, laid end to end as the track draws them. */
export function sceneStarts(scenes: readonly Scene[]): number[] {
  const starts: number[] = [];
  let t = 0;
  for (const s of scenes) {
    starts.push(t);
    t += sceneSeconds(s);
  }
  return starts;
}

/** The scene under a timeline position and how far into it the position is (the last scene past the end). */
export function sceneAt(scenes: readonly Scene[], seconds: number): { sceneIndex: number; offset: number } {
  const starts = sceneStarts(scenes);
  let i = starts.length - 1;
  while (i > 0 && starts[i]! > seconds) i--;
  const offset = Math.max(0, Math.min(seconds - (starts[i] ?? 0), sceneSeconds(scenes[i]!)));
  return { sceneIndex: Math.max(0, i), offset };
}
