import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, posix, relative, resolve } from 'node:path';
import { fontsDir } from '../render/assets';
import { probeAudio } from './probe-audio';
import { InvalidInputError } from '../../preload/contract/errors';
import type { Template } from '../../preload/contract/template';
import { addUserFont } from '../fonts/font-store';
import { resolveFont } from '../fonts/find-font';
import { readFontNames } from '../fonts/font-names';
import type { UserFont } from '../../preload/contract/project';
import { parseTemplateDocument, resolveTemplatePaths } from './load-templates';
import { isZip, readZip, writeZip } from './zip';
import { writeFileAtomic } from '../files/partial-file';

/**
 * Template files as they travel between machines. A template that names no files of its own is
 * one JSON document, `<id>.reelforge-template.json`. One with the user's fonts or a music file is
 * a zip, `<id>.reelforge-template.zip`, holding `template.json` (its font and music paths relative
 * to the archive's root) and the files under `fonts/` and `music/`.
 */
export const TEMPLATE_JSON_SUFFIX = '.reelforge-template.json';
export const TEMPLATE_ZIP_SUFFIX = '.reelforge-template.zip';

export interface TemplatePackage {
  fileName: string;
  bytes: Buffer;
}

/** Where an imported package's files go: fonts into the app's font store, music into the media library. */
export interface UnpackTarget {
  home: string;
  library: string;
  /** FFprobe, to check that the music is audio (without it, the file's signature is checked) */
  ffprobe?: string;
}

const json = (t: Template) => Buffer.from(JSON.stringify(t, null, 2) + '\n', 'utf8');

export function packTemplate(template: Template): TemplatePackage {
  const files: Array<{ name: string; from: string; what: string }> = [];
  const used = new Set<string>();
  const place = (folder: string, from: string, what: string) => {
    let name = `${folder}/${basename(from)}`;
    for (let n = 2; used.has(name); n++) name = `${folder}/${basename(from, extname(from))}-${n}${extname(from)}`;
    used.add(name);
    files.push({ name, from, what });
    return name;
  };
  const fonts = [...template.style.fonts, ...systemFontsOf(template)].map((f) => ({ ...f, file: place('fonts', f.file, `the font "${f.family}"`) }));
  const music = template.music.file ? { ...template.music, file: place('music', template.music.file, 'the music') } : template.music;
  if (!files.length) return { fileName: `${template.id}${TEMPLATE_JSON_SUFFIX}`, bytes: json(template) };
  const missing = files.filter((f) => !existsSync(f.from));
  if (missing.length) {
    throw new InvalidInputError(`the template "${template.name}" cannot be exported:`, missing.map((f) => ({ path: f.name.startsWith('fonts') ? 'style.fonts' : 'music.file', message: `${f.what} is missing: ${f.from}` })));
  }
  const doc: Template = { ...template, style: { ...template.style, fonts }, music };
  return {
    fileName: `${template.id}${TEMPLATE_ZIP_SUFFIX}`,
    bytes: writeZip([{ name: 'template.json', data: json(doc) }, ...files.map((f) => ({ name: f.name, data: readFileSync(f.from) }))]),
  };
}

/**
 * The system fonts a template's families come from (titles in bold and regular, captions in their
 * weight), as fonts the package carries: the machine that imports it may not have them installed.
 * Only real font files fontconfig answered for the exact family, never a path the template names.
 */
function systemFontsOf(template: Template): UserFont[] {
  const style = template.style;
  const out: UserFont[] = [];
  for (const [family, bold] of [[style.font, true], [style.font, false], [style.caption.font, style.caption.bold]] as const) {
    const hit = resolveFont(family, bold, style.fonts);
    if (hit.source !== 'system' || out.some((f) => f.file === hit.file)) continue;
    try {
      out.push({ family: readFontNames(readFileSync(hit.file), hit.file).family, file: hit.file });
    } catch {
      // fontconfig named a file that is not a single TrueType/OpenType font: the family stays a name
    }
  }
  return out;
}

