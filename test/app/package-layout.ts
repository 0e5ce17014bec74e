// Lays an app out as electron-builder does from its configuration: the `files` patterns (with the
// platform's own added) select the project's files, every production dependency from the lock
// file comes along minus the excluded patterns, and `asarUnpack` decides which files go to
// app.asar.unpacked. The archive is a real one, written by @electron/asar.
import { createPackageFromStreams } from '@electron/asar';
import { copyFileSync, createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Configuration } from 'electron-builder';

export interface PackagedFile {
  /** path inside the app, with forward slashes */
  rel: string;
  source: string;
  unpacked: boolean;
}

/** electron-builder's glob patterns as regular expressions (`**`, `*`, `?`, `{a,b}`). */
export function globToRegExp(glob: string): RegExp {
  const esc = (s: string) => s.replace(/[.+^$()|[\]\\]/g, '\\$&');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += `(?:${glob.slice(i + 1, end).split(',').map(esc).join('|')})`;
      i = end;
    } else re += esc(c);
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, rel: string, out: Array<{ rel: string; source: string }>, skipNested: boolean): void {
  for (const name of readdirSync(dir)) {
    const source = join(dir, name);
    const r = `${rel}/${name}`;
    const st = lstatSync(source);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      if (skipNested && (name === 'node_modules' || name === '.bin')) continue;
      walk(source, r, out, skipNested);
    } else if (st.isFile()) out.push({ rel: r, source });
  }
}

type Platform = 'linux' | 'darwin' | 'win32';
const platformKey = { linux: 'linux', darwin: 'mac', win32: 'win' } as const;

export interface LayoutInput {
  projectDir: string;
  /** where the build put dist/ (the test builds into a temporary folder) */
  distDir: string;
  config: Configuration;
  platform: Platform;
  /** files put in place as something outside the build would (e.g. ffmpeg-static's download) */
  extra?: Record<string, string>;
}

export function packagedFiles(input: LayoutInput): PackagedFile[] {
  const { config, projectDir } = input;
  const platformFiles = (config[platformKey[input.platform]] as { files?: string[] } | undefined)?.files ?? [];
  const patterns = [...((config.files as string[]) ?? []), ...platformFiles];
  const include = patterns.filter((p) => !p.startsWith('!')).map(globToRegExp);
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => globToRegExp(p.slice(1)));
  const unpack = ((config.asarUnpack as string[]) ?? []).map(globToRegExp);

  const found: Array<{ rel: string; source: string }> = [];
  const roots = new Set(patterns.filter((p) => !p.startsWith('!')).map((p) => p.split('/')[0]!));
  for (const root of roots) {
    const source = root === 'dist' ? input.distDir : join(projectDir, root);
    if (!existsSync(source)) continue;
    if (statSync(source).isDirectory()) walk(source, root, found, false);
    else found.push({ rel: root, source });
  }
  // production dependencies: every installed package of the lock file that is not a dev one
  const lock = JSON.parse(readFileSync(join(projectDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const deps: Array<{ rel: string; source: string }> = [];
  for (const [path, meta] of Object.entries(lock.packages)) {
    if (!path || meta.dev || meta.devOptional) continue;
    const dir = join(projectDir, path);
    if (existsSync(dir)) walk(dir, path, deps, true);
  }

  const files = new Map<string, PackagedFile>();
  for (const f of found) {
    const rel = f.rel.replace(/^\/+/, '');
    if (include.some((r) => r.test(rel)) && !exclude.some((r) => r.test(rel))) files.set(rel, { rel, source: f.source, unpacked: false });
  }
  for (const f of deps) if (!exclude.some((r) => r.test(f.rel))) files.set(f.rel, { rel: f.rel, source: f.source, unpacked: false });
  for (const [rel, source] of Object.entries(input.extra ?? {})) files.set(rel, { rel, source, unpacked: false });
  for (const f of files.values()) f.unpacked = unpack.some((r) => r.test(f.rel));
  return [...files.values()].sort((a, b) => a.rel.localeCompare(b.rel));
}

/** Writes resources/app.asar (and app.asar.unpacked) as electron-builder would. */
export async function writeAppAsar(files: PackagedFile[], resourcesDir: string): Promise<string> {
  const dest = join(resourcesDir, 'app.asar');
  await createPackageFromStreams(
    dest,
    files.map((f) => ({
      path: f.rel,
      type: 'file' as const,
      unpacked: f.unpacked,
      stat: statSync(f.source),
      streamGenerator: () => createReadStream(f.source),
    })),
  );
  return dest;
}

/**
 * Copies `extraResources` into the resources folder as electron-builder does (`from` → `to`, only
 * the names `filter` lists). `sources` stands in for a `from` folder that something outside the
 * build fills (the release workflow's model fetch); a `from` that does not exist is skipped, as
 * electron-builder skips it.
 */
export function writeExtraResources(config: Configuration, projectDir: string, resourcesDir: string, sources: Record<string, string> = {}): string[] {
  const written: string[] = [];
  const entries = (config.extraResources ?? []) as Array<{ from: string; to: string; filter?: string[] }>;
  for (const e of entries) {
    const from = sources[e.from] ?? join(projectDir, e.from);
    if (!existsSync(from)) continue;
    const keep = (e.filter ?? ['**/*']).map(globToRegExp);
    const found: Array<{ rel: string; source: string }> = [];
    walk(from, '', found, false);
    for (const f of found) {
      const rel = f.rel.replace(/^\//, '');
      if (!keep.some((r) => r.test(rel))) continue;
      const dest = join(resourcesDir, e.to, rel);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(f.source, dest);
      written.push(dest);
    }
  }
  return written;
}
