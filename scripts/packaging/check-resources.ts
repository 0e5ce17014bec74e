import { extractFile, listPackage, statFile } from '@electron/asar';
import { builtinModules } from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { layoutFor, resourceChecklist, resourcesFor, type AppResources } from '../../native/resources';
import { KOKORO_PIN, type CarriedModelRecord } from '../../native/tts/kokoro/kokoro-pin';
import { readExecutableTarget } from './executable-target';

export interface PackageTarget {
  platform: NodeJS.Platform;
  arch: string;
}

type AsarNode = { unpacked?: boolean; files?: Record<string, AsarNode> };

function archived(asarFile: string, rel: string): AsarNode | undefined {
  try {
    return statFile(asarFile, rel, false) as AsarNode;
  } catch {
    return undefined;
  }
}

/** Files under an archived folder that were left inside the asar. */
function packedInside(node: AsarNode, prefix: string): string[] {
  const out: string[] = [];
  for (const [name, child] of Object.entries(node.files ?? {})) {
    const path = `${prefix}/${name}`;
    if (child.files) out.push(...packedInside(child, path));
    else if (!child.unpacked) out.push(path);
  }
  return out;
}

/** The resources of the app packaged into `resourcesDir` (…/resources, or Contents/Resources). */
export function packagedResources(resourcesDir: string, target: PackageTarget): AppResources {
  return resourcesFor(layoutFor(join(resourcesDir, 'app.asar'), { ...target, electron: true }));
}

/**
 * Checks a packaged app against the resolver: every resource the code will compute exists, and
 * each one a native process reads (FFmpeg, Python, the dynamic loader) is a real file outside
 * app.asar. Returns one line per problem; none means the app finds everything it needs.
 */
export interface PackageCheckOptions {
  /** check the carried Kokoro model's size against the pin (off only for a test's stand-in) */
  kokoroSize?: boolean;
}

export function checkPackagedResources(resourcesDir: string, target: PackageTarget, opts: PackageCheckOptions = {}): string[] {
  const asarFile = join(resourcesDir, 'app.asar');
  if (!existsSync(asarFile)) return [`no app.asar in ${resourcesDir}`];
  const res = packagedResources(resourcesDir, target);
  const { root, unpackedRoot } = res.layout;
  const problems: string[] = [];
  // FFmpeg has its own check below, with what to do about it
  for (const entry of resourceChecklist(res).filter((e) => e.path !== res.ffmpegStatic && e.path !== res.ffprobeStatic)) {
    const outside = entry.path.startsWith(unpackedRoot + sep);
    const rel = relative(outside ? unpackedRoot : root, entry.path).split(sep).join('/');
    const node = archived(asarFile, rel);
    if (!outside) {
      if (!node) problems.push(`${entry.what}: ${rel} is missing from app.asar`);
      continue;
    }
    if (!existsSync(entry.path)) {
      problems.push(
        node
          ? `${entry.what}: ${rel} is inside app.asar, but the app reads it from app.asar.unpacked${entry.reader === 'native' ? ', as a native process must' : ''} (add it to asarUnpack)`
          : `${entry.what}: ${rel} is missing from the package`,
      );
      continue;
    }
    if (statSync(entry.path).isDirectory() && node) {
      const inside = packedInside(node, rel);
      if (inside.length) problems.push(`${entry.what}: ${inside.length} file(s) under ${rel} stayed inside app.asar (e.g. ${inside[0]}); add the folder to asarUnpack`);
    }
  }
  problems.push(...checkFfmpeg(res, target));
  problems.push(...checkKokoroModel(res, { size: opts.kokoroSize ?? true }));
  problems.push(...checkModules(asarFile));
  return problems;
}

/**
 * The installer carries the natural voice's model (an extra resource beside app.asar, opened by ONNX
 * Runtime from its path): the pinned export, as the fetch script's record says and, unless a test
 * turns it off, of the pinned size. Its SHA-256 was checked when it was fetched.
 */
