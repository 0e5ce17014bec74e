import { statFile } from '@electron/asar';
import { existsSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { layoutFor, resourceChecklist, resourcesFor, type AppResources } from '../../native/resources';
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
export function checkPackagedResources(resourcesDir: string, target: PackageTarget): string[] {
  const asarFile = join(resourcesDir, 'app.asar');
  if (!existsSync(asarFile)) return [`no app.asar in ${resourcesDir}`];
  const res = packagedResources(resourcesDir, target);
  const { root, unpackedRoot } = res.layout;
  const problems: string[] = [];
  // FFmpeg has its own check below, with what to do about it
  for (const entry of resourceChecklist(res).filter((e) => e.path !== res.ffmpegStatic)) {
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
  return problems;
}

/** The installer must carry an FFmpeg, built for the platform and architecture it installs on. */
export function checkFfmpeg(res: AppResources, target: PackageTarget): string[] {
  const file = res.ffmpegStatic;
  if (!existsSync(file)) {
    return [
      `the package carries no FFmpeg (${relative(res.layout.unpackedRoot, file)} is missing): ffmpeg-static downloads it when it ` +
        `is installed; run \`npm rebuild ffmpeg-static\` with the internet reachable (package.json's allowScripts lets its script run)`,
    ];
  }
  const built = readExecutableTarget(file);
  if (!built) return [`${file} is not an executable this check recognises`];
  if (built.platform !== target.platform || (built.arch !== target.arch && built.arch !== 'universal')) {
    return [`the packaged FFmpeg is built for ${built.platform}-${built.arch}, but this installer is for ${target.platform}-${target.arch}: package on a ${target.platform}-${target.arch} machine (npm ci downloads FFmpeg for the machine it runs on)`];
  }
  return [];
}
