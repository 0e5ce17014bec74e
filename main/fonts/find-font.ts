import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserFont } from '../../preload/contract/project';
import { fontsDir } from '../render/assets';
import { readFontMetrics, type FontMetrics } from './font-metrics';
import { readFontNames } from './font-names';

/**
 * The file libass will draw a family in, found the way it finds it: the user's fonts the style
 * names, the bundled fonts (the render's `fontsdir`), then the system's font matcher (fontconfig's
 * `fc-match`, which libass itself uses on Linux), and the bundled Inter when none answers.
 */
export function findFontFile(family: string, bold: boolean, userFonts: readonly UserFont[] = []): string {
  const key = `${family}\u0000${bold}\u0000${userFonts.map((f) => f.file).join('|')}`;
  const known = found.get(key);
  if (known) return known;
  const file = search(family, bold, userFonts);
  found.set(key, file);
  return file;
}

const found = new Map<string, string>();
const metrics = new Map<string, FontMetrics>();

/** The measures of the font a family (bold or not) is drawn in; cached per file. */
export function fontMetricsFor(family: string, bold: boolean, userFonts: readonly UserFont[] = []): FontMetrics {
  const file = findFontFile(family, bold, userFonts);
  let m = metrics.get(file);
  if (!m) {
    try {
      m = readFontMetrics(file);
    } catch {
      m = readFontMetrics(bundled(bold));
    }
    metrics.set(file, m);
  }
  return m;
}

/** The measures of one font file (drawtext's), cached; the bundled Inter when it cannot be read. */
export function fontMetricsOfFile(file: string): FontMetrics {
  let m = metrics.get(file);
  if (!m) {
    try {
      m = readFontMetrics(file);
    } catch {
      m = readFontMetrics(bundled(true));
    }
    metrics.set(file, m);
  }
  return m;
}

const bundled = (bold: boolean) => join(fontsDir(), bold ? 'Inter-Bold.ttf' : 'Inter-Regular.ttf');

function search(family: string, bold: boolean, userFonts: readonly UserFont[]): string {
  const wanted = family.trim().toLowerCase();
  const own = userFonts.find((f) => f.family.toLowerCase() === wanted && existsSync(f.file));
  if (own) return own.file;
  const candidates: Array<{ file: string; bold: boolean }> = [];
  for (const name of safeList(fontsDir())) {
    if (!/\.(ttf|otf)$/i.test(name)) continue;
    const file = join(fontsDir(), name);
    try {
      const n = readFontNames(readFileSync(file), file);
      if (n.family.toLowerCase() === wanted || n.family.toLowerCase() === `${wanted} bold`) candidates.push({ file, bold: /bold|black|heavy/i.test(n.subfamily + n.family) });
    } catch {
      // not a font: skip it
    }
  }
  const match = candidates.find((c) => c.bold === bold) ?? candidates[0];
  if (match) return match.file;
  try {
    const file = execFileSync('fc-match', ['-f', '%{file}', `${family}:${bold ? 'bold' : 'regular'}`], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (file && existsSync(file) && /\.(ttf|otf)$/i.test(file)) return file;
  } catch {
    // no fontconfig on this system (Windows, macOS): the bundled font measures it
  }
  return bundled(bold);
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
