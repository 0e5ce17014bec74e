// The preload script of the app's window (bundled to CommonJS: sandboxed preloads cannot load ESM).
// It exposes the StudioApi contract and nothing else; see expose.ts.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildExposedStudio } from './expose';

contextBridge.exposeInMainWorld(
  'studio',
  buildExposedStudio(ipcRenderer, (file) => webUtils.getPathForFile(file as File)),
);
