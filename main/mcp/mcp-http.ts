import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { parseRequestTarget, type HttpRoute } from '../api/http/bridge-server';
import { refuseRequest } from '../api/http/http-guard';
import { createMcpServer, type McpDeps } from './mcp-server';

const MAX_BODY = 4 * 1024 * 1024;

const rpcError = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
  void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        reject(new RangeError(`the message is larger than ${MAX_BODY} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new SyntaxError('the message is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

export interface McpHttp {
  route: HttpRoute;
  /** ends every session */
  close(): Promise<void>;
  /** sessions open now */
  sessionCount(): number;
}

/**
 * MCP's Streamable HTTP transport at `/mcp`, behind the bridge's token and Origin/Host rules. Each
 * client session gets its own MCP server (the SDK binds one server to one transport); all of them
 * call the same StudioApi.
 */
export function mcpHttpRoute(deps: McpDeps, path = '/mcp', idleMs = 60 * 60 * 1000): McpHttp {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  // A client that vanishes without DELETE would keep its server (and its event subscription)
  // forever: a session with no request and no open stream for idleMs is closed.
  const activity = new Map<string, { last: number; open: number }>();
  const touch = (id: string | undefined, res: ServerResponse) => {
    if (!id) return;
    const a = activity.get(id) ?? { last: Date.now(), open: 0 };
    activity.set(id, a);
    a.open++;
    res.once('close', () => {
      a.open--;
      a.last = Date.now();
    });
  };
  const sweep = setInterval(() => {
    for (const [id, a] of activity) {
      if (a.open === 0 && Date.now() - a.last > idleMs) void sessions.get(id)?.close();
    }
  }, Math.min(idleMs, 60_000));
  sweep.unref();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (existing) {
        touch(sessionId as string, res);
        return existing.handleRequest(req, res, body);
      }
      if (sessionId !== undefined) return rpcError(res, 404, 'unknown or ended session; initialize again');
      if (!isInitializeRequest(body)) return rpcError(res, 400, 'start a session with an initialize request');
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, transport);
          touch(id, res);
        },
      });
      const server = createMcpServer(deps);
      transport.onclose = () => {
        if (transport.sessionId) {
          sessions.delete(transport.sessionId);
          activity.delete(transport.sessionId);
        }
        void server.close();
      };
      await server.connect(transport);
      return transport.handleRequest(req, res, body);
    }
    if (req.method === 'GET' || req.method === 'DELETE') {
      if (!existing) return rpcError(res, sessionId ? 404 : 400, sessionId ? 'unknown or ended session' : 'no mcp-session-id');
      touch(sessionId as string, res);
      return existing.handleRequest(req, res);
    }
    rpcError(res, 405, `${req.method} is not used by MCP`, { allow: 'GET, POST, DELETE' });
  };

  return {
    route: (req, res, { url, origin, token }) => {
      if (url.pathname !== path) return false;
      const refused = refuseRequest(req, url, { token, origin });
      if (refused) {
        req.resume();
        rpcError(res, refused.status, refused.message, refused.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
        return true;
      }
      handle(req, res).catch((err: Error) => {
        if (!res.headersSent) rpcError(res, err instanceof RangeError ? 413 : 400, err.message);
        else res.destroy();
      });
      return true;
    },
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.values()].map((t) => t.close().catch(() => undefined)));
      sessions.clear();
      activity.clear();
    },
    sessionCount: () => sessions.size,
  };
}

export interface McpHttpServer {
  url: string;
  token: string;
  port: number;
  sessionCount(): number;
  close(): Promise<void>;
}

/** `reelforge mcp --http`: a server of its own on 127.0.0.1 (or the host asked for), serving only /mcp. */
export async function startMcpHttpServer(deps: McpDeps & { port?: number; host?: string; token?: string; idleMs?: number }): Promise<McpHttpServer> {
  const token = deps.token ?? randomBytes(32).toString('base64url');
  const host = deps.host ?? '127.0.0.1';
  const mcp = mcpHttpRoute(deps, '/mcp', deps.idleMs);
  let origin = '';
  const server = createServer((req, res) => {
    const parsed = parseRequestTarget(req.url, origin);
    if (!parsed || !mcp.route(req, res, { ...parsed, origin, token })) res.writeHead(404).end('not found (the MCP endpoint is /mcp)');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}/mcp`,
    token,
    port,
    sessionCount: mcp.sessionCount,
    async close() {
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
