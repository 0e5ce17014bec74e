import { WebSocket } from 'ws';
import { startBridgeServer, type BridgeServer } from '../../main/api/http/bridge-server';
import type { Studio } from '../../main/api/create-studio';
import type { JobView, StudioApi } from '../../preload/contract/studio-api';
import { createStudioClient } from '../../preload/contract/studio-client';
import { bridgeTransport } from '../../renderer/api/bridge-client';

// The renderer's own bridge transport runs here unchanged; Node 20 has no global WebSocket, and
// the ws client speaks the same addEventListener API.
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

export interface BridgeConnection {
  server: BridgeServer;
  api: StudioApi;
  /** closes the client, then the server */
  close(): Promise<void>;
}

/** A real bridge server on 127.0.0.1 in front of `studio`, and the renderer's own client for it. */
export async function connectOverBridge(studio: Studio, staticDir?: string): Promise<BridgeConnection> {
  const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir, mediaRoots: studio.mediaRoots, mediaFiles: studio.mediaFiles });
  const transport = bridgeTransport(server.wsUrl);
  await transport.ready;
  return {
    server,
    api: createStudioClient(transport),
    async close() {
      transport.close();
      await server.close();
    },
  };
}

/** Resolves with the job's last view once it is finished; collects every view on the way. */
export function jobFinished(api: StudioApi, id: string, seen: JobView[] = []): Promise<JobView> {
  return new Promise((resolve) => {
    const off = api.on('job', (j) => {
      if (j.id !== id) return;
      seen.push(j);
      if (['completed', 'failed', 'cancelled'].includes(j.state)) {
        off();
        resolve(j);
      }
    });
  });
}
