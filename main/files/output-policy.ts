import { existsSync, lstatSync, readFileSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { ProjectDocument } from '../../preload/contract/project';
import { dbPath, modelsDir, sessionsDir } from '../paths';
import { mediaRefs } from '../project/load-project';
import type { Db } from '../store/open-database';
import { refuseOutputOverInput, type NamedInput } from './output-guard';

/**
 * The one rule book for every path the app writes a finished file to (a video, an upscaled image,
 * caption files), whichever door asked: the CLI, the studio, the bridge, REST, MCP, batch.
 *
 * - Never one of the job's own inputs, never the app's own files (the database and its -wal/-shm,
 *   the library, models, fonts, keys, templates, voices, sessions, caches), never a special file
 *   (/proc, /dev, /sys, a fifo, a socket, a device, a folder).
 * - A door that runs for other programs (`agent`: REST, MCP, the loopback bridge) also writes only
 *   under the folders the user allowed (by default the app's renders folder and the user's Videos
 *   folder), takes only absolute paths, and never replaces an existing file the app did not make.
 *
 * Checked when the job is queued and again just before the finished file is renamed into place.
 */
export type OutputDoor = 'local' | 'agent';

export interface OutputRules {
  door: OutputDoor;
  /** for the agent door: the folders it may write under */
  allowed: string[];
}

export interface OutputPolicyOptions {
  /** the app's data folder, whose own files are never an output */
  home: string;
  door: OutputDoor;
  /** agent door: the folders it may write under (see allowedOutputFolders) */
  allowed?: string[];
  /** files the job reads: never replaced */
  inputs?: NamedInput[];
  /** another folder of the app's own (the models folder chosen in Settings) */
  ownFolders?: string[];
  /** agent door: whether the app made the file now at `output` (an earlier job's output): only such a file may be replaced */
  madeByApp?: (path: string) => boolean;
}

/** The user's Videos folder (Movies on macOS; XDG_VIDEOS_DIR where the desktop names one). */
export function userVideosDir(env: Readonly<Record<string, string | undefined>> = {}, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Movies');
  if (platform === 'linux') {
    const named = env.XDG_VIDEOS_DIR ?? xdgUserDir('VIDEOS');
    if (named && isAbsolute(named)) return named;
  }
  return join(homedir(), 'Videos');
}

function xdgUserDir(name: string): string | undefined {
  try {
    const text = readFileSync(join(homedir(), '.config', 'user-dirs.dirs'), 'utf8');
    const m = new RegExp(`^XDG_${name}_DIR="([^"]*)"`, 'm').exec(text);
    return m ? m[1]!.replace(/^\$HOME/, homedir()) : undefined;
  } catch {
    return undefined;
  }
}

/** Where the agent doors may write: the app's renders folder always, then the folders chosen in Settings, else the user's Videos folder. */
export function allowedOutputFolders(home: string, configured: readonly string[], videos: string): string[] {
  const chosen = configured.filter((f) => isAbsolute(f));
  return [join(home, 'renders'), ...(chosen.length ? chosen : [videos])];
}

/** The app's own folders under its home: an output never lands inside one (renders/ is where outputs go). */
const OWN_FOLDERS = ['library', 'models', 'fonts', 'keys', 'secrets', 'templates', 'voices', 'cache', 'previews', 'sessions'];

const SPECIAL_ROOTS = ['/proc', '/dev', '/sys'];

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** The real path of `p`, following links, or of its nearest existing folder with the rest appended (the file may not exist yet). */
export function realPathOf(p: string): string {
  const abs = resolve(p);
  const tail: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      return join(realpathSync.native(cur), ...tail.reverse());
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return abs;
      tail.push(basename(cur));
      cur = parent;
    }
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

const refuse = (output: string, why: string) => new InvalidInputError(`refusing to write ${output}: ${why}`, [{ path: 'output', message: why }]);

/**
 * Checks an output path against the rules and returns it absolute. Throws InvalidInputError
 * (exit code 3, REST 400, an MCP tool error) naming the path and the reason.
 */
export function checkOutputPath(output: string, opts: OutputPolicyOptions): string {
  if (!output || output.includes('\0')) throw refuse(JSON.stringify(output), 'not a file path');
  if (opts.door === 'agent' && !isAbsolute(output)) throw refuse(output, 'give a full path (a relative path would depend on the server’s working folder)');
  if (/^[\\/]{2}[.?][\\/]/.test(output)) throw refuse(output, 'it is a device path, not a file');
  if (process.platform === 'win32' && /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(basename(output))) throw refuse(output, 'it is a device name on Windows');
  const abs = resolve(output);
  const real = realPathOf(abs);

  for (const root of SPECIAL_ROOTS) {
    if (process.platform !== 'win32' && (inside(abs, root) || inside(real, root))) throw refuse(output, `it is inside ${root}, which holds the system’s special files, not documents`);
  }
  const link = lstatOrUndefined(abs);
  const st = statOrUndefined(abs);
  if (link && !st) throw refuse(output, 'it is a link to nothing; remove the link or choose another path');
  if (st?.isDirectory()) throw new InvalidInputError(`the output ${output} is a folder; give a file name (for example ${resolve(abs, 'video.mp4')})`, [{ path: 'output', message: 'is a folder' }]);
  if (st && !st.isFile()) throw refuse(output, 'it is a special file (a device, a pipe or a socket), not a regular file');

  // The app's own files, by real path (a link into the home is the home).
  const home = realPathOf(opts.home);
  const db = realPathOf(dbPath(opts.home));
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (real === `${db}${suffix}`) throw refuse(output, `it is the app’s database (${basename(db)}${suffix}); every project, job and template is kept there`);
  }
  for (const folder of [...OWN_FOLDERS.map((f) => join(home, f)), realPathOf(sessionsDir(opts.home)), realPathOf(modelsDir(opts.home)), ...(opts.ownFolders ?? []).filter(Boolean).map(realPathOf)]) {
    if (inside(real, folder)) throw refuse(output, `it is inside the app’s own folder ${folder}; choose a folder of your own`);
  }
  if (st) {
    // A hard link to the database is the database, whatever its name.
    const dbStat = statOrUndefined(dbPath(opts.home));
    if (dbStat && dbStat.ino !== 0 && dbStat.dev === st.dev && dbStat.ino === st.ino) throw refuse(output, 'it is the app’s database');
  }

  if (opts.door === 'agent') {
    const allowed = (opts.allowed ?? []).map(realPathOf);
    if (!allowed.some((f) => inside(real, f) && real !== f)) {
      throw refuse(output, `programs may write only under ${(opts.allowed ?? []).join(' or ')} (Settings → Output folders adds others)`);
    }
    if (st && !(opts.madeByApp?.(abs) ?? false)) throw refuse(output, 'a file is already there and Reelforge did not make it; choose a new file name');
  }
  refuseOutputOverInput(abs, opts.inputs ?? []);
  return abs;
}

