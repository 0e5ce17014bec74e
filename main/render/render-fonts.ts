import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { ProjectDocument, Style, UserFont } from '../../preload/contract/project';
import { fontFile, fontsDir } from './assets';

/** Every user font the project's styles name (the project's own and its scenes'), once each. */
export function projectFonts(project: ProjectDocument): UserFont[] {
  const byFile = new Map<string, UserFont>();
  for (const style of [project.style, ...project.scenes.map((s) => s.style)]) {
    for (const f of style?.fonts ?? []) byFile.set(f.file, f);
  }
  return [...byFile.values()];
}

/** Fonts a project names whose files are gone, as issues with their JSON paths. */
export function missingFonts(project: ProjectDocument): Issue[] {
  const issues: Issue[] = [];
  const check = (style: Style | undefined, at: string) =>
    style?.fonts.forEach((f, k) => {
      if (!existsSync(f.file)) issues.push({ path: `${at}.fonts[${k}].file`, message: `the font "${f.family}" is missing: ${f.file} (add the font again in the template editor)` });
    });
  check(project.style, 'style');
  project.scenes.forEach((s, i) => check(s.style, `scenes[${i}].style`));
  return issues;
}

/**
 * The fonts folder one render hands libass (`fontsdir`): the bundled fonts plus the user fonts
 * this project names, hard-linked (or copied) into the render's work folder. libass loads every
 * font in that folder and matches a caption style's Fontname against their family names, so a
 * user font is found by name without installing it in the system; only one folder can be given,
 * hence the gathering.
 */
export function gatherRenderFonts(project: ProjectDocument, workDir: string): string {
  const fonts = projectFonts(project);
  if (!fonts.length) return fontsDir();
  const missing = missingFonts(project);
  if (missing.length) throw new InvalidInputError('the project cannot be rendered:', missing);
  const dir = join(workDir, 'fonts');
  mkdirSync(dir, { recursive: true });
  const bundled = readdirSync(fontsDir()).filter((n) => /\.(ttf|otf)$/i.test(n)).map((n) => join(fontsDir(), n));
  for (const src of [...bundled, ...fonts.map((f) => f.file)]) {
    const dest = join(dir, basename(src));
    if (existsSync(dest)) continue;
    try {
      linkSync(src, dest);
    } catch {
      copyFileSync(src, dest); // another drive, or a file system without hard links
    }
  }
  return dir;
}

/**
 * The font file drawtext (text cards, overlays, the title) uses for a style: the user font of the
 * style's family when it has one, else the bundled Inter (drawtext takes a file, not a family).
 */
export function drawtextFont(style: Style, bold = true): string {
  const own = style.fonts.find((f) => f.family.toLowerCase() === style.font.toLowerCase());
  return own?.file ?? fontFile(bold);
}
