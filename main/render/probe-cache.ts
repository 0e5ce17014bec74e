import { statSync } from 'node:fs';
import { probeMedia, type MediaInfo } from '../../native/ffmpeg/probe';

/**
 * Media probed for the editor's pictures (stills, streamed previews), by path, size and time:
 * scrubbing, every edit and every "Play" read the same files again, and a probe can cost as much
 * as the frame itself. A changed file is probed anew.
 */
const probed = new Map<string, MediaInfo>();

export async function probeOnce(ffprobe: string, file: string, o: { signal?: AbortSignal }): Promise<MediaInfo> {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}`;
  const known = probed.get(key);
  if (known) return known;
  const info = await probeMedia(ffprobe, file, o);
  if (probed.size > 500) probed.clear();
  probed.set(key, info);
  return info;
}