/** A job's output rules travel with it in its session folder, so the check before the final rename applies the same ones. */
const RULES_FILE = 'output-rules.json';

export function saveOutputRules(sessionLogs: string, rules: OutputRules): void {
  writeFileSync(join(sessionLogs, RULES_FILE), JSON.stringify(rules));
}

export function loadOutputRules(sessionLogs: string): OutputRules {
  const file = join(sessionLogs, RULES_FILE);
  if (!existsSync(file)) return { door: 'local', allowed: [] };
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as OutputRules;
    return r.door === 'agent' ? { door: 'agent', allowed: Array.isArray(r.allowed) ? r.allowed.map(String) : [] } : { door: 'local', allowed: [] };
  } catch {
    // unreadable rules: the strict ones (nothing to replace, nowhere outside the renders folder)
    return { door: 'agent', allowed: [] };
  }
}

/** Every file a project reads: its media, narration, music and the user's fonts its styles name. */
export function projectInputs(project: ProjectDocument): NamedInput[] {
  const found: NamedInput[] = mediaRefs(project).map((r) => ({ file: r.file, what: `the project's media ${r.path}` }));
  project.style.fonts.forEach((f, i) => found.push({ file: f.file, what: `the project's font style.fonts[${i}]` }));
  project.scenes.forEach((s, i) => s.style?.fonts.forEach((f, j) => found.push({ file: f.file, what: `the project's font scenes[${i}].style.fonts[${j}]` })));
  return found;
}

/** Whether an earlier job of this queue delivered the file at `path` (the only files an agent door may replace). */
export function madeByQueue(db: Db, path: string): boolean {
  return !!db.prepare("SELECT 1 FROM jobs WHERE output = ? AND state = 'completed' LIMIT 1").get(resolve(path));
}
