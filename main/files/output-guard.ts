import { realpathSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';

/** A file a command reads, named for the message: "the project's media scenes[2].visual.path". */
export interface NamedInput {
  file: string;
  what: string;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

/** Same file: one device and inode (symlinks and hard links included), or one real path where the file system has no inode numbers. */
function sameFile(a: string, aStat: Stats, b: string): boolean {
  const bStat = statOrUndefined(b);
  if (!bStat) return false;
  if (aStat.ino !== 0 && bStat.ino !== 0) return aStat.dev === bStat.dev && aStat.ino === bStat.ino;
  const ra = realOrUndefined(a);
  const rb = realOrUndefined(b);
  return ra !== undefined && ra === rb;
}

/**
 * Refuses an output path that would replace one of the command's own inputs (a project's media,
 * its music, the image being upscaled, the CSV, the model) or that names a folder, before any
 * work starts: the output is renamed over its path at the end, and the user's original would be gone.
 */
export function refuseOutputOverInput(output: string, inputs: NamedInput[]): void {
  const out = resolve(output);
  const st = statOrUndefined(out);
  if (!st) return; // nothing there yet: it cannot be an input
  if (st.isDirectory()) throw new InvalidInputError(`the output ${output} is a folder; give a file name (for example ${resolve(out, 'video.mp4')})`);
  for (const input of inputs) {
    if (sameFile(out, st, resolve(input.file))) {
      throw new InvalidInputError(`refusing to write ${output}: it is ${input.what} (${input.file}), which would be replaced; choose another output path`);
    }
  }
}
