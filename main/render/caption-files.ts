import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sceneStyle, type CaptionStyle, type ProjectDocument } from '../../preload/contract/project';
import { buildAss } from '../captions/ass';
import { projectCaptionEvents } from '../captions/project-captions';
import type { Frame } from './scene-video';
import type { Timeline } from './timeline';

/**
 * The burned-in captions as ASS files, one per caption style in use. A scene with its own style (a
 * template dropped on that scene) gets its captions from a file of its own, laid over the same
 * frames by its own `subtitles` filter; each file holds only its scenes' captions, so the styles
 * never meet on one frame.
 */
export function writeCaptionFiles(project: ProjectDocument, timeline: Timeline, frame: Frame, workDir: string): string[] {
  const groups = new Map<string, { style: CaptionStyle; scenes: Set<number> }>();
  project.scenes.forEach((scene, i) => {
    const style = sceneStyle(project, scene).caption;
    // captions on or off is the project's choice (burn or sidecar), whatever a scene's look
    if (!project.style.caption.enabled) return;
    const key = JSON.stringify({ ...style, enabled: true });
    const group = groups.get(key) ?? { style: { ...style, enabled: true }, scenes: new Set<number>() };
    group.scenes.add(i);
    groups.set(key, group);
  });
  const files: string[] = [];
  for (const { style, scenes } of groups.values()) {
    const only = { ...project, style: { ...project.style, caption: style }, scenes: project.scenes.map((s, i) => (scenes.has(i) ? s : { ...s, caption: '' })) };
    const events = projectCaptionEvents(only, timeline);
    if (!events.length) continue;
    mkdirSync(workDir, { recursive: true });
    const file = join(workDir, files.length ? `captions-${files.length + 1}.ass` : 'captions.ass');
    writeFileSync(file, buildAss(events, style, frame.width, frame.height));
    files.push(file);
  }
  return files;
}
