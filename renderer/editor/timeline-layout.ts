import type { Scene } from '../../preload/contract/project';
import { sceneSeconds } from '../state/timeline-ops';

export interface ClipBox {
  id: string;
  left: number;
  width: number;
}

export const CLIP_GAP = 2;
export const MIN_CLIP_WIDTH = 12;

/** Where each clip sits on the track: width ∝ duration at `zoom` px per second. */
export function layoutClips(scenes: readonly Scene[], zoom: number): { boxes: ClipBox[]; width: number } {
  const boxes: ClipBox[] = [];
  let x = 0;
  for (const s of scenes) {
    const width = Math.max(MIN_CLIP_WIDTH, sceneSeconds(s) * zoom);
    boxes.push({ id: s.id ?? '', left: x, width });
    x += width + CLIP_GAP;
  }
  return { boxes, width: x };
}

export { sceneStarts } from '../state/scene-time';

/** The insertion index for a pointer at `x` (track coordinates): before the first clip whose middle is right of it. */
export function insertionIndex(boxes: readonly ClipBox[], x: number): number {
  let lo = 0;
  let hi = boxes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const b = boxes[mid]!;
    if (b.left + b.width / 2 > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The clip under `x`, or -1. */
export function clipAt(boxes: readonly ClipBox[], x: number): number {
  const i = insertionIndex(boxes, x);
  for (const j of [i - 1, i]) {
    const b = boxes[j];
    if (b && x >= b.left && x <= b.left + b.width) return j;
  }
  return -1;
}

/** A file dragged over the timeline lands on a clip, or between clips when near an edge. */
export function fileDropTarget(boxes: readonly ClipBox[], x: number): { sceneIndex: number } | { index: number } {
  const i = clipAt(boxes, x);
  const b = boxes[i];
  if (!b) return { index: insertionIndex(boxes, x) };
  const edge = Math.min(24, b.width * 0.2);
  if (x - b.left < edge) return { index: i };
  if (b.left + b.width - x < edge) return { index: i + 1 };
  return { sceneIndex: i };
}
