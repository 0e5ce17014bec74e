// A stand-in for the `electron` module: the parts main/app/ uses, recording what the shell asks
// of Electron (window options, session handlers, IPC handlers, the media protocol, the menu) so
// tests can drive them as Electron would. Only main/app/ tests load it (through loader.mjs).
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const record = {
  userData: '',
  ready: undefined as undefined | (() => void),
  exited: false,
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (req: Request) => Response | Promise<Response>>(),
  fetched: [] as string[],
  headerHandlers: [] as Array<(details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void>,
  permissionRequest: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
  permissionCheck: undefined as undefined | ((...a: unknown[]) => boolean),
  ipcHandlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
  ipcListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
  menu: undefined as unknown,
  external: [] as string[],
  messageBoxes: [] as Array<{ message: string }>,
  /** files the shell asked the file manager to show */
  shownInFolder: [] as string[],
  /** open dialogs asked for, and what the next one answers (a test sets it) */
  openDialogs: [] as Array<{ title?: string; properties?: string[] }>,
  nextOpenDialog: { canceled: true, filePaths: [] as string[] },
};

const readyPromise = new Promise<void>((resolve) => (record.ready = resolve));

class App extends EventEmitter {
  isPackaged = false;
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return readyPromise;
  }
  getPath(_name: string) {
    return record.userData;
  }
  getVersion() {
    return '0.0.0-test';
  }
  getAppPath() {
    return process.cwd();
  }
  /** Electron's order: will-quit (which a handler may prevent), then the process exits. */
  quit() {
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) record.exited = true;
  }
}
export const app = new App();

class WebContents extends EventEmitter {
  openHandler: undefined | ((d: { url: string }) => { action: string });
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  send() {}
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  webContents = new WebContents();
  loaded: { file?: string; url?: string } = {};
  shown = false;
  constructor(public options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
  }
  loadFile(file: string) {
    this.loaded.file = file;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded.url = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  static getFocusedWindow() {
    return BrowserWindow.all[0] ?? null;
  }
}

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: (fn: (typeof record.headerHandlers)[number]) => record.headerHandlers.push(fn) },
    setPermissionRequestHandler: (fn: typeof record.permissionRequest) => (record.permissionRequest = fn),
    setPermissionCheckHandler: (fn: typeof record.permissionCheck) => (record.permissionCheck = fn),
  },
};

export const ipcMain = {
  handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => record.ipcHandlers.set(channel, fn),
  removeHandler: (channel: string) => record.ipcHandlers.delete(channel),
  on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => record.ipcListeners.set(channel, fn),
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => record.privilegedSchemes.push(...schemes),
  handle: (scheme: string, fn: (req: Request) => Response | Promise<Response>) => record.protocolHandlers.set(scheme, fn),
};

/** net.fetch of a file URL: the file's bytes, as Electron's would serve them. */
export const net = {
  fetch: async (url: string) => {
    record.fetched.push(url);
    return new Response(readFileSync(fileURLToPath(url)));
  },
};

export const shell = {
  openExternal: async (url: string) => void record.external.push(url),
  showItemInFolder: (path: string) => void record.shownInFolder.push(path),
};

export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu: (menu: unknown) => (record.menu = menu),
};

/** No OS keychain here (as in a bare Linux session): the app falls back to its key files. */
export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: (): Buffer => {
    throw new Error('no keychain in the stand-in');
  },
  decryptString: (): string => {
    throw new Error('no keychain in the stand-in');
  },
};

export const dialog = {
  showMessageBox: async (opts: { message: string }) => {
    record.messageBoxes.push(opts);
    return { response: 0 };
  },
  showOpenDialog: async (...args: unknown[]) => {
    record.openDialogs.push(args[args.length - 1] as { title?: string; properties?: string[] });
    return record.nextOpenDialog;
  },
};
