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
      link = plainNamedLink(ref.file, dir, `media-${made.size}`);
      made.set(ref.file, link);
      back.set(link, ref.file);
    }
    ref.set(link);
  }
  return { project: copy, original: (f) => back.get(f) ?? f };
}

/** A link (hard link or copy where symlinks are not allowed) to `file` named `stem` + its extension, in `dir`. */
export function plainNamedLink(file: string, dir: string, stem: string): string {
  mkdirSync(dir, { recursive: true });
  const link = join(dir, `${stem}${extname(file).replace(/[^.\w]/g, '')}`);
  try {
    symlinkSync(file, link);
  } catch {
    try {
      linkSync(file, link);
    } catch {
      copyFileSync(file, link);
    }
  }
  return link;
}
