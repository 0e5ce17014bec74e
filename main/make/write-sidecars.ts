import { writeFileSync } from 'node:fs';
import { outputFormat, type ProjectDocument } from '../../preload/contract/project';
import { projectCaptionEvents } from '../captions/project-captions';
import { exportSubtitles, type SubtitleFormat } from '../captions/export-subtitles';
import { computeTimeline } from '../render/timeline';

/**
 * Caption files beside the video (`out.srt`, `out.vtt`, `out.ass`), timed exactly as the burned-in
 * captions would be: same timeline, same pages.
 */
export function writeSidecars(project: ProjectDocument, narrationSeconds: Array<number | undefined>, output: string, formats: SubtitleFormat[]): string[] {
  const frame = outputFormat(project.settings);
  const timeline = computeTimeline(project, narrationSeconds, frame.fps);
  const events = projectCaptionEvents(project, timeline);
  const base = output.replace(/\.[^./\\]+$/, '');
  return formats.map((f) => {
    const file = `${base}.${f}`;
    writeFileSync(file, exportSubtitles(f, events, project.style.caption, frame.width, frame.height));
    return file;
  });
}
