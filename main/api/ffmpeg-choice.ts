import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';

/**
 * The FFmpeg binary a user picked must be FFmpeg: an absolute path to a file that, run with
 * `-version`, says "ffmpeg version". The renderer never sends a path to run; the file comes from
 * a dialog of the main process (main/app/), and is checked here before it is kept.
 */
export async function verifyFfmpegBinary(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new InvalidInputError(`the FFmpeg binary must be an absolute path, not '${path}'`);
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new InvalidInputError(`no file at ${path}`);
  const out = await new Promise<string>((resolve) => {
    execFile(path, ['-version'], { timeout: 10_000, maxBuffer: 256 * 1024, windowsHide: true }, (err, stdout) => resolve(err ? '' : String(stdout)));
  });
  const first = out.split('\n')[0] ?? '';
  if (!/^ffmpeg version \S+/.test(first)) throw new InvalidInputError(`${path} is not FFmpeg (running it with -version did not print "ffmpeg version …"); choose the ffmpeg program itself`);
  return first.trim();
}

/** updateSettings may clear the FFmpeg path or leave it as it is; setting one goes through chooseFfmpeg. */
export function refuseTypedFfmpegPath(requested: string | undefined, current: string): void {
  if (requested === undefined || requested === '' || requested === current) return;
  throw new InvalidInputError('the FFmpeg binary is chosen with Settings → FFmpeg → Choose… (a file dialog), not typed in; an empty value finds FFmpeg automatically');
}
