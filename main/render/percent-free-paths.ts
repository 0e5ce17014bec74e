import { copyFileSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import { mediaRefs } from '../project/load-project';

/**
 * FFmpeg's image demuxer reads `%d` in a file name as a frame-number pattern, so `photo%d.png`
 * is "not found" although it is right there. Media whose path holds a `%` are reached through a
 * link with a plain name in the work folder (a copy where links are not allowed); `original`
 * turns a link back into the user's path for messages.
 */
export function percentFreePaths(project: ProjectDocument, workDir: string): { project: ProjectDocument; original(file: string): string } {
  const refs = mediaRefs(project).filter((r) => r.file.includes('%'));
  if (!refs.length) return { project, original: (f) => f };
  const copy = structuredClone(project);
  const back = new Map<string, string>();
  const made = new Map<string, string>();
  const dir = join(workDir, 'media-links');
  mkdirSync(dir, { recursive: true });
  for (const ref of mediaRefs(copy)) {
    if (!ref.file.includes('%')) continue;
    let link = made.get(ref.file);
    if (!link) {
      link = join(dir, `media-${made.size}${extname(ref.file).replace(/[^.\w]/g, '')}`);
      try {
        symlinkSync(ref.file, link);
      } catch {
        try {
          linkSync(ref.file, link);
        } catch {
          copyFileSync(ref.file, link);
        }
      }
      made.set(ref.file, link);
      back.set(link, ref.file);
    }
    ref.set(link);
  }
  return { project: copy, original: (f) => back.get(f) ?? f };
}
