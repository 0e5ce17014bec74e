import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The shipped assets folder (fonts, templates, examples); REELFORGE_ASSETS overrides it. Every
 * module finds assets through here: the relative URL below is also right for the bundled app,
 * whose main file sits two folders deep (dist/app/) like this one.
 */
export function assetsDir(): string {
  if (process.env.REELFORGE_ASSETS) return process.env.REELFORGE_ASSETS;
  return fileURLToPath(new URL('../../assets', import.meta.url));
}

export function fontsDir(): string {
  return join(assetsDir(), 'fonts');
}

/**
 * A font file for drawtext, which takes a file rather than a family name. Inter ships with the app;
 * other families are left to libass/fontconfig (captions), and drawtext falls back to Inter.
 */
export function fontFile(bold: boolean): string {
  const file = join(fontsDir(), bold ? 'Inter-Bold.ttf' : 'Inter-Regular.ttf');
  if (!existsSync(file)) throw new Error(`the bundled font is missing: ${file}`);
  return file;
}
