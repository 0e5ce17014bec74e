import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

/** A hidden temp name next to the output (same file system, so the final rename is atomic); the extension is kept so FFmpeg picks the same muxer. */
export function partialPath(output: string, defaultExt = ''): string {
  const ext = extname(output) || defaultExt;
  // no `%` in our own name: FFmpeg's image muxer would read `%d` as a frame number
  return join(dirname(output), `.${basename(output, ext).replace(/%/g, '_')}.${process.pid}-${Date.now().toString(36)}.partial${ext}`);
}

/**
 * Runs `write` against a partial file beside `output` and renames it over `output` only when
 * `write` finished: a full disk, a crash or a cancel leaves the user's path as it was (absent or
 * the previous file), never half a file. The partial file is removed on any failure.
 */
export async function writeViaPartial<T>(output: string, write: (partial: string) => Promise<T>): Promise<T> {
  const partial = partialPath(output);
  try {
    const result = await write(partial);
    renameSync(partial, output);
    return result;
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Writes a small file through a temporary name beside it and a rename: a reader sees the old file
 * or the new one, and a failed write (a full disk) leaves neither half a file nor the temp file.
 * `mode` is set on the temp file before the rename, so a secret is never readable by others, not
 * even for a moment, and a umask or an earlier file's mode cannot widen it.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, opts: { mode?: number } = {}): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data, opts.mode === undefined ? undefined : { mode: opts.mode });
    if (opts.mode !== undefined) chmodSync(tmp, opts.mode);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
