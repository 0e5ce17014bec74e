import { realpathSync, statSync } from 'node:fs';
import { readHead, sniffFormat } from '../../media/sniff-format';
import pathApi, { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * Decides whether a local file may be served to the renderer (the Electron media protocol and the
 * bridge's /media route both ask here). Only files inside the allowed roots (media library, job
 * session folders), or exactly a file the library's projects name (a picture the user chose where
 * it lies), qualify; `..`, symlinks out of a root and relative paths are refused. Only regular
 * files: a folder has no bytes to serve, and reading one fails mid-response.
 */
export function allowedMediaPath(requested: string, roots: readonly string[], files: () => Iterable<string> = () => []): string | undefined {
  if (!requested || requested.includes('\0') || !isAbsolute(requested)) return undefined;
  // Lexically first, before the disk is touched: on Windows even a stat of \\host\share opens
  // an SMB connection (and hands the user's credentials to that host).
  // (A root is our own folder: resolving its links, /var → /private/var on macOS, is safe.)
  const inRoot = roots.some((root) => lexicallyInside(requested, root) || lexicallyInside(requested, realOr(root)));
  const named = !inRoot && isNamed(requested, files());
  if (!inRoot && !named) return undefined;
  let real: string;
  try {
    real = realpathSync(resolve(requested));
    if (!statSync(real).isFile()) return undefined;
    // the very file a project names, if its bytes are a picture, a clip or a sound: the user chose
    // it (a link they made is followed, as a render follows it)
    if (named) return sniffFormat(readHead(real)) ? real : undefined;
  } catch {
    return undefined;
  }
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = realpathSync(root);
    } catch {
      continue;
    }
    const rel = relative(realRoot, real);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..')) return real;
  }
  return undefined;
}

/** Whether `path` is, by the strings alone, one of `files` (absolute paths; a relative one names nothing). */
function isNamed(path: string, files: Iterable<string>): boolean {
  const wanted = resolve(path);
  for (const f of files) if (isAbsolute(f) && resolve(f) === wanted) return true;
  return false;
}

function realOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Whether `path` names something strictly inside `root`, by the strings alone (no file system
 * call). A UNC path (\\host\share, //host/share) is inside only a root that is itself on that share.
 */
export function lexicallyInside(path: string, root: string, api: Pick<typeof import('node:path'), 'resolve' | 'relative' | 'isAbsolute' | 'sep'> = pathApi): boolean {
  const unc = (p: string) => /^[\\/]{2}[^\\/]/.test(p);
  if (unc(path) && !unc(root)) return false;
  const rel = api.relative(api.resolve(root), api.resolve(path));
  return rel !== '' && !api.isAbsolute(rel) && rel.split(/[\\/]/)[0] !== '..';
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.ass': 'text/x-ssa; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

export const contentType = (file: string) => types[extname(file).toLowerCase()] ?? 'application/octet-stream';
