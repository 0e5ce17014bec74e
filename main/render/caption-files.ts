import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import { buildAss } from '../captions/ass';
import { projectCaptionEvents } from '../captions/project-captions';
import type { Frame } from './scene-video';
import type { Timeline } from './timeline';

/**
 * The burned-in captions as one ASS file (or none when captions are off). A scene with a caption
 * style of its own has its pages drawn in that style: the file holds a set of ASS styles per
 * caption style in use (see buildAss), so one `subtitles` filter draws every scene.
 */
export function writeCaptionFiles(project: ProjectDocument, timeline: Timeline, frame: Frame, workDir: string): string[] {
  if (!project.style.caption.enabled) return [];
  const events = projectCaptionEvents(project, timeline);
  if (!events.length) return [];
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'captions.ass');
  writeFileSync(file, buildAss(events, project.style.caption, frame.width, frame.height));
  return [file];
}
