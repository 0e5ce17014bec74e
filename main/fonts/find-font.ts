import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserFont } from '../../preload/contract/project';
import { fontsDir } from '../render/assets';
import { readFontMetrics, type FontMetrics } from './font-metrics';
import { readFontNames } from './font-names';

/** Where a family's file was found: one of the user's fonts, the bundled ones, the system's, or a stand-in. */
export type FontSource = 'yours' | 'bundled' | 'system' | 'substitute';

export interface ResolvedFont {
  file: string;
  source: FontSource;
  /** the family name the file itself declares, as resvg matches it (its typographic family first) */
  family: string;
}

/**
 * The file libass will draw a family in, found the way it finds it: the user's fonts the style
 * names, the bundled fonts (the render's `fontsdir`), then the system's font matcher (fontconfig's
 * `fc-match`, which libass itself uses on Linux, and whose stand-in for an unknown family is kept),
 * and the bundled Inter when none answers.
 */
export function findFontFile(family: string, bold: boolean, userFonts: readonly UserFont[] = []): string {
  return lookUp(family, bold, userFonts).file;
}

/**
 * The file a title, card or designed scene draws a family in (drawtext and resvg take files):
 * the same search as captions, except that a family nobody has is drawn in the bundled Inter, not
 * in whatever the system would substitute, so an unknown name never changes the look by chance.
 */
export function resolveFont(family: string, bold: boolean, userFonts: readonly UserFont[] = []): ResolvedFont {
  const hit = lookUp(family, bold, userFonts);
  const file = hit.source === 'substitute' ? bundled(bold) : hit.file;
  const source: FontSource = hit.source === 'substitute' ? 'bundled' : hit.source;
  return { file, source, family: declaredFamily(file) };
}

function lookUp(family: string, bold: boolean, userFonts: readonly UserFont[]): { file: string; source: FontSource } {
  const key = `${family}\u0000${bold}\u0000${userFonts.map((f) => f.file).join('|')}`;
  const known = found.get(key);
  if (known) return known;
  const hit = search(family, bold, userFonts);
  found.set(key, hit);
  return hit;
}

const declared = new Map<string, string>();
/** The family resvg knows a file by (name ID 16, else 1); Inter when the file cannot be read. */
function declaredFamily(file: string): string {
  let name = declared.get(file);
  if (!name) {
    try {
      const n = readFontNames(readFileSync(file), file);
      name = n.typographicFamily ?? n.family;
    } catch {
      name = 'Inter';
    }
    declared.set(file, name);
  }
  return name;
}

const found = new Map<string, { file: string; source: FontSource }>();
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

const isBoldName = (names: string) => /bold|black|heavy/i.test(names);

function search(family: string, bold: boolean, userFonts: readonly UserFont[]): { file: string; source: FontSource } {
  const wanted = family.trim().toLowerCase();
  // a family imported in two weights: the one of the weight asked for
  const own = userFonts.filter((f) => f.family.toLowerCase() === wanted && existsSync(f.file));
  if (own.length) {
    const weighted = own.find((f) => {
      try {
        const n = readFontNames(readFileSync(f.file), f.file);
        return isBoldName(n.subfamily + n.fullName) === bold;
      } catch {
        return false;
      }
    });
    return { file: (weighted ?? own[0]!).file, source: 'yours' };
  }
  const candidates: Array<{ file: string; bold: boolean }> = [];
  for (const name of safeList(fontsDir())) {
    if (!/\.(ttf|otf)$/i.test(name)) continue;
    const file = join(fontsDir(), name);
    try {
      const n = readFontNames(readFileSync(file), file);
      if (n.family.toLowerCase() === wanted || n.family.toLowerCase() === `${wanted} bold`) candidates.push({ file, bold: isBoldName(n.subfamily + n.family) });
    } catch {
      // not a font: skip it
    }
  }
  const match = candidates.find((c) => c.bold === bold) ?? candidates[0];
  if (match) return { file: match.file, source: 'bundled' };
  try {
    // fontconfig answers every question, with a stand-in for a family it does not have: its own
    // family list (every name of the face) says whether the answer is the family asked for
    const [names = '', file = ''] = execFileSync('fc-match', ['-f', '%{family}\n%{file}', `${family}:${bold ? 'bold' : 'regular'}`], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).split('\n');
    const exact = names.split(',').some((n) => n.replace(/\\-/g, '-').trim().toLowerCase() === wanted);
    if (file && existsSync(file) && /\.(ttf|otf)$/i.test(file)) return { file, source: exact ? 'system' : 'substitute' };
  } catch {
    // no fontconfig on this system (Windows, macOS): the bundled font measures it
  }
  return { file: bundled(bold), source: 'substitute' };
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
