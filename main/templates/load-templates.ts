import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { zodIssues } from '../../preload/contract/issues';
import { newerTemplateVersion, templateSchema, TEMPLATE_VERSION, type Template } from '../../preload/contract/template';
import { appResources } from '../../native/resources';
import { decodeUtf8 } from '../project/load-project';

export const builtInTemplateDir = appResources().templatesDir;

/**
 * Validates a template document with the contract's schema: the version first (a template from
 * a newer Reelforge is refused for that, not for fields this one does not know), then every field,
 * each problem named by its path.
 */
export function parseTemplateDocument(data: unknown, what: string): Template {
  const newer = newerTemplateVersion(data);
  if (newer !== undefined) {
    throw new StudioError(
      'UNSUPPORTED_VERSION',
      `${what} was made by a newer Reelforge (template version ${newer}; this one reads up to ${TEMPLATE_VERSION}). Update Reelforge to use it.`,
    );
  }
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) throw new InvalidInputError(`${what} is not a valid template:`, zodIssues(parsed.error));
  return parsed.data;
}

/** Font and music paths in a template file are relative to the file's folder (or absolute). */
export function resolveTemplatePaths(t: Template, baseDir: string): Template {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    ...t,
    style: { ...t.style, fonts: t.style.fonts.map((f) => ({ ...f, file: abs(f.file) })) },
    music: t.music.file ? { ...t.music, file: abs(t.music.file) } : t.music,
  };
}

/** Reads a template file's JSON; a file that is not UTF-8 JSON is refused with its name. */
export function readTemplateJson(path: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InvalidInputError(`cannot read the template ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  const text = decodeUtf8(bytes, `template ${path}`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`template ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Parses one template file; a broken one is reported with the path of every problem. */
export function loadTemplateFile(path: string): Template {
  return resolveTemplatePaths(parseTemplateDocument(readTemplateJson(path), `template ${path}`), dirname(resolve(path)));
}

/** The templates in folders of JSON files, the later folder's replacing an earlier one's of the same id. */
export function listTemplateFiles(dirs: string[] = [builtInTemplateDir]): Array<{ template: Template; path: string }> {
  const byId = new Map<string, { template: Template; path: string }>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const path = join(dir, f);
      const t = loadTemplateFile(path);
      const stem = basename(f, '.json').replace(/\.reelforge-template$/, '');
      if (t.id !== stem) throw new InvalidInputError(`template ${path} has id "${t.id}": name the file ${t.id}.json`);
      byId.set(t.id, { template: t, path });
    }
  }
  return [...byId.values()];
}

/** The built-in templates (and, given more folders, the templates in them). */
export function listTemplates(dirs: string[] = [builtInTemplateDir]): Template[] {
  return listTemplateFiles(dirs).map((e) => e.template);
}

/** A built-in template by id, or a template file by path. The studio and the CLI use the template library. */
export function findTemplate(idOrPath: string, dirs?: string[]): Template {
  if (idOrPath.endsWith('.json')) return loadTemplateFile(idOrPath);
  const all = listTemplates(dirs);
  const t = all.find((x) => x.id === idOrPath);
  if (!t) throw new StudioError('NOT_FOUND', `no template "${idOrPath}"; templates: ${all.map((x) => x.id).join(', ')}`);
  return t;
}
