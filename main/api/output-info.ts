import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';

export interface OutputInfo {
  path: string;
  sizeBytes: number;
  durationSeconds?: number;
  width?: number;
  height?: number;
  /** a JPEG of a frame a third of the way in, under the previews folder */
  thumbnail?: string;
}

/** Described once per file version: the queue asks again on every change of every job. */
const cache = new Map<string, OutputInfo>();

/**
 * What the queue shows of a finished video: its size, length, shape and a thumbnail (a real frame
 * of the file, cut by FFmpeg), kept by the file's path, size and time.
 */
export async function describeOutput(path: string, opts: { ffmpeg: string; ffprobe: string; thumbsDir: string }): Promise<OutputInfo> {
  const st = statSync(path);
  const key = createHash('sha256').update(JSON.stringify([path, st.size, st.mtimeMs])).digest('hex').slice(0, 20);
  const known = cache.get(key);
  if (known) return known;
  const info = await probeMedia(opts.ffprobe, path);
  const thumbnail = join(opts.thumbsDir, `${key}.jpg`);
  if (!existsSync(thumbnail) && info.video) {
    mkdirSync(opts.thumbsDir, { recursive: true });
    const partial = `${thumbnail}.part.jpg`;
    try {
      const at = info.duration ? Math.min(info.duration / 3, 5) : 0;
      await runFfmpeg(opts.ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-ss', String(at), '-i', path, '-frames:v', '1', '-vf', 'scale=-2:240', '-q:v', '4', partial]);
      renameSync(partial, thumbnail);
    } finally {
      rmSync(partial, { force: true });
    }
  }
  const described: OutputInfo = {
    path,
    sizeBytes: st.size,
    durationSeconds: info.duration,
    width: info.video?.width,
    height: info.video?.height,
    thumbnail: existsSync(thumbnail) ? thumbnail : undefined,
  };
  cache.set(key, described);
  return described;
}
