import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appResources } from '../../native/resources';

/** The bundled fonts, for libass's `fontsdir` (outside the asar in a packaged app: FFmpeg reads them). */
export function fontsDir(): string {
  return appResources().fontsDir;
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