/** A path inside an archive, refusing ones that climb out of it. */
function entryPath(p: string): string | undefined {
  const n = posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
  return n.startsWith('../') || n.startsWith('/') || isAbsolute(n) ? undefined : n;
}

function copyIntoLibrary(library: string, data: Buffer, name: string, mode = 0o644): string {
  mkdirSync(library, { recursive: true });
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 12);
  const safe = basename(name).normalize('NFKD').replace(/[^\w.-]+/g, '-').slice(0, 60) || 'music';
  const target = join(library, `${hash}-${safe}`);
  if (!existsSync(target)) {
    writeFileAtomic(target, data, { mode });
  }
  restrict(target, mode);
  return target;
}

/** A template document is a few kilobytes; a larger one is refused before it is parsed. */
export const MAX_TEMPLATE_JSON_BYTES = 1024 * 1024;

/**
 * The files a template may name outside a package: the app's own (fonts in its font store, music
 * in its library, the bundled fonts), or, for a JSON document read from a folder, files inside
 * that folder named without `..`. Never an absolute path elsewhere: a template from someone else
 * must not carry away ~/.ssh/id_rsa or /etc/shadow as its "music".
 */
function ownRoots(target: Pick<UnpackTarget, 'home' | 'library'> | undefined): string[] {
  const roots = [fontsDir()];
  if (target) roots.push(join(target.home, 'fonts'), target.library);
  return roots;
}

function realInside(file: string, roots: string[]): boolean {
  let real: string;
  try {
    real = realpathSync.native(file);
  } catch {
    return false;
  }
  return roots.some((root) => {
    let r: string;
    try {
      r = realpathSync.native(root);
    } catch {
      return false;
    }
    const rel = relative(r, real);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
}

/** Checks the file paths of a template read from a JSON document, before they are resolved. */
function checkDocumentPaths(template: Template, name: string, baseDir: string | undefined, target: UnpackTarget | undefined): void {
  const problems: Array<{ path: string; message: string }> = [];
  const check = (file: string, path: string) => {
    const climbs = file.replace(/\\/g, '/').split('/').includes('..');
    if (climbs) return void problems.push({ path, message: `${file} climbs out of the template's folder (..); a template names only its own files` });
    if (isAbsolute(file) || /^[a-zA-Z]:/.test(file)) {
      if (!realInside(file, ownRoots(target))) problems.push({ path, message: `${file} is outside the template and the app's own folders; import the template's .zip package, which carries its files` });
      return;
    }
    if (!baseDir) problems.push({ path, message: `${file} is not in the package; import the template's .zip package, which carries its files` });
    else if (existsSync(resolve(baseDir, file)) && !realInside(resolve(baseDir, file), [baseDir])) problems.push({ path, message: `${file} leads outside the template's folder (a link)` });
  };
  template.style.fonts.forEach((f, i) => check(f.file, `style.fonts[${i}].file`));
  if (template.music.file) check(template.music.file, 'music.file');
  if (problems.length) throw new InvalidInputError(`${name} names files that are not its own:`, problems);
}

/**
 * Reads a template package (a JSON document or a zip) without keeping anything: the template with
 * its files still in the archive. `validate` and import both start here, so they agree.
 */
export function readTemplatePackage(bytes: Buffer, name: string, baseDir?: string, target?: UnpackTarget): { template: Template; files: Map<string, Buffer> } {
  if (!isZip(bytes)) {
    if (bytes.length > MAX_TEMPLATE_JSON_BYTES) throw new InvalidInputError(`${name} is ${Math.round(bytes.length / 1024)} KB; a template document is at most ${MAX_TEMPLATE_JSON_BYTES / 1024} KB`);
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (err) {
      throw new InvalidInputError(`${name} is neither a template (JSON) nor a template package (zip): ${(err as Error).message}`);
    }
    const template = parseTemplateDocument(data, name);
    checkDocumentPaths(template, name, baseDir, target);
    return { template: baseDir ? resolveTemplatePaths(template, baseDir) : template, files: new Map() };
  }
  const entries = readZip(bytes, name);
  const docs = entries.filter((e) => e.name === 'template.json' || (e.name.endsWith('.json') && !e.name.includes('/')));
  const doc = docs.find((e) => e.name === 'template.json') ?? (docs.length === 1 ? docs[0] : undefined);
  if (!doc) throw new InvalidInputError(`${name} holds no template.json (a template package has it at its root, with fonts/ and music/ beside it)`);
  if (doc.data.length > MAX_TEMPLATE_JSON_BYTES) throw new InvalidInputError(`${name} → ${doc.name} is ${Math.round(doc.data.length / 1024)} KB; a template document is at most ${MAX_TEMPLATE_JSON_BYTES / 1024} KB`);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(doc.data));
  } catch (err) {
    throw new InvalidInputError(`${name} → ${doc.name} is not valid JSON: ${(err as Error).message}`);
  }
  const template = parseTemplateDocument(data, `${name} → ${doc.name}`);
  const files = new Map<string, Buffer>();
  for (const e of entries) {
    const p = entryPath(e.name);
    if (p) files.set(p, e.data);
  }
  const problems: Array<{ path: string; message: string }> = [];
  template.style.fonts.forEach((f, i) => {
    const p = entryPath(f.file);
    if (!p || !files.has(p)) problems.push({ path: `style.fonts[${i}].file`, message: `the font file ${f.file} is not in the package` });
  });
  if (template.music.file) {
    const p = entryPath(template.music.file);
    if (!p || !files.has(p)) problems.push({ path: 'music.file', message: `the music file ${template.music.file} is not in the package` });
  }
  if (problems.length) throw new InvalidInputError(`${name} is not a complete template package:`, problems);
  return { template, files };
}

