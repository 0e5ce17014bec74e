import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { serializeError } from '../../preload/contract/errors';
import { bridgeRequestSchema } from '../../preload/contract/studio-api';
import type { Dispatch } from './dispatch';
import type { EventHub } from './event-hub';
import { allowedMediaPath, contentType } from './media-access';

export interface BridgeOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** the built renderer (dist/renderer); without it only the bridge and /media are served */
  staticDir?: string;
  /** folders whose files /media may serve */
  mediaRoots: () => readonly string[];
  port?: number;
  /** fixed token for tests; otherwise 32 random bytes */
  token?: string;
}

export interface BridgeServer {
  url: string;
  /** the page URL with the token, what a browser opens */
  pageUrl: string;
  wsUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function sameToken(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}) {
  const size = statSync(file).size;
  const base = { 'content-type': contentType(file), 'accept-ranges': 'bytes', 'cache-control': 'no-store', ...headers };
  // <video> seeks with Range requests; without them Chromium cannot scrub a preview.
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && size > 0) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...base, 'content-length': String(size) });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

/**
 * The loopback transport: the renderer, opened in a plain browser, talks to the real StudioApi
 * over a WebSocket. Bound to 127.0.0.1 only; every socket and every media request must carry the
 * random token (a web page elsewhere cannot guess it), and sockets from another origin are refused.
 */
export async function startBridgeServer(opts: BridgeOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticDir = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? resolve(opts.staticDir) : undefined;
  let origin = '';

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/media/')) {
      if (!sameToken(url.searchParams.get('token'), token)) return void res.writeHead(403).end('forbidden');
      const file = allowedMediaPath(decodeURIComponent(url.pathname.slice('/media'.length)), opts.mediaRoots());
      if (!file) return void res.writeHead(404).end('not found');
      return sendFile(req, res, file);
    }
    if (!staticDir) return void res.writeHead(404).end('renderer not built (npm run build:renderer)');
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = resolve(staticDir, rel || 'index.html');
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return void res.writeHead(404).end('not found');
    const target = existsSync(file) && statSync(file).isFile() ? file : join(staticDir, 'index.html');
    sendFile(req, res, target);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 512 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const fromOrigin = req.headers.origin;
    if (url.pathname !== '/bridge' || !sameToken(url.searchParams.get('token'), token) || (fromOrigin && fromOrigin !== origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts));
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, HOST, () => res());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${HOST}:${port}`;
  return {
    url: origin,
    pageUrl: `${origin}/?token=${token}`,
    wsUrl: `ws://${HOST}:${port}/bridge?token=${token}`,
    token,
    port,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

function serveSocket(ws: WebSocket, opts: BridgeOptions) {
  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const unsubscribe = opts.events.subscribe((event, payload) => send({ event, payload }));
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let request;
    try {
      request = bridgeRequestSchema.parse(JSON.parse(String(data)));
    } catch {
      return; // not a request of this protocol: there is no id to answer to
    }
    try {
      const result = await opts.dispatch(request.method, request.args);
      send({ id: request.id, result: result ?? null });
    } catch (err) {
      send({ id: request.id, error: serializeError(err) });
    }
  });
}
