import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import type { ProjectDocument } from '../../preload/contract/project';
import { TEMPLATE_VERSION, templateSchema, type Template, type TemplateInput } from '../../preload/contract/template';
import type { Db } from '../store/open-database';
import * as store from '../store/templates';
import { builtInTemplateDir, listTemplateFiles, loadTemplateFile, parseTemplateDocument } from './load-templates';
import { unpackTemplate } from './template-package';
import { slugOf } from '../files/slug';

/**
 * Where a template comes from: shipped with the app (read-only), a JSON file in <home>/templates
 * (the user's own file: read, never written), or the database (made in the studio's editor,
 * imported, or saved from a project: the only kind the app edits and deletes).
 */
export type TemplateSource = 'built-in' | 'file' | 'user';

export interface TemplateEntry {
  template: Template;
  source: TemplateSource;
  /** a hash of the document: a thumbnail drawn for it is still right while this is the same */
  hash: string;
  /** the file, for built-in and file templates */
  path?: string;
  updatedAt?: number;
}

export interface TemplateLibraryOptions {
  /** user templates; without it only built-in and file templates are found */
  db?: Db;
  /** the app's data folder: <home>/templates holds template files, <home>/fonts the user's fonts */
  home?: string;
  /** imported music goes here (default <home>/library) */
  library?: string;
  builtInDir?: string;
  /** FFprobe, to check an imported template's music is audio */
  ffprobe?: string;
}

export const templateHash = (t: Template) => createHash('sha256').update(JSON.stringify(t)).digest('hex').slice(0, 16);

const slug = (s: string) => slugOf(s, { fallback: 'template', ascii: true });

/**
 * The one place every template lookup goes through: the studio (gallery, editor, apply, make),
 * the CLI (`make --template`, `batch`, `templates …`) and the agent servers. A user template is
 * validated by the contract's schema each time it is read, so a row a newer Reelforge wrote, or
 * one damaged by hand, is refused with a message rather than half-used.
 */
export class TemplateLibrary {
  constructor(private readonly opts: TemplateLibraryOptions = {}) {}

  private fileEntries(): TemplateEntry[] {
    const dirs = [this.opts.builtInDir ?? builtInTemplateDir, ...(this.opts.home ? [join(this.opts.home, 'templates')] : [])];
    const builtIn = dirs[0]!;
    return listTemplateFiles(dirs).map(({ template, path }) => ({ template, path, source: dirname(path) === builtIn ? 'built-in' : 'file', hash: templateHash(template) }));
  }

  private userEntry(row: store.StoredTemplate): TemplateEntry {
    const what = `the template "${row.name}" (${row.id}) in the library`;
    if (row.version > TEMPLATE_VERSION) {
      throw new StudioError('UNSUPPORTED_VERSION', `${what} was saved by a newer Reelforge (template version ${row.version}; this one reads up to ${TEMPLATE_VERSION}). Update Reelforge to use it.`);
    }
    const template = parseTemplateDocument(row.document, what);
    return { template, source: 'user', hash: templateHash(template), updatedAt: row.updatedAt };
  }

  /**
   * Every template: built-in, then files, then the user's. A user template that cannot be read is
   * left out of the list and reported in `problems`, so one bad row never empties the gallery.
   */
  listWithProblems(): { entries: TemplateEntry[]; problems: Array<{ id: string; message: string }> } {
    const entries = this.fileEntries();
    const problems: Array<{ id: string; message: string }> = [];
    if (this.opts.db) {
      for (const row of store.listTemplates(this.opts.db)) {
        try {
          entries.push(this.userEntry(row));
        } catch (err) {
          problems.push({ id: row.id, message: (err as Error).message });
        }
      }
    }
    return { entries, problems };
  }

  list(): TemplateEntry[] {
    return this.listWithProblems().entries;
  }

  /** A template by id; NOT_FOUND names the ones there are. */
  entry(id: string): TemplateEntry {
    const row = this.opts.db && store.getTemplate(this.opts.db, id);
    if (row) return this.userEntry(row);
    const found = this.fileEntries().find((e) => e.template.id === id);
    if (found) return found;
    throw new StudioError('NOT_FOUND', `no template "${id}"; templates: ${this.list().map((e) => e.template.id).join(', ')}`);
  }

  get(id: string): Template {
    return this.entry(id).template;
  }

  /**
   * A template by id, or from a file: a template JSON (`.json`) or a package (`.zip`), read where
   * it lies without importing it (its fonts are used from the package only once imported).
   */
  resolve(ref: string): Template {
    if (ref.endsWith('.json')) return loadTemplateFile(resolve(ref));
    if (ref.endsWith('.zip')) {
      if (!this.opts.home) throw new InvalidInputError(`a template package (${ref}) needs the app's data folder to unpack its fonts into`);
      return unpackTemplate(readFileSync(resolve(ref)), ref, this.target());
    }
    return this.get(ref);
  }

  private target() {
    const home = this.opts.home!;
    return { home, library: this.opts.library ?? join(home, 'library'), ffprobe: this.opts.ffprobe };
  }

