import type { ProjectDocument } from '../../preload/contract/project';
import type { Timeline } from '../render/timeline';
import type { CaptionEvent } from './ass';

/**
 * One caption per scene: its caption text (or narration), shown while the narration plays, or —
 * for a scene without audio — while the scene is fully on screen. Word timings are moved from
 * "seconds into the scene's audio" to output time.
 */
export function projectCaptionEvents(project: ProjectDocument, timeline: Timeline): CaptionEvent[] {
  const events: CaptionEvent[] = [];
  project.scenes.forEach((scene, i) => {
    const text = (scene.caption ?? scene.narration).trim();
    if (!text) return;
    const slot = timeline.slots[i]!;
    const next = timeline.slots[i + 1];
    let start: number;
    let end: number;
    if (slot.narrationDuration > 0) {
      start = slot.narrationStart;
      end = slot.narrationStart + slot.narrationDuration;
    } else {
      start = slot.start + slot.transitionIn.duration / 2;
      end = slot.start + slot.duration - (next ? next.transitionIn.duration / 2 : 0);
    }
    const words = scene.words?.map((w) => ({ text: w.text, start: slot.narrationStart + w.start, end: slot.narrationStart + w.end }));
    events.push({ start, end, text, words: scene.caption === undefined ? words : undefined });
  });
  return events;
}
