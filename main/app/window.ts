import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { isAppPageUrl } from './app-page';

/**
 * The renderer's content security policy, sent as a header on every response of the app's session.
 * `connect-src reelforge-media:`: "Play" fetches the streamed preview as it is written (MediaSource).
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: reelforge-media:; " +
  "media-src 'self' blob: reelforge-media:; connect-src 'self' reelforge-media:; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Locks the default session down: CSP on every response, every permission request denied. */
export function hardenSession(): void {
  const s = session.defaultSession;
  s.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  s.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  s.setPermissionCheckHandler(() => false);
}

/**
 * The studio window: isolated, sandboxed, no Node in the page; it may not navigate away from the
 * app or open windows (links to the web open in the user's browser instead).
 */
export function createMainWindow(opts: { rendererIndex: string; preload: string; devUrl?: string }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    backgroundColor: '#12121a',
    show: false,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!isAppPageUrl(url, opts)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  if (opts.devUrl) void win.loadURL(opts.devUrl);
  else void win.loadFile(opts.rendererIndex);
  return win;
}

export const rendererPaths = (appRoot: string) => ({
  rendererIndex: join(appRoot, 'dist', 'renderer', 'index.html'),
  preload: join(appRoot, 'dist', 'preload', 'index.cjs'),
});
