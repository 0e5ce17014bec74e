import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { startBridgeServer, type BridgeServer } from '../../main/api/http/bridge-server';
import { restApiRoute } from '../../main/api/http/rest-api';

/** A real studio (real SQLite in a temp home) served as `reelforge serve` serves it: bridge, /media and REST on one loopback port. */
export interface ServedStudio {
  dir: string;
  home: string;
  studio: Studio;
  server: BridgeServer;
  /** `<server>/api/v1` */
  base: string;
  /** the bearer header every REST call carries */
  auth: Record<string, string>;
  close(): Promise<void>;
}

/** worker: false where only what is accepted into the queue matters (no renders run). */
export async function serveStudio(name: string, opts: { worker?: boolean } = {}): Promise<ServedStudio> {
  const dir = mkdtempSync(join(tmpdir(), `reelforge-${name}-`));
  const home = join(dir, 'home');
  const studio = await createStudio({ home, transport: 'bridge', worker: opts.worker });
  const deps = { dispatch: studio.dispatch, events: studio.events, version: studio.version };
  const server = await startBridgeServer({ ...deps, mediaRoots: studio.mediaRoots, mediaFiles: studio.mediaFiles, routes: [restApiRoute(deps)] });
  return {
    dir,
    home,
    studio,
    server,
    base: `${server.url}/api/v1`,
    auth: { authorization: `Bearer ${server.token}` },
    async close() {
      await server.close();
      await studio.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
