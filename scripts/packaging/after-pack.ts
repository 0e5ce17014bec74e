import { join } from 'node:path';
import { checkPackagedResources, type PackageCheckOptions, type PackageTarget } from './check-resources';
import { setFuses } from './fuses';

/** The slice of electron-builder's AfterPackContext used here (so tests can hand in a laid-out app). */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

const archNames = ['ia32', 'x64', 'arm', 'arm64', 'universal'];

export function packTarget(ctx: PackContext): PackageTarget & { binary: string; resourcesDir: string } {
  const platform = (ctx.electronPlatformName === 'mas' ? 'darwin' : ctx.electronPlatformName) as NodeJS.Platform;
  const arch = archNames[ctx.arch] ?? String(ctx.arch);
  const name = ctx.packager.appInfo.productFilename;
  if (platform === 'darwin') {
    const app = join(ctx.appOutDir, `${name}.app`);
    return { platform, arch, binary: app, resourcesDir: join(app, 'Contents', 'Resources') };
  }
  const binary = join(ctx.appOutDir, platform === 'win32' ? `${name}.exe` : ctx.packager.executableName ?? name);
  return { platform, arch, binary, resourcesDir: join(ctx.appOutDir, 'resources') };
}

/**
 * electron-builder's afterPack hook (runs before signing): the package must hold every resource
 * the app resolves, FFmpeg for its own platform and the Kokoro model included, or packaging fails
 * (electron-builder calls it with the context alone: every check on); then the fuses are
 * set in the Electron binary.
 */
export async function afterPack(ctx: PackContext, opts: PackageCheckOptions = {}): Promise<void> {
  const target = packTarget(ctx);
  const problems = checkPackagedResources(target.resourcesDir, target, opts);
  if (problems.length) {
    throw new Error(`the ${target.platform}-${target.arch} package is incomplete:\n  - ${problems.join('\n  - ')}`);
  }
  await setFuses(target.binary, target);
}
