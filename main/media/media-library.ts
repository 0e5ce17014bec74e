import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { StudioError } from '../../preload/contract/errors';

export type MediaKind = 'image' | 'video' | 'audio';

export interface MediaItem {
  path: string;
  kind: MediaKind;
  /** lower-case words from the file name and its tags, used for matching */
  keywords: string[];
}

const kinds: Record<string, MediaKind> = {
  '.jpg': 'image', '.jpeg': 'image', '.png': 'image', '.webp': 'image', '.bmp': 'image', '.gif': 'image', '.tif': 'image', '.tiff': 'image',
  '.mp4': 'video', '.mov': 'video', '.mkv': 'video', '.webm': 'video', '.m4v': 'video', '.avi': 'video',
  '.mp3': 'audio', '.wav': 'audio', '.m4a': 'audio', '.ogg': 'audio', '.flac': 'audio', '.opus': 'audio',
};

/** "02_Sunset-Beach (4k).jpg" → ["sunset", "beach", "4k"]: numbering is order, not meaning. */
export function nameKeywords(file: string): string[] {
  return basename(file, extname(file))
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w));
}

/**
 * Tags a user gave files, from `tags.json` in the folder ({"file.jpg": ["beach", "sun"]}) or a
 * `<file>.txt` sidecar of comma-separated words.
 */
function tagsFor(dir: string, file: string, table: Record<string, string[]>): string[] {
  const sidecar = join(dir, `${file}.txt`);
  const fromSidecar = existsSync(sidecar) ? readFileSync(sidecar, 'utf8').split(/[,\n]/) : [];
  return [...(table[file] ?? []), ...fromSidecar].map((t) => t.trim().toLocaleLowerCase()).filter(Boolean);
}

/**
 * The media library: files and folders given by the user, in the order given, a folder's files
 * sorted by name (so "01-…", "02-…" is the order the user meant).
 */
export function scanMedia(paths: string[]): MediaItem[] {
  const items: MediaItem[] = [];
  for (const p of paths.map((x) => resolve(x))) {
    if (!existsSync(p)) throw new StudioError('NOT_FOUND', `media path ${p} does not exist`);
    if (statSync(p).isDirectory()) {
      const tablePath = join(p, 'tags.json');
      const table = existsSync(tablePath) ? (JSON.parse(readFileSync(tablePath, 'utf8')) as Record<string, string[]>) : {};
      const names = readdirSync(p)
        .filter((n) => kinds[extname(n).toLowerCase()])
        .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
      for (const n of names) items.push(item(join(p, n), tagsFor(p, n, table)));
    } else if (kinds[extname(p).toLowerCase()]) items.push(item(p, []));
  }
  return items;
}

function item(path: string, tags: string[]): MediaItem {
  const tagWords = tags.flatMap((t) => t.split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 1);
  return { path, kind: kinds[extname(path).toLowerCase()]!, keywords: [...new Set([...nameKeywords(path), ...tagWords])] };
}