/**
 * Unpacks a template package into the app: its fonts into the font store (each checked to be a
 * real font, its family read from the file), its music into the media library. The template that
 * comes back names those copies, so it keeps working when the package is deleted.
 */
export function unpackTemplate(bytes: Buffer, name: string, target: UnpackTarget, baseDir?: string): Template {
  const { template, files } = readTemplatePackage(bytes, name, baseDir, target);
  // A file read from disk keeps its mode where that is stricter: a private file stays private.
  const read = (file: string, what: string): { data: Buffer; mode: number } => {
    const inside = files.get(entryPath(file) ?? '');
    if (inside) return { data: inside, mode: 0o644 };
    if (isAbsolute(file) && existsSync(file) && (realInside(file, ownRoots(target)) || (baseDir !== undefined && realInside(file, [baseDir])))) {
      return { data: readFileSync(file), mode: statSync(file).mode & 0o644 };
    }
    throw new InvalidInputError(`${name}: ${what} ${file} was not found; import the template's .zip package, which carries its files`);
  };
  const renamed = new Map<string, string>();
  const fonts = template.style.fonts.map((f) => {
    const { data, mode } = read(f.file, `the font "${f.family}"`);
    const added = addUserFont(target.home, data, `${name} → ${f.file}`);
    restrict(added.file, mode);
    if (added.family !== f.family) renamed.set(f.family, added.family);
    return added;
  });
  const family = (x: string) => renamed.get(x) ?? x;
  let music = template.music;
  if (template.music.file) {
    const { data, mode } = read(template.music.file, 'the music file');
    const file = copyIntoLibrary(target.library, data, template.music.file, mode);
    try {
      probeAudio(file, target.ffprobe, `${name}: the music file ${template.music.file}`);
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    }
    music = { ...template.music, file };
  }
  return {
    ...template,
    style: { ...template.style, font: family(template.style.font), caption: { ...template.style.caption, font: family(template.style.caption.font) }, fonts },
    music,
  };
}

function restrict(file: string, mode: number): void {
  try {
    if ((statSync(file).mode & 0o777 & ~mode) !== 0) chmodSync(file, mode);
  } catch {
    // a file system without modes
  }
}
