import { verifyUpdate, type UpdateFiles } from '../updates/signed-update';

/** The slice of electron-updater's autoUpdater used here (so the policy is tested without Electron). */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', fn: (info: UpdateFiles & { signature?: unknown }) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  downloadUpdate(): Promise<unknown>;
}

export interface UpdaterOptions {
  packaged: boolean;
  platform: NodeJS.Platform;
  /** the user's setting (Settings → Updates), off by default: an offline tool does not phone home */
  checkAtStart: boolean;
  /** the public key for Linux checksum signatures, when the release built one in */
  linuxKey?: string;
  /** electron-updater's autoUpdater, loaded only when a check is wanted */
  load(): Promise<AutoUpdaterLike>;
  log(line: string): void;
  /** tells the user (a message box in the app) */
  notify(message: string): void;
}

/**
 * Update checks happen only when the user turned them on or asks from the menu. Nothing is
 * downloaded before it is verified: on Linux the update's checksums must carry a valid signature
 * (main/updates/signed-update.ts); on Windows and macOS electron-updater checks the installer's
 * code signature against the publisher configured at packaging.
 */
export function setUpUpdater(opts: UpdaterOptions): { check(userAsked: boolean): Promise<void> } {
  let updater: Promise<AutoUpdaterLike> | undefined;
  let askedByUser = false;

  const wire = async (): Promise<AutoUpdaterLike> => {
    const u = await opts.load();
    u.autoDownload = false;
    u.autoInstallOnAppQuit = true;
    u.on('update-available', (info) => {
      if (opts.platform === 'linux') {
        const check = verifyUpdate(info, opts.linuxKey);
        if (!check.ok) {
          opts.log(`update refused: ${check.reason}`);
          opts.notify(`Reelforge ${info.version} is available, but it was not installed: ${check.reason}.`);
          return;
        }
      }
      opts.log(`downloading the update to ${info.version}`);
      u.downloadUpdate().catch((err: Error) => opts.log(`update download failed: ${err.message}`));
    });
    u.on('update-not-available', () => {
      if (askedByUser) opts.notify('Reelforge is up to date.');
    });
    u.on('update-downloaded', (info) => opts.notify(`Reelforge ${info.version} has been downloaded and will be installed when you quit.`));
    u.on('error', (err) => {
      opts.log(`update check failed: ${err.message}`);
      if (askedByUser) opts.notify(`Could not check for updates: ${err.message}`);
    });
    return u;
  };

  const check = async (userAsked: boolean): Promise<void> => {
    askedByUser = userAsked;
    if (!opts.packaged) {
      opts.log('updates are checked only in the installed app');
      if (userAsked) opts.notify('Updates are checked only in the installed app.');
      return;
    }
    try {
      const u = await (updater ??= wire());
      await u.checkForUpdates();
    } catch (err) {
      opts.log(`update check failed: ${(err as Error).message}`);
      if (userAsked) opts.notify(`Could not check for updates: ${(err as Error).message}`);
    }
  };

  if (opts.checkAtStart) void check(false);
  return { check };
}
