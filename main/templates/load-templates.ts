import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { templateSchema, type Template } from '../../preload/contract/template';
import { appResources } from '../../native/resources';

export const builtInTemplateDir = appResources().templatesDir;

/** Parses one template file; a broken one is reported with the path of every problem. */
export function loadTemplateFile(path: string): Template {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InvalidInputError(`template ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = templateSchema.safeParse(data);
  if (!parsed.success) {
    throw new InvalidInputError(
      `template ${path} is not a valid template:`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** Built-in templates, then the user's (a user template with the same id replaces a built-in one). */
export function listTemplates(dirs: string[] = [builtInTemplateDir]): Template[] {
  const byId = new Map<string, Template>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const t = loadTemplateFile(join(dir, f));
      if (t.id !== basename(f, '.json')) throw new InvalidInputError(`template ${join(dir, f)} has id "${t.id}": name the file ${t.id}.json`);
      byId.set(t.id, t);
    }
  }
  return [...byId.values()];
}

/** A template by id, or by path to a .json file. */
export function findTemplate(idOrPath: string, dirs?: string[]): Template {
  if (idOrPath.endsWith('.json')) return loadTemplateFile(idOrPath);
  const all = listTemplates(dirs);
  const t = all.find((x) => x.id === idOrPath);
  if (!t) throw new StudioError('NOT_FOUND', `no template "${idOrPath}"; templates: ${all.map((x) => x.id).join(', ')}`);
  return t;
}
