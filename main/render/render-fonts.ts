import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import { sceneStyle, type ProjectDocument, type Style, type UserFont } from '../../preload/contract/project';
import { fontsDir } from './assets';
import { resolveFont } from '../fonts/find-font';

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
 * and the system fonts this project names, hard-linked (or copied) into the render's work folder. libass loads every
 * font in that folder and matches a caption style's Fontname against their family names, so a
 * user font is found by name without installing it in the system; only one folder can be given,
 * hence the gathering.
 */
export function gatherRenderFonts(project: ProjectDocument, workDir: string): string {
  const fonts = projectFonts(project);
  // the system fonts the looks name travel too: a farm worker gets this folder, not the system's fonts
  const system = systemFontFiles([project.style, ...project.scenes.map((s) => sceneStyle(project, s))]);
  if (!fonts.length && !system.length) return fontsDir();
  const missing = missingFonts(project);
  if (missing.length) throw new InvalidInputError('the project cannot be rendered:', missing);
  const dir = join(workDir, 'fonts');
  mkdirSync(dir, { recursive: true });
  const bundled = readdirSync(fontsDir()).filter((n) => /\.(ttf|otf)$/i.test(n)).map((n) => join(fontsDir(), n));
  for (const src of [...bundled, ...fonts.map((f) => f.file), ...system]) {
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
 * The font file drawtext (text cards, overlays, the title) and the designed scenes draw a style's
 * titles in: its "Titles and cards" family, found among the user's fonts the style names, the
 * bundled fonts and the system's (drawtext and resvg take a file, not a family); the bundled
 * Inter for a family nobody has.
 */
export function drawtextFont(style: Style, bold = true): string {
  return resolveFont(style.font, bold, style.fonts).file;
}

/** The files of the families a project's styles name (titles and captions) that come from the system, not the user or the app. */
export function systemFontFiles(styles: ReadonlyArray<Style | undefined>): string[] {
  const files = new Set<string>();
  for (const style of styles) {
    if (!style) continue;
    for (const [family, bold] of [[style.font, true], [style.font, false], [style.caption.font, style.caption.bold]] as const) {
      const hit = resolveFont(family, bold, style.fonts);
      if (hit.source === 'system') files.add(hit.file);
    }
  }
  return [...files];
}
