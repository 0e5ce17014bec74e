import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The platform's per-user data folder, where Reelforge keeps its data when no home is given
 * (REELFORGE_HOME, --home, the app's user-data folder: see main/config/runtime-config.ts).
 * `env` is the environment the entry point read.
 */
export function defaultHome(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'Reelforge');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Reelforge');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'reelforge');
}

export const dbPath = (home: string) => join(home, 'reelforge.db');
export const sessionsDir = (home: string) => join(home, 'sessions');
export const modelsDir = (home: string) => join(home, 'models');
