import { StudioError } from '../../preload/contract/errors';
import { runFfmpeg, FfmpegError } from './run';

export interface StreamInfo {
  index: number;
  type: 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';
  codec: string;
  width?: number;
  height?: number;
  /** frames per second, from r_frame_rate */
  fps?: number;
  frames?: number;
  duration?: number;
  sampleRate?: number;
  channels?: number;
}

export interface MediaInfo {
  path: string;
  format: string;
  /** seconds; undefined for a still image */
  duration?: number;
  streams: StreamInfo[];
  video?: StreamInfo;
  audio?: StreamInfo;
}

function ratio(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const [n, d] = s.split('/').map(Number);
  if (!n || !d) return undefined;
  return n / d;
}

const num = (v: unknown) => (v === undefined || v === 'N/A' ? undefined : Number(v));

export function parseProbeJson(path: string, json: string): MediaInfo {
  const data = JSON.parse(json) as {
    format?: { format_name?: string; duration?: string };
    streams?: Array<Record<string, string | number | undefined>>;
  };
  const streams: StreamInfo[] = (data.streams ?? []).map((s) => ({
    index: Number(s.index),
    type: (['video', 'audio', 'subtitle', 'data', 'attachment'].includes(String(s.codec_type)) ? s.codec_type : 'unknown') as StreamInfo['type'],
    codec: String(s.codec_name ?? 'unknown'),
    width: num(s.width),
    height: num(s.height),
    fps: ratio(s.r_frame_rate as string | undefined),
    frames: num(s.nb_frames) ?? num(s.nb_read_frames),
    duration: num(s.duration),
    sampleRate: num(s.sample_rate),
    channels: num(s.channels),
  }));
  const format = data.format?.format_name ?? 'unknown';
  const stillFormats = /image2|png_pipe|jpeg_pipe|webp_pipe|bmp_pipe|tiff_pipe|gif|svg/;
  const duration = stillFormats.test(format) ? undefined : num(data.format?.duration);
  return {
    path,
    format,
    duration,
    streams,
    video: streams.find((s) => s.type === 'video'),
    audio: streams.find((s) => s.type === 'audio'),
  };
}

/** ffprobe a file; a file FFmpeg cannot read is the user's problem, reported as invalid input. */
export async function probeMedia(ffprobe: string, path: string, opts: { signal?: AbortSignal; countFrames?: boolean } = {}): Promise<MediaInfo> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', ...(opts.countFrames ? ['-count_frames'] : []), path];
  try {
    const { stdout } = await runFfmpeg(ffprobe, args, { signal: opts.signal });
    return parseProbeJson(path, stdout);
  } catch (err) {
    if (err instanceof FfmpegError) {
      const why = err.stderrTail.trim().split('\n').pop() ?? 'unreadable';
      throw new StudioError('INVALID_INPUT', `cannot read media ${path}: ${why}`, { path });
    }
    throw err;
  }
}
