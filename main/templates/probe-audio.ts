import { spawnSync } from 'node:child_process';
import { InvalidInputError } from '../../preload/contract/errors';
import { readHead, sniffFormat } from '../media/sniff-format';

/**
 * Checks that a file is audio a render can use: its signature is an audio or video container and,
 * where FFprobe is at hand, FFprobe finds an audio stream with a length in it. A file of zeros or a
 * text file named `.m4a` is refused with the name of what carried it.
 */
export function probeAudio(file: string, ffprobe: string | undefined, what: string): void {
  const sniffed = sniffFormat(readHead(file));
  if (!sniffed || sniffed.kind === 'image') throw new InvalidInputError(`${what} is not audio (its first bytes are no audio format); a template's music is an audio file such as .m4a, .mp3, .wav`);
  if (!ffprobe) return;
  const r = spawnSync(ffprobe, ['-v', 'error', '-select_streams', 'a', '-show_entries', 'stream=codec_type,duration:format=duration', '-of', 'json', file], { encoding: 'utf8', timeout: 30_000, maxBuffer: 1024 * 1024 });
  let info: { streams?: Array<{ codec_type?: string }>; format?: { duration?: string } } = {};
  try {
    info = JSON.parse(r.stdout || '{}') as typeof info;
  } catch {
    // unreadable answer: treated as no audio
  }
  const audio = (info.streams ?? []).some((s) => s.codec_type === 'audio');
  const seconds = Number(info.format?.duration ?? 0);
  if (r.status !== 0 || !audio || !(seconds > 0)) {
    const why = (r.stderr ?? '').trim().split('\n')[0]?.slice(0, 200);
    throw new InvalidInputError(`${what} is not audio FFprobe can read${why ? ` (${why})` : ' (no audio stream)'}; a template's music is an audio file such as .m4a, .mp3, .wav`);
  }
}
