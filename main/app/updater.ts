import { app } from 'electron';

/**
 * electron-updater with the generic provider configured in electron-builder.yml. Off in
 * development (an unpackaged app has nothing to update) and when REELFORGE_NO_UPDATES is set
 * (offline-first: a failed check is logged, never shown as an error).
 */
export async function setUpUpdater(log: (line: string) => void): Promise<{ check(): void }> {
  if (!app.isPackaged || process.env.REELFORGE_NO_UPDATES) return { check: () => log('updates are off in development') };
  const { autoUpdater } = (await import('electron-updater')).default ?? (await import('electron-updater'));
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err) => log(`update check failed: ${err.message}`));
  const check = () => void autoUpdater.checkForUpdatesAndNotify().catch((err: Error) => log(`update check failed: ${err.message}`));
  check();
  return { check };
}
