import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { UserFont } from '../../preload/contract/project';
import { readFontNames } from './font-names';
import { writeFileAtomic } from '../files/partial-file';

/** The app's own copy of the user's fonts: a template or project names them by absolute path here. */
export const userFontsDir = (home: string) => join(home, 'fonts');

/** At most this much per font file: a font is a few hundred kilobytes, a CJK one a few megabytes. */
const MAX_FONT_BYTES = 40 * 1024 * 1024;

const fileSafe = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'font';

/**
 * Copies a font into the app's data, named by its family and content hash: the same file added
 * twice is kept once, two different files never overwrite each other, and the copy stays usable
 * after the user moves or deletes the original. Written to a temporary name and renamed, so a
 * half-copied font is never found.
 */
export function addUserFont(home: string, bytes: Uint8Array, what: string): UserFont {
  if (bytes.byteLength > MAX_FONT_BYTES) throw new InvalidInputError(`${what} is ${Math.round(bytes.byteLength / 1048576)} MB; a font file is at most 40 MB`);
  const names = readFontNames(bytes, what);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const dir = userFontsDir(home);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${fileSafe(names.family)}-${fileSafe(names.subfamily)}-${hash}.${names.kind}`);
  if (!existsSync(file)) {
    writeFileAtomic(file, bytes);
  }
  return { family: names.family, file };
}

/** Every font in the app's font folder, by family (for the editor's font list). */
export function listUserFonts(home: string): UserFont[] {
  const dir = userFontsDir(home);
  if (!existsSync(dir)) return [];
  const fonts: UserFont[] = [];
  for (const name of readdirSync(dir).filter((n) => /\.(ttf|otf)$/i.test(n)).sort()) {
    const file = join(dir, name);
    try {
      fonts.push({ family: readFontNames(readFileSync(file), file).family, file });
    } catch {
      // a file someone put there by hand that is not a font: not offered
    }
  }
  return fonts;
}
