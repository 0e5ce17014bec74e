import { limitLines, MAX_STDIO_MESSAGE_BYTES, tooLargeError } from '../../mcp/line-limit';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { isLoopback } from '../../api/http/bridge-server';
import { createStudio } from '../../api/create-studio';
import { withHome } from '../../config/runtime-config';
import { tokenFromFile } from '../../api/http/token-file';
import { startMcpHttpServer } from '../../mcp/mcp-http';
import { createMcpServer } from '../../mcp/mcp-server';
import { exitCodes, UsageError, type Command } from '../command';

const usage = 'reelforge mcp [--home <dir>] [--http [port]] [--host <address>] [--token-file <file>] [--no-worker] [--quiet]';

/** `--http` takes an optional port: `--http`, `--http 8765`, `--http=8765`. */
function splitHttpFlag(argv: string[]): { rest: string[]; http?: string } {
  const rest: string[] = [];
  let http: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--http') http = /^\d+$/.test(argv[i + 1] ?? '') ? argv[++i]! : '0';
    else if (a.startsWith('--http=')) http = a.slice('--http='.length);
    else rest.push(a);
  }
  return { rest, http };
}

/**
 * The studio as an MCP server, for AI assistants: over stdio (what desktop assistants start), or
 * Streamable HTTP on 127.0.0.1 behind a token. The queue's worker runs in this process unless
 * --no-worker says another process (`reelforge worker`, the app) runs the jobs.
 */
export const mcpCommand: Command = {
  name: 'mcp',
  usage,
  async run(argv, io) {
    const { rest, http } = splitHttpFlag(argv);
    const { values } = parseArgs({
      args: rest,
      options: {
        home: { type: 'string' },
        host: { type: 'string' },
        'token-file': { type: 'string' },
        'no-worker': { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    });
    const port = http === undefined ? undefined : Number(http);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) throw new UsageError(`--http ${http}: expected a port 0–65535`);
    if (http === undefined && (values.host || values['token-file'])) throw new UsageError('--host and --token-file apply to --http');
    const log = (line: string) => !values.quiet && io.err.write(`reelforge mcp: ${line}\n`);

    if (http === undefined) {
      // stdout is the protocol: a stray console.log anywhere below would corrupt a message
      for (const k of ['log', 'info', 'debug'] as const) console[k] = (...a: unknown[]) => console.error(...a);
    }
    const studio = await createStudio({ config: withHome(io.config, values.home), transport: 'bridge', worker: !values['no-worker'], log: (l) => log(`worker: ${l}`) });
    const deps = { dispatch: studio.dispatch, events: studio.events, version: studio.version };
    try {
      if (http !== undefined) {
        const host = values.host ?? '127.0.0.1';
        if (!isLoopback(host)) log(`listening on ${host}: other machines can reach this server (the token is still required)`);
        const server = await startMcpHttpServer({ ...deps, port, host, token: values['token-file'] ? tokenFromFile(values['token-file']) : undefined });
        io.out.write(`MCP endpoint: ${server.url}\n`);
        io.out.write(values['token-file'] ? `token: in ${values['token-file']}\n` : `token: ${server.token}\n`);
        io.out.write('send it as: Authorization: Bearer <token>\n');
        await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
        await server.close();
      } else {
        const server = createMcpServer(deps);
        // A message too large is refused with an error the client can read, and the session goes on.
        const lines = process.stdin.pipe(
          limitLines(MAX_STDIO_MESSAGE_BYTES, (bytes, head) => {
            log(`refused a message of ${(bytes / 1048576).toFixed(1)} MB (at most ${MAX_STDIO_MESSAGE_BYTES / 1048576} MB per message)`);
            process.stdout.write(tooLargeError(bytes, head, MAX_STDIO_MESSAGE_BYTES));
          }),
        );
        const transport = new StdioServerTransport(lines, process.stdout);
        transport.onerror = (err) => log(`stdio: ${err.message}`);
        const ended = new Promise<void>((resolve) => {
          transport.onclose = () => resolve();
          // the client closing our stdin is how a desktop assistant says goodbye
          lines.once('end', () => resolve());
          process.stdin.once('close', () => resolve());
          io.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        await server.connect(transport);
        log(`serving ${studio.dirs.home} over stdio`);
        await ended;
        await server.close().catch(() => undefined);
      }
    } finally {
      await studio.close();
    }
    return exitCodes.ok;
  },
};
