import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appResources } from '../../../native/resources';
import { startBridgeServer } from '../../api/bridge-server';
import { createStudio } from '../../api/create-studio';
import { exitCodes, UsageError, type Command } from '../command';

const defaultRendererDir = appResources().rendererDir;

/**
 * The studio in a plain browser: the built renderer over HTTP and the StudioApi over a loopback
 * WebSocket, both on 127.0.0.1 behind a random token. For development and end-to-end tests;
 * the same StudioApi implementation as the desktop app.
 */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'reelforge serve [--port <n>] [--home <dir>] [--renderer <dir>] [--no-worker]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        home: { type: 'string' },
        renderer: { type: 'string', default: defaultRendererDir },
        'no-worker': { type: 'boolean', default: false },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port}: expected 0–65535`);
    if (!existsSync(values.renderer)) io.err.write(`reelforge serve: no renderer build at ${values.renderer} (npm run build:renderer); serving the bridge only\n`);
    const studio = await createStudio({ home: values.home, transport: 'bridge', worker: !values['no-worker'], log: (l) => io.err.write(`worker: ${l}\n`) });
    const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir: values.renderer, mediaRoots: studio.mediaRoots, port });
    io.out.write(`Reelforge studio: ${server.pageUrl}\n`);
    io.out.write(`bridge: ${server.wsUrl}\n`);
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    await server.close();
    await studio.close();
    return exitCodes.ok;
  },
};
