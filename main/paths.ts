import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where Reelforge keeps its data: REELFORGE_HOME (or a command's --home) wins; otherwise the
 * platform's per-user data folder. The Electron app passes its userData folder as `override`.
 */
export function homeDir(override?: string): string {
  if (override) return resolve(override);
  if (process.env.REELFORGE_HOME) return resolve(process.env.REELFORGE_HOME);
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Reelforge');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Reelforge');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'reelforge');
}

export const dbPath = (home?: string) => join(homeDir(home), 'reelforge.db');
export const sessionsDir = (home?: string) => join(homeDir(home), 'sessions');
export const modelsDir = (home?: string) => join(homeDir(home), 'models');