export function checkKokoroModel(res: AppResources, opts: { size: boolean }): string[] {
  const fix = 'run `npm run fetch:kokoro` before packaging (the release workflow does)';
  const record = join(res.kokoroModel, '..', 'model.json');
  if (!existsSync(res.kokoroModel) || !statSync(res.kokoroModel).isFile()) return [`the package carries no Kokoro model (${res.kokoroModel} is missing): ${fix}`];
  if (!existsSync(record)) return [`the Kokoro model in the package has no record of where it came from (${record}): ${fix}`];
  const meta = JSON.parse(readFileSync(record, 'utf8')) as Partial<CarriedModelRecord>;
  const problems: string[] = [];
  if (meta.sha256 !== KOKORO_PIN.sha256) problems.push(`the packaged Kokoro model is not the pinned export (its record says SHA-256 ${meta.sha256}, the pin ${KOKORO_PIN.sha256}): ${fix}`);
  const bytes = statSync(res.kokoroModel).size;
  if (opts.size && bytes !== KOKORO_PIN.bytes) problems.push(`the packaged Kokoro model has ${bytes} bytes, the pinned export ${KOKORO_PIN.bytes}: ${fix}`);
  return problems;
}

const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * The packages the main bundle imports, and everything they depend on, must be in the archive:
 * electron-builder takes production dependencies only, so a dev dependency the code imports (or a
 * dependency it failed to collect) would fail at run time, after installation.
 */
export function checkModules(asarFile: string): string[] {
  const bundle = listPackage(asarFile, { isPack: false })
    .map((p) => p.replace(/\\/g, '/').replace(/^\//, ''))
    .filter((p) => /^dist\/app\/.*\.js$/.test(p));
  const builtins = new Set(builtinModules);
  const wanted = new Set<string>();
  for (const file of bundle) {
    const code = extractFile(asarFile, file).toString('utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(["'])([@\w][\w.\-/@]*)\1/g)) {
      const name = packageOf(m[2]!);
      if (!name.startsWith('node:') && !builtins.has(name) && name !== 'electron') wanted.add(name);
    }
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const find = (name: string, from: string): string | undefined => {
    // Node's lookup: node_modules folders from the importing package up to the root
    for (let dir = from; ; dir = dir.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, '')) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      try {
        statFile(asarFile, `${candidate}/package.json`, true);
        return candidate;
      } catch {
        if (!dir) return undefined;
      }
    }
  };
  const visit = (name: string, from: string, by: string) => {
    const at = find(name, from);
    if (!at) return void problems.push(`${name} (needed by ${by}) is not in the package: make it a production dependency, or bundle it in scripts/build-app.ts`);
    if (seen.has(at)) return;
    seen.add(at);
    const pkg = JSON.parse(extractFile(asarFile, `${at}/package.json`).toString('utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, at, name);
  };
  for (const name of wanted) visit(name, '', 'the main bundle');
  return problems;
}

/** The installer must carry an FFmpeg, built for the platform and architecture it installs on. */
export function checkFfmpeg(res: AppResources, target: PackageTarget): string[] {
  const problems: string[] = [];
  for (const [file, tool, fix] of [
    [res.ffmpegStatic, 'FFmpeg', "ffmpeg-static downloads it when it is installed; run `npm rebuild ffmpeg-static` with the internet reachable (package.json's allowScripts lets its script run)"],
    [res.ffprobeStatic, 'ffprobe', 'ffprobe-static carries it for each platform; run `npm ci` so the optional package is installed'],
  ] as const) {
    if (!existsSync(file)) {
      problems.push(`the package carries no ${tool} (${relative(res.layout.unpackedRoot, file)} is missing): ${fix}`);
      continue;
    }
    const built = readExecutableTarget(file);
    if (!built) problems.push(`${file} is not an executable this check recognises`);
    else if (built.platform !== target.platform || (built.arch !== target.arch && built.arch !== 'universal')) {
      problems.push(`the packaged ${tool} is built for ${built.platform}-${built.arch}, but this installer is for ${target.platform}-${target.arch}: package on a ${target.platform}-${target.arch} machine (npm ci downloads FFmpeg for the machine it runs on)`);
    }
  }
  return problems;
}
