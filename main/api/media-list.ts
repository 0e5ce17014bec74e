import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { MediaItem } from '../../preload/contract/studio-api';
import { probeMedia } from '../../native/ffmpeg/probe';
import { scanMedia } from '../media/media-library';

/** Probe answers by path, size and time, so listing a large library again costs one stat a file. */
const probed = new Map<string, { stamp: string; item: MediaItem }>();

/** The original name an import was given: the library keeps files as `<hash>-<name>`. */
const displayName = (file: string) => file.replace(/^[0-9a-f]{12}-/, '');

/**
 * The media library's files, newest first, with what ffprobe says of each (size, length). A file
 * ffprobe cannot read is left out of the list rather than failing it.
 */
export async function listMedia(libraryDir: string, ffprobe: string): Promise<MediaItem[]> {
  let names: string[];
  try {
    names = readdirSync(libraryDir).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
  const found = scanMedia([libraryDir]);
  const known = new Set(names.map((n) => join(libraryDir, n)));
  const items: Array<MediaItem & { mtime: number }> = [];
  for (const f of found.filter((x) => known.has(x.path))) {
    const st = statSync(f.path);
    const stamp = `${st.size}:${st.mtimeMs}`;
    let hit = probed.get(f.path);
    if (hit?.stamp !== stamp) {
      try {
        const info = await probeMedia(ffprobe, f.path);
        // the extension decides sound (an MP3's cover art is a video stream); the frames decide still or clip
        const kind: MediaItem['kind'] = f.kind === 'audio' || !info.video ? 'audio' : f.kind === 'image' || !info.duration ? 'image' : 'video';
        hit = { stamp, item: { path: f.path, name: displayName(f.path.slice(libraryDir.length + 1)), kind, width: info.video?.width, height: info.video?.height, duration: kind === 'image' ? undefined : info.duration } };
        probed.set(f.path, hit);
      } catch {
        continue;
      }
    }
    items.push({ ...hit.item, mtime: st.mtimeMs });
  }
  return items.sort((a, b) => b.mtime - a.mtime).map(({ mtime: _m, ...item }) => item);
}
