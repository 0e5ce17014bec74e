import type { JobView, OutputInfo } from '../../preload/contract/studio-api';

/** Bits per pixel per frame H.264 spends on the studio's kind of picture (cards, stills, text) at each quality. */
const BITS_PER_PIXEL: Record<number, number> = { 18: 0.11, 23: 0.06, 28: 0.035 };
const AUDIO_BITS_PER_SECOND = 192_000;

/** The file's size, roughly: the picture at the quality's bit rate plus the sound. */
export function estimateBytes(o: { width: number; height: number; fps: number; seconds: number; quality: number; upscale?: number }): number {
  const scale = o.upscale ?? 1;
  const bpp = BITS_PER_PIXEL[o.quality] ?? 0.06;
  const video = o.width * scale * o.height * scale * o.fps * bpp;
  return ((video + AUDIO_BITS_PER_SECOND) * o.seconds) / 8;
}

/**
 * How long the export should take here, from this machine's own finished exports: seconds of work
 * per second of video per megapixel, the median of the last few. Undefined before the first export.
 */
export function estimateSeconds(o: { width: number; height: number; seconds: number }, history: Array<{ job: JobView; info: OutputInfo }>): number | undefined {
  const rates = history
    .filter(({ job, info }) => job.kind === 'render' && job.elapsedSeconds && info.durationSeconds && info.width && info.height)
    .slice(0, 5)
    .map(({ job, info }) => job.elapsedSeconds! / info.durationSeconds! / ((info.width! * info.height!) / 1e6))
    .sort((a, b) => a - b);
  if (!rates.length) return undefined;
  const median = rates[Math.floor(rates.length / 2)]!;
  return median * o.seconds * ((o.width * o.height) / 1e6);
}

export const fmtBytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(b >= 1e8 ? 0 : 1)} MB` : `${Math.max(1, Math.round(b / 1e3))} kB`);
export const fmtDuration = (s: number) => (s < 10 ? `${s.toFixed(1)} s` : s < 60 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);
