import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sceneShowsCaptions, type ProjectDocument } from '../../preload/contract/project';
import { buildAss } from '../captions/ass';
import { projectCaptionEvents } from '../captions/project-captions';
import type { Frame } from './scene-video';
import type { Timeline } from './timeline';

/**
 * The burned-in captions as one ASS file (or none when no scene shows them). A scene with a caption
 * style of its own has its pages drawn in that style: the file holds a set of ASS styles per
 * caption style in use (see buildAss), so one `subtitles` filter draws every scene.
 */
export function writeCaptionFiles(project: ProjectDocument, timeline: Timeline, frame: Frame, workDir: string): string[] {
  // with the whole video's captions off, only the scenes that show theirs by their own choice are burned in
  const burned = project.style.caption.enabled ? project : { ...project, scenes: project.scenes.map((s) => (sceneShowsCaptions(project, s) ? s : { ...s, captionStyle: { ...s.captionStyle, enabled: false } })) };
  if (!burned.scenes.some((s) => sceneShowsCaptions(burned, s))) return [];
  const events = projectCaptionEvents(burned, timeline);
  if (!events.length) return [];
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'captions.ass');
  writeFileSync(file, buildAss(events, project.style.caption, frame.width, frame.height));
  return [file];
}
