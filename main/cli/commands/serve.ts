import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { appResources } from '../../../native/resources';
import { isLoopback, startBridgeServer } from '../../api/http/bridge-server';
import { createStudio } from '../../api/create-studio';
import { withHome } from '../../config/runtime-config';
import { restApiRoute } from '../../api/http/rest-api';
import { tokenFromFile } from '../../api/http/token-file';
import { mcpHttpRoute } from '../../mcp/mcp-http';
import { exitCodes, UsageError, type Command } from '../command';

const defaultRendererDir = appResources().rendererDir;

/**
 * The studio in a plain browser: the built renderer over HTTP and the StudioApi over a loopback
 * WebSocket, both on 127.0.0.1 behind a random token. The same port and token serve the REST task
 * API (/api/v1) and MCP over Streamable HTTP (/mcp) for scripts and agents. One StudioApi
 * implementation behind all of them, the desktop app's.
 */
export const serveCommand: Command = {
  name: 'serve',
  usage: 'reelforge serve [--port <n>] [--host <address>] [--token-file <file>] [--home <dir>] [--renderer <dir>] [--no-worker] [--farm redis://[:password@]host:port]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'token-file': { type: 'string' },
        home: { type: 'string' },
        renderer: { type: 'string', default: defaultRendererDir },
        'no-worker': { type: 'boolean', default: false },
        // the render farm this studio coordinates (Settings → Render farm; the bridge cannot change it)
        farm: { type: 'string' },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port}: expected 0–65535`);
    if (!existsSync(values.renderer)) io.err.write(`reelforge serve: no renderer build at ${values.renderer} (npm run build:renderer); serving the bridge only\n`);
    if (!isLoopback(values.host)) io.err.write(`reelforge serve: listening on ${values.host}: other machines can reach this server (the token is still required)\n`);
    const token = values['token-file'] ? tokenFromFile(values['token-file']) : undefined;
    const studio = await createStudio({ config: withHome(io.config, values.home), transport: 'bridge', worker: !values['no-worker'], log: (l) => io.err.write(`worker: ${l}\n`), ...(values.farm ? { farm: { url: values.farm } } : {}) });
    const deps = { dispatch: studio.dispatch, events: studio.events, version: studio.version };
    const mcp = mcpHttpRoute(deps);
    const server = await startBridgeServer({
      ...deps,
      staticDir: values.renderer,
      mediaRoots: studio.mediaRoots,
      mediaFiles: studio.mediaFiles,
      port,
      host: values.host,
      token,
      routes: [restApiRoute(deps), mcp.route],
    });
    io.out.write(`Reelforge studio: ${server.pageUrl}\n`);
    io.out.write(`bridge: ${server.wsUrl}\n`);
    io.out.write(`REST API: ${server.url}/api/v1 (OpenAPI: ${server.url}/api/v1/openapi.json)\n`);
    io.out.write(`MCP (Streamable HTTP): ${server.url}/mcp\n`);
    io.out.write(`token: ${token ? `in ${values['token-file']}` : server.token} (send Authorization: Bearer <token>)\n`);
    await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
    await mcp.close();
    await server.close();
    await studio.close();
    return exitCodes.ok;
  },
};
