// The Electron main process: one window over the StudioApi. Everything it serves comes from the
// same composition root as `reelforge serve` (main/api/create-studio.ts); this file only adds
// what needs Electron: the window, IPC, the media protocol, the menu and updates.
import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appLayout, appResources } from '../../native/resources';
import { buildRuntimeConfig } from '../config/runtime-config';
import { createStudio, type Studio } from '../api/create-studio';
import { inProcessClient } from '../api/in-process-client';
import { isAppPageUrl } from './app-page';
import { chooseFileWithDialog, chooseFolderWithDialog } from './file-dialog';
import { registerIpc } from './ipc';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol';
import { keychainSecrets } from './keychain-secrets';
import { installMenu } from './menu';
import { setUpUpdater } from './updater';
import { createMainWindow, hardenSession, rendererPaths } from './window';

// the same root as every resource the app resolves (native/resources.ts): the checkout or app.asar
const appRoot = appLayout().root;
const log = (line: string) => console.log(`[reelforge] ${line}`);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerMediaScheme();
  let studio: Studio | undefined;
  let win: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore();
    win?.focus();
  });

  app.whenReady().then(async () => {
    hardenSession();
    // The app's one runtime configuration, from its environment, read here once: the data folder is
    // REELFORGE_HOME or the app's user-data folder.
    const config = buildRuntimeConfig({ env: process.env, home: process.env.REELFORGE_HOME || app.getPath('userData') });
    const home = config.home;
    studio = await createStudio({
      config,
      secrets: keychainSecrets(join(home, 'secrets')),
      transport: 'ipc',
      reveal: (p) => (shell.showItemInFolder(p), true),
      chooseFile: chooseFileWithDialog,
      chooseFolder: chooseFolderWithDialog,
      log,
    });
    handleMediaProtocol(studio.mediaRoots, studio.mediaFiles);
    const paths = rendererPaths(appRoot);
    const devUrl = app.isPackaged ? undefined : process.env.REELFORGE_DEV_URL;
    registerIpc(ipcMain, studio.dispatch, studio.events, (event) => {
      // only the app's own top-level page may call in
      const frame = (event as { senderFrame?: { url: string; parent: unknown } | null }).senderFrame;
      if (!frame || frame.parent) return false;
      return isAppPageUrl(frame.url, { rendererIndex: paths.rendererIndex, devUrl });
    });
    const settings = await inProcessClient(studio.dispatch, studio.events).getSettings();
    const updateKey = appResources().updateKey;
    const updater = setUpUpdater({
      packaged: app.isPackaged,
      platform: process.platform,
      checkAtStart: settings.checkForUpdates,
      linuxKey: existsSync(updateKey) ? readFileSync(updateKey, 'utf8') : undefined,
      load: async () => {
        const mod = await import('electron-updater');
        return (mod.default ?? mod).autoUpdater as never;
      },
      log,
      notify: (message) => void dialog.showMessageBox({ type: 'info', message }),
    });
    installMenu({ checkForUpdates: () => void updater.check(true) });
    win = createMainWindow({ ...paths, devUrl });
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (e) => {
    if (!studio) return;
    // kill every FFmpeg and stop the worker (running jobs resume from their checkpoints next start)
    e.preventDefault();
    const s = studio;
    studio = undefined;
    void s.close().finally(() => app.quit());
  });
}