  private db(): Db {
    if (!this.opts.db) throw new StudioError('INTERNAL', 'the template library was opened without its database');
    return this.opts.db;
  }

  private taken(id: string): boolean {
    return (!!this.opts.db && !!store.getTemplate(this.opts.db, id)) || this.fileEntries().some((e) => e.template.id === id);
  }

  /** An id no template has yet, from a name. */
  freeId(name: string): string {
    const base = slug(name);
    let id = base;
    for (let n = 2; this.taken(id); n++) id = `${base}-${n}`;
    return id;
  }

  /**
   * Saves a user template (a new one, or a change to one of the user's). A built-in template or a
   * template file is never overwritten: its id is refused, with what to do instead.
   */
  save(input: TemplateInput | Template): TemplateEntry {
    const template = parseTemplateDocument({ ...input, version: TEMPLATE_VERSION }, `the template "${(input as { name?: string }).name ?? input.id}"`);
    const existing = this.fileEntries().find((e) => e.template.id === template.id);
    if (existing) {
      throw new InvalidInputError(
        existing.source === 'built-in'
          ? `"${existing.template.name}" is a built-in template and cannot be changed; duplicate it and edit the copy`
          : `"${existing.template.name}" is read from your file ${existing.path} and is not changed by the app; duplicate it and edit the copy`,
      );
    }
    store.saveTemplate(this.db(), { id: template.id, name: template.name, version: TEMPLATE_VERSION, document: template });
    return this.entry(template.id);
  }

  /** A user copy of any template, under a new id and name. */
  duplicate(id: string, name?: string): TemplateEntry {
    const source = this.get(id);
    const copyName = name?.trim() || `${source.name} (copy)`;
    return this.save({ ...source, id: this.freeId(copyName), name: copyName });
  }

  rename(id: string, name: string): TemplateEntry {
    const entry = this.entry(id);
    if (entry.source !== 'user') throw new InvalidInputError(`"${entry.template.name}" is ${entry.source === 'built-in' ? 'a built-in template' : `read from ${entry.path}`} and cannot be renamed; duplicate it first`);
    return this.save({ ...entry.template, name: name.trim() });
  }

  /** Deletes a user template and returns it, so that the studio can offer to put it back. */
  remove(id: string): Template {
    const entry = this.entry(id);
    if (entry.source !== 'user') throw new InvalidInputError(`"${entry.template.name}" is ${entry.source === 'built-in' ? 'a built-in template' : `read from ${entry.path}`} and cannot be deleted here`);
    store.deleteTemplate(this.db(), id);
    return entry.template;
  }

  /**
   * A project's look as a new user template: its style (fonts, colours, captions, transition, Ken
   * Burns), its frame, its music; structure, pacing and phrases from the template it was made
   * with (or the first built-in), since a project has no script structure of its own.
   */
  fromProject(project: ProjectDocument, name: string): TemplateEntry {
    const all = this.list();
    const base = all.find((e) => e.template.id === project.template)?.template ?? all[0]!.template;
    const card = project.scenes.map((s) => s.visual).find((v) => v.type === 'gradient' || v.type === 'color');
    const music = project.audio.music;
    const still = project.scenes.map((s) => s.visual).find((v) => v.type === 'image');
    const motion = still?.type === 'image' ? motionOf(still.zoom, still.pan) : base.motion;
    return this.save({
      ...base,
      id: this.freeId(name),
      name: name.trim(),
      description: `Saved from the project "${project.title}".`,
      preset: project.settings.preset,
      style: { ...project.style, caption: { ...project.style.caption, enabled: true } },
      motion,
      cards: card?.type === 'gradient' ? { kind: 'gradient', from: card.from, to: card.to, direction: card.direction } : card?.type === 'color' ? { ...base.cards, kind: 'color', from: card.color } : base.cards,
      music: music ? { ...base.music, file: music.path, volume: music.volume } : base.music,
    });
  }

  /** Imports a template file's bytes (JSON or package) as a new user template; an id in use gets a new one. */
  import(bytes: Buffer, name: string, baseDir?: string): TemplateEntry {
    if (!this.opts.home) throw new StudioError('INTERNAL', 'the template library was opened without the app data folder');
    const template = unpackTemplate(bytes, name, this.target(), baseDir);
    const id = this.taken(template.id) ? this.freeId(template.id) : template.id;
    return this.save({ ...template, id });
  }
}

/** The template motion a still's zoom and pan amount to (the inverse of kenBurnsFor). */
function motionOf(zoom: [number, number], pan: string): Template['motion'] {
  const [a, b] = zoom;
  const strength = Math.min(0.5, Math.max(0, Math.abs(b - a) || Math.max(a, b) - 1));
  const direction = pan !== 'none' ? (pan as Template['motion']['direction']) : b >= a ? 'in' : 'out';
  return templateSchema.shape.motion.parse({ strength: Math.round(strength * 1000) / 1000, direction });
}
