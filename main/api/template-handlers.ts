import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { MediaSource, StudioHandlers } from '../../preload/contract/studio-api';
import { readFontNames } from '../fonts/font-names';
import { addUserFont, listUserFonts } from '../fonts/font-store';
import { systemFontFamilies } from '../fonts/system-fonts';
import { listTemplates } from '../templates/load-templates';
import { fontsDir } from '../render/assets';
import { applyTemplateToProject, applyTemplateToScene } from '../templates/apply-template';
import { TemplateLibrary, type TemplateEntry } from '../templates/template-library';
import { packTemplate } from '../templates/template-package';
import type { StudioContext } from './studio-context';
import { locateTools, type RuntimeConfig } from '../config/runtime-config';
import { writeFileAtomic } from '../files/partial-file';

type TemplateHandlers = Pick<
  StudioHandlers,
  | 'listTemplates'
  | 'applyTemplate'
  | 'getTemplate'
  | 'saveTemplate'
  | 'duplicateTemplate'
  | 'renameTemplate'
  | 'deleteTemplate'
  | 'templateFromProject'
  | 'importTemplate'
  | 'exportTemplate'
  | 'listFonts'
  | 'importFont'
>;

/** The template library of a studio: built-in templates, <home>/templates files, the user's in its database. */
export function templateLibraryFor(ctx: Pick<StudioContext, 'db' | 'dirs'> & { config?: RuntimeConfig }): TemplateLibrary {
  return new TemplateLibrary({ db: ctx.db, home: ctx.dirs.home, library: ctx.dirs.library, ffprobe: ctx.config ? ffprobeOf(ctx.config) : undefined });
}

/** The configured FFprobe, or none where FFmpeg is missing (the music is then checked by its signature). */
export function ffprobeOf(config: RuntimeConfig): string | undefined {
  try {
    return locateTools(config).ffprobe.path;
  } catch {
    return undefined;
  }
}

export function templateSummary({ template: t, source, hash }: TemplateEntry) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    font: t.style.font,
    colors: t.style.colors,
    transition: t.style.transition.type,
    captionPosition: t.style.caption.position,
    preset: t.preset,
    source,
    hash,
  };
}

/** A dropped file's bytes (a plain browser sends them) or the file itself (Electron gives its path). */
function sourceBytes(source: MediaSource): { bytes: Buffer; baseDir?: string } {
  if ('base64' in source) return { bytes: Buffer.from(source.base64, 'base64') };
  try {
    return { bytes: readFileSync(source.path), baseDir: dirname(source.path) };
  } catch (err) {
    throw new InvalidInputError(`“${source.name}” cannot be read: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
}

/** The studio's template library, editor and drag-and-drop methods (issue 14). */
export function createTemplateHandlers(ctx: StudioContext): TemplateHandlers {
  const library = () => templateLibraryFor(ctx);
  const exportsDir = join(ctx.dirs.previews, 'template-files');
  return {
    listTemplates: async () => library().list().map(templateSummary),
    applyTemplate: async (project, templateId, sceneIndex) => {
      const template = library().get(templateId);
      // the template the project had: a still framed as it framed stills was not framed by hand
      let previous;
      try {
        previous = project.template ? library().get(project.template) : undefined;
      } catch {
        previous = undefined;
      }
      const report = { changed: [] as string[], kept: [] as string[] };
      const restyled = sceneIndex === undefined ? applyTemplateToProject(project, template, { previous, report }) : applyTemplateToScene(project, sceneIndex, template, { previous, report });
      return { project: restyled, ...report };
    },
    getTemplate: async (id) => {
      const e = library().entry(id);
      return { template: e.template, source: e.source, hash: e.hash };
    },
    saveTemplate: async (template) => templateSummary(library().save(template)),
    duplicateTemplate: async (id, name) => templateSummary(library().duplicate(id, name)),
    renameTemplate: async (id, name) => templateSummary(library().rename(id, name)),
    deleteTemplate: async (id) => library().remove(id),
    templateFromProject: async (project, name) => templateSummary(library().fromProject(project, name)),
    importTemplate: async (source) => {
      const { bytes, baseDir } = sourceBytes(source);
      return templateSummary(library().import(bytes, source.name, baseDir));
    },
    exportTemplate: async (id) => {
      const template = library().get(id);
      const pkg = packTemplate(template);
      mkdirSync(exportsDir, { recursive: true });
      const path = join(exportsDir, pkg.fileName);
      writeFileAtomic(path, pkg.bytes);
      // the file a person saves is named for the template as they know it ("Coffee Channel"), not its id
      return { path, fileName: `${fileSafeName(template.name) || template.id}${pkg.fileName.slice(template.id.length)}` };
    },
    listFonts: async () => {
      const bundled = new Set(readdirSync(fontsDir()).filter((n) => /\.(ttf|otf)$/i.test(n)).map((n) => readFontNames(readFileSync(join(fontsDir(), n)), n).family));
      const looks = new Set(listTemplates().flatMap((t) => [t.style.font, t.style.caption.font]));
      return { bundled: [...bundled], looks: [...looks].sort(), system: await systemFontFamilies(), user: listUserFonts(ctx.dirs.home) };
    },
    importFont: async (source) => addUserFont(ctx.dirs.home, sourceBytes(source).bytes, `“${source.name}”`),
  };
}

/** A name as a file name: the characters file systems (and a drag's DownloadURL, split at ':') refuse taken out. */
const fileSafeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100);
