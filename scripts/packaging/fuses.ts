import { FuseV1Options, FuseVersion, flipFuses, type FuseV1Config } from '@electron/fuses';

/**
 * The Electron fuses of every installer, flipped in the binary at packaging (before signing):
 * the app cannot be turned into a plain Node (RunAsNode, NODE_OPTIONS), cookies are encrypted at
 * rest, and only the app's own, integrity-checked app.asar is loaded. The inspector flags stay
 * allowed: the release workflow drives the packaged app through them with Playwright, and a
 * signed app's code cannot be changed through them without also passing the asar check.
 */
export function reelforgeFuses(opts: { platform: string; arch: string }): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // arm64 macOS refuses a binary whose ad-hoc signature no longer matches; electron-builder
    // signs properly afterwards when a certificate is configured
    resetAdHocDarwinSignature: opts.platform === 'darwin' && opts.arch === 'arm64',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableCookieEncryption]: true,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
  };
}

export async function setFuses(electronBinary: string, target: { platform: string; arch: string }): Promise<void> {
  await flipFuses(electronBinary, reelforgeFuses(target));
}
