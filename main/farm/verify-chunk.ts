import { runFfmpeg } from '../../native/ffmpeg/run';
import type { FarmChunk } from './coordinator-server';

/**
 * An uploaded chunk is accepted only if it is the video the chunk asked for: one video stream of
 * the render's codec and size, with exactly the chunk's number of frames (counted, not read from
 * the header), and no sound (the sound is mixed once, on the coordinator).
 */
export async function verifyChunk(ffprobe: string, spec: Pick<FarmChunk, 'frames'>, expect: { width: number; height: number; codec: string }, file: string): Promise<void> {
  const { stdout } = await runFfmpeg(ffprobe, ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_type,codec_name,width,height,nb_read_packets', '-of', 'json', file]);
  const streams = (JSON.parse(stdout) as { streams?: Array<Record<string, string | number>> }).streams ?? [];
  const video = streams.filter((s) => s.codec_type === 'video');
  if (video.length !== 1 || streams.length !== 1) throw new Error(`expected one video stream and nothing else, found ${streams.map((s) => s.codec_type).join(', ') || 'none'}`);
  const v = video[0]!;
  if (v.codec_name !== expect.codec) throw new Error(`its codec is ${v.codec_name}, the render's is ${expect.codec}`);
  if (Number(v.width) !== expect.width || Number(v.height) !== expect.height) throw new Error(`it is ${v.width}×${v.height}, the render is ${expect.width}×${expect.height}`);
  if (Number(v.nb_read_packets) !== spec.frames) throw new Error(`it has ${v.nb_read_packets} frames, the chunk has ${spec.frames}`);
}
