import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { StudioError } from '../../preload/contract/errors';
import { appLayout, resourcesFor } from '../resources';

export type ToolName = 'ffmpeg' | 'ffprobe';
export type LocateSource = 'setting' | 'env' | 'ffmpeg-static' | 'ffprobe-static' | 'sibling' | 'path' | 'fallback';

export interface Located {
  tool: ToolName;
  path: string;
  source: LocateSource;
  /** why this one was chosen, and what was tried before it */
  reason: string;
}

export interface LocateOptions {
  /** the user's setting (from the app's settings or --ffmpeg) */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** REELFORGE_FFMPEG / REELFORGE_FFPROBE and PATH: the environment the entry point read */
  env: Readonly<Record<string, string | undefined>>;
  platform?: NodeJS.Platform;
}

const exe = (name: string, platform: NodeJS.Platform) => (platform === 'win32' ? `${name}.exe` : name);

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Well-known install folders, tried last, because GUI apps often start without the shell's PATH. */
function fallbackDirs(platform: NodeJS.Platform, env: LocateOptions['env']): string[] {
  if (platform === 'win32') {
    const pf = env.ProgramFiles ?? 'C:\\Program Files';
    return [join(pf, 'ffmpeg', 'bin'), 'C:\\ffmpeg\\bin', join(env.LOCALAPPDATA ?? '', 'Microsoft', 'WinGet', 'Links')];
  }
  if (platform === 'darwin') return ['/opt/homebrew/bin', '/usr/local/bin', '/opt/local/bin'];
  return ['/usr/bin', '/usr/local/bin', '/snap/bin', '/opt/ffmpeg/bin'];
}

/**
 * ffmpeg-static's binary, where its install script could download it (an optional dependency: where
 * the download is out of reach the package is dropped and the install still succeeds). Found by
 * path rather than by loading the package, so that in a packaged app the path is the unpacked copy
 * a process can execute, not the one inside app.asar.
 */
function fromFfmpegStatic(platform: NodeJS.Platform): string | undefined {
  const p = resourcesFor({ ...appLayout(), platform }).ffmpegStatic;
  return isExecutable(p) ? p : undefined;
}

function onPath(name: string, env: LocateOptions['env'], platform: NodeJS.Platform): string | undefined {
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, exe(name, platform));
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Finds a tool in this order: the user's setting → REELFORGE_FFMPEG / REELFORGE_FFPROBE →
 * ffmpeg-static (ffmpeg only) → next to the chosen ffmpeg (ffprobe only) → PATH → well-known folders.
 * A setting or variable that points at nothing is an error, not something to skip silently:
 * the user asked for that binary.
 */
export function locateTool(tool: ToolName, opts: LocateOptions, ffmpeg?: Located): Located {
  const env = opts.env;
  const platform = opts.platform ?? process.platform;
  const tried: string[] = [];
  const setting = tool === 'ffmpeg' ? opts.ffmpegPath : opts.ffprobePath;
  const envName = tool === 'ffmpeg' ? 'REELFORGE_FFMPEG' : 'REELFORGE_FFPROBE';

  for (const [value, source, label] of [
    [setting, 'setting', 'the setting'],
    [env[envName], 'env', envName],
  ] as const) {
    if (!value) continue;
    if (isExecutable(value)) return { tool, path: value, source, reason: `${label} points at it` };
    throw new StudioError('FFMPEG_MISSING', `${label} says ${tool} is at ${value}, but no executable is there`);
  }
  tried.push(`no setting or ${envName}`);

  if (tool === 'ffmpeg') {
    const p = fromFfmpegStatic(platform);
    if (p) return { tool, path: p, source: 'ffmpeg-static', reason: 'the ffmpeg-static package ships it' };
    tried.push('ffmpeg-static has no binary');
  } else if (ffmpeg) {
    const sibling = join(dirname(ffmpeg.path), exe('ffprobe', platform));
    if (isExecutable(sibling)) return { tool, path: sibling, source: 'sibling', reason: `it sits next to ${ffmpeg.path}` };
    tried.push(`none next to ${ffmpeg.path}`);
    // ffmpeg-static carries no ffprobe: where its ffmpeg is used, ffprobe-static's pairs with it
    if (ffmpeg.source === 'ffmpeg-static') {
      const p = resourcesFor({ ...appLayout(), platform }).ffprobeStatic;
      if (isExecutable(p)) return { tool, path: p, source: 'ffprobe-static', reason: 'the ffprobe-static package ships it (beside ffmpeg-static)' };
      tried.push('ffprobe-static has no binary for this machine');
    }
  }

  const p = onPath(tool, env, platform);
  if (p) return { tool, path: p, source: 'path', reason: `found on PATH (${tried.join('; ')})` };
  tried.push('not on PATH');

  for (const dir of fallbackDirs(platform, env)) {
    const candidate = join(dir, exe(tool, platform));
    if (isExecutable(candidate)) return { tool, path: candidate, source: 'fallback', reason: `found in ${dir} (${tried.join('; ')})` };
  }
  throw new StudioError(
    'FFMPEG_MISSING',
    `${tool} was not found (${tried.join('; ')}; none in the usual folders). Install FFmpeg ` +
      `(Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg) ` +
      `or set ${envName} to its path.`,
  );
}

/**
 * What to do when no FFmpeg is found, for `reelforge doctor` and the studio's settings page: the
 * installers carry one, a checkout gets one from ffmpeg-static when its download can run, and
 * anyone can install the platform's package or point Reelforge at a binary.
 */
export function ffmpegAdvice(platform: NodeJS.Platform = process.platform): string[] {
  const install =
    platform === 'win32' ? 'winget install ffmpeg' : platform === 'darwin' ? 'brew install ffmpeg' : 'sudo apt-get install ffmpeg (Fedora: sudo dnf install ffmpeg)';
  return [
    `install FFmpeg for this system: ${install}`,
    'or, in a checkout, with the internet reachable: npm rebuild ffmpeg-static (downloads FFmpeg for this machine; where the download is out of reach the install skips it)',
    'or point Reelforge at a binary: Settings → FFmpeg binary in the app, or REELFORGE_FFMPEG=/path/to/ffmpeg (and REELFORGE_FFPROBE)',
  ];
}

export interface FfmpegTools {
  ffmpeg: Located;
  ffprobe: Located;
}

export function locateFfmpeg(opts: LocateOptions): FfmpegTools {
  const ffmpeg = locateTool('ffmpeg', opts);
  const ffprobe = locateTool('ffprobe', opts, ffmpeg);
  return { ffmpeg, ffprobe };
}
