import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3's addon is built for Node's ABI by `npm ci`; under Electron it needs the build
 * for Electron's ABI, which electron-builder's install-app-deps (or a packaged app) puts at
 * build/Release/better_sqlite3-electron.node. Returns that path when it exists, for the store's
 * `nativeBinding` option via REELFORGE_SQLITE_BINDING.
 */
export function electronSqliteBinding(appRoot: string, resourcesPath: string | undefined): string | undefined {
  const candidates = [
    resourcesPath && join(resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3-electron.node'),
    join(appRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3-electron.node'),
  ].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}
