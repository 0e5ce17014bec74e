import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { InvalidInputError, StudioError, type Issue } from '../../preload/contract/errors';
import { zodIssues } from '../../preload/contract/issues';
import { PROJECT_VERSION, projectSchema, type ProjectDocument } from '../../preload/contract/project';

export interface LoadedProject {
  project: ProjectDocument;
  /** the folder relative media paths are resolved against */
  baseDir: string;
  file?: string;
}

/**
 * Decodes a user's text file, the same way for every kind (project, script, CSV, template):
 * UTF-8 with or without a byte-order mark, or UTF-16 (little- or big-endian) with its BOM, as
 * Windows editors save "Unicode" text. Anything else is refused with the offset of the first bad
 * byte — including UTF-16 without a BOM, whose NUL bytes would otherwise end up in captions.
 */
export function decodeUtf8(bytes: Uint8Array, what: string): string {
  const b = bytes;
  const utf16 = b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(b.subarray(2));
    } catch {
      throw new InvalidInputError(`${what} starts as UTF-16 text but is not valid UTF-16; save it as UTF-8 and try again`);
    }
  }
  const nul = b.indexOf(0);
  if (nul !== -1) throw new InvalidInputError(`${what} contains NUL bytes (first at offset ${nul}): it is UTF-16 without a byte-order mark, or not text; save it as UTF-8 and try again`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b); // drops a UTF-8 BOM
  } catch {
    throw new InvalidInputError(`${what} is not UTF-8 text (first bad byte at offset ${firstInvalidUtf8(b)}); save it as UTF-8 and try again`);
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

/**
 * Parses and validates a project document: version first (a newer document is refused before its
 * shape is judged, so the message is about the version, not about fields this version doesn't know),
 * then the schema, then the media files it names.
 */
export function parseProject(data: unknown, baseDir: string, what = 'the project'): LoadedProject {
  if (data && typeof data === 'object' && 'version' in data) {
    const v = (data as { version: unknown }).version;
    if (typeof v === 'number' && v > PROJECT_VERSION) {
      throw new StudioError(
        'UNSUPPORTED_VERSION',
        `${what} was written by a newer Reelforge (document version ${v}; this one reads up to ${PROJECT_VERSION}). Update Reelforge to open it.`,
      );
    }
  }
  const parsed = projectSchema.safeParse(data);
  if (!parsed.success) throw new InvalidInputError(`${what} is not a valid Reelforge project:`, zodIssues(parsed.error));
  const project = resolveMediaPaths(parsed.data, baseDir);
  const missing = checkMediaFiles(project);
  if (missing.length) throw new InvalidInputError(`${what} refers to media that cannot be used:`, missing);
  return { project, baseDir };
}

export function loadProjectFile(file: string): LoadedProject {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InvalidInputError(`cannot read the project file ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
  const text = decodeUtf8(bytes, file);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InvalidInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return { ...parseProject(data, dirname(resolve(file)), file), file: resolve(file) };
}

export interface MediaRef {
  /** JSON path of the field, for messages */
  path: string;
  file: string;
  /** the stream the file must have to serve in that place */
  needs: 'video' | 'audio';
  set(v: string): void;
}

/** Every media path in the document, with its JSON path, for checks and rewriting. */
export function mediaRefs(project: ProjectDocument): MediaRef[] {
  const refs: MediaRef[] = [];
  project.scenes.forEach((scene, i) => {
    const v = scene.visual;
    if (v.type === 'image' || v.type === 'video') refs.push({ path: `scenes[${i}].visual.path`, file: v.path, needs: 'video', set: (p) => (v.path = p) });
    // a generated clip or an avatar is a file only once a job has made it
    if ((v.type === 'generated' || v.type === 'avatar') && v.path !== undefined) refs.push({ path: `scenes[${i}].visual.path`, file: v.path, needs: 'video', set: (p) => (v.path = p) });
    if (scene.audio !== undefined) refs.push({ path: `scenes[${i}].audio`, file: scene.audio, needs: 'audio', set: (p) => (scene.audio = p) });
  });
  const a = project.audio;
  if (a.narration !== undefined) refs.push({ path: 'audio.narration', file: a.narration, needs: 'audio', set: (p) => (a.narration = p) });
  if (a.music) {
    const m = a.music;
    refs.push({ path: 'audio.music.path', file: m.path, needs: 'audio', set: (p) => (m.path = p) });
  }
  return refs;
}

function resolveMediaPaths(project: ProjectDocument, baseDir: string): ProjectDocument {
  const copy = structuredClone(project);
  for (const ref of mediaRefs(copy)) if (!isAbsolute(ref.file)) ref.set(resolve(baseDir, ref.file));
  return copy;
}

export function checkMediaFiles(project: ProjectDocument): Issue[] {
  const issues: Issue[] = [];
  for (const ref of mediaRefs(project)) {
    try {
      const st = statSync(ref.file);
      if (!st.isFile()) issues.push({ path: ref.path, message: `not a file: ${ref.file}` });
      else if (st.size === 0) issues.push({ path: ref.path, message: `file is empty (0 bytes): ${ref.file}` });
    } catch {
      issues.push({ path: ref.path, message: `file not found: ${ref.file}` });
    }
  }
  return issues;
}
