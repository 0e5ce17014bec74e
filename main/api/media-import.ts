import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import type { MediaItem, MediaSource } from '../../preload/contract/studio-api';
import { probeMedia } from '../../native/ffmpeg/probe';
import { FfmpegError, runFfmpeg } from '../../native/ffmpeg/run';
import { looksLikeMarkup, readHead, sniffFormat } from '../media/sniff-format';

/** A name safe on every file system, keeping the extension FFmpeg and the media protocol go by. */
function safeName(name: string): string {
  const ext = extname(name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 8);
  const stem = basename(name, extname(name)).normalize('NFKD').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'media';
  return `${stem}${ext}`;
}

/**
 * FFmpeg decodes more than media (an SVG, an HTML page with a GIF header): the library takes only
 * files whose bytes start as a media format the studio uses, with no page markup inside, so
 * nothing in it can ever be taken for a web page.
 */
function refuseNonMedia(file: string, name: string): void {
  const head = readHead(file, 4096);
  const format = sniffFormat(head);
  if (!format) throw new InvalidInputError(`“${name}” is not an image, video or sound file (its bytes are no media format the studio reads; SVG and web pages are not media).`);
  // a still is small enough to search whole; a polyglot hides its page after the image header
  const whole = format.kind === 'image' && statSync(file).size <= 64 * 1024 * 1024 ? readFileSync(file) : head;
  if (looksLikeMarkup(whole)) throw new InvalidInputError(`“${name}” is refused: it is ${format.format.toUpperCase()} on the outside but carries web-page markup inside.`);
}

/**
 * Brings a dropped file into the media library folder (so the app may serve it, and a project
 * keeps working when the original is moved), then asks ffprobe what it is. A file FFmpeg cannot
 * read is removed again and refused with a message that names it.
 */
export async function importMedia(source: MediaSource, libraryDir: string, tools: { ffprobe: string; ffmpeg: string }): Promise<MediaItem> {
  mkdirSync(libraryDir, { recursive: true });
  const name = source.name;
  const tmp = join(libraryDir, `.import-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);
  try {
    if ('path' in source) {
      if (!existsSync(source.path) || !statSync(source.path).isFile()) throw new InvalidInputError(`“${name}” cannot be imported: no file at ${source.path}`);
      try {
        linkSync(source.path, tmp); // same disk: no copy of a large video
      } catch {
        copyFileSync(source.path, tmp);
      }
    } else {
      writeFileSync(tmp, Buffer.from(source.base64, 'base64'));
    }
    if (statSync(tmp).size === 0) throw new InvalidInputError(`“${name}” is empty (0 bytes)`);
    refuseNonMedia(tmp, name);
    const hash = createHash('sha256').update(readFileSync(tmp)).digest('hex').slice(0, 12);
    const target = join(libraryDir, `${hash}-${safeName(name)}`);
    if (existsSync(target)) rmSync(tmp);
    else renameSync(tmp, target);

    let info;
    try {
      info = await probeMedia(tools.ffprobe, target);
      // ffprobe trusts a file's name and header; only decoding proves the frames are there
      await runFfmpeg(tools.ffmpeg, ['-v', 'error', '-xerror', '-i', target, '-t', '1', '-frames:v', '1', '-f', 'null', '-']);
    } catch (err) {
      rmSync(target, { force: true });
      if (err instanceof FfmpegError || (err instanceof StudioError && err.code === 'INVALID_INPUT')) {
        const why = (err instanceof FfmpegError ? err.stderrTail.trim().split('\n')[0] ?? 'undecodable' : err.message.replace(/^cannot read media [^:]*: /, '')).replace(/^\[[^\]]*\]\s*/, '');
        throw new InvalidInputError(`“${name}” is not an image, video or sound file that FFmpeg can read (${why.replace(/\.$/, "")}).`);
      }
      throw err;
    }
    const still = info.video && !info.duration;
    const kind: MediaItem['kind'] | undefined = info.video ? (still || (info.video.frames ?? 2) <= 1 ? 'image' : 'video') : info.audio ? 'audio' : undefined;
    if (!kind) {
      rmSync(target, { force: true });
      throw new InvalidInputError(`“${name}” has neither a picture nor sound.`);
    }
    return { path: target, name, kind, width: info.video?.width, height: info.video?.height, duration: kind === 'image' ? undefined : info.duration };
  } finally {
    rmSync(tmp, { force: true });
  }
}
