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
import { mediaTypeOf } from '../media/sniff-format';
import { BRIDGE_MAX_PAYLOAD, mediaKeyFor } from '../../preload/contract/bridge';

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
  /** what /media URLs carry instead of the token */
  mediaKey: string;
  port: number;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** A media response is never a document: no script runs in it even if a browser opens it in a tab. */
const mediaHeaders = { 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin' };

function sameToken(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Parses a request target, or refuses it. Browsers remove dot segments before they send a URL, so
 * one that arrives (raw, `%2e`-encoded, or behind an encoded slash or backslash) is a probe, not a
 * link; a bad percent-encoding or a target that is no URL at all is refused too, instead of
 * throwing inside the request handler.
 */
export function parseRequestTarget(raw: string | undefined, origin: string): { url: URL; path: string } | undefined {
  try {
    const target = raw ?? '/';
    if (!target.startsWith('/')) return undefined;
    const rawPath = decodeURIComponent(target.split('?')[0]!);
    if (rawPath.split(/[/\\]/).includes('..')) return undefined;
    const url = new URL(target, origin);
    return { url, path: decodeURIComponent(url.pathname) };
  } catch {
    return undefined;
  }
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, type: string, headers: Record<string, string> = {}) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return void res.writeHead(404).end('not found');
  }
  // a file removed or unreadable between the check and the read ends this response, not the server
  const stream = (opts?: { start: number; end: number }) => createReadStream(file, opts).on('error', () => res.destroy()).pipe(res);
  const base = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-store', ...headers };
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
    if (req.method === 'HEAD') res.end();
    else stream({ start, end });
    return;
  }
  res.writeHead(200, { ...base, 'content-length': String(size) });
  if (req.method === 'HEAD') res.end();
  else stream();
}

/**
 * The loopback transport: the renderer, opened in a plain browser, talks to the real StudioApi
 * over a WebSocket. Bound to 127.0.0.1 only; every socket and every media request must carry the
 * random token (a web page elsewhere cannot guess it), and sockets from another origin are refused.
 */
export async function startBridgeServer(opts: BridgeOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const staticDir = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? resolve(opts.staticDir) : undefined;
  const mediaKey = await mediaKeyFor(token);
  let origin = '';

  const server = createServer((req, res) => {
    const parsed = parseRequestTarget(req.url, origin);
    if (!parsed) return void res.writeHead(400).end('bad request');
    const { url, path } = parsed;
    if (url.pathname.startsWith('/media/')) {
      if (!sameToken(url.searchParams.get('key'), mediaKey)) return void res.writeHead(403).end('forbidden');
      // the same answer whether the file is missing or outside the roots: nothing to learn by probing
      const file = allowedMediaPath(path.slice('/media'.length), opts.mediaRoots());
      if (!file) return void res.writeHead(404).end('not found');
      // Served as what its bytes are, never by its name, and never as a page: a file that is not
      // media is refused, and a browser told nosniff + sandbox runs no script from what it gets.
      const format = mediaTypeOf(file);
      if (!format) return void res.writeHead(415, mediaHeaders).end('not a media file');
      return sendFile(req, res, file, format.mime, mediaHeaders);
    }
    if (!staticDir) return void res.writeHead(404).end('renderer not built (npm run build:renderer)');
    const rel = normalize(path).replace(/^([/\\])+/, '');
    const file = resolve(staticDir, rel || 'index.html');
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return void res.writeHead(404).end('not found');
    const page = existsSync(file) && statSync(file).isFile() ? file : join(staticDir, 'index.html');
    sendFile(req, res, page, contentType(page), { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  });

  // A frame larger than the contract needs is refused by its header, before any of it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_PAYLOAD });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy()); // a client that resets mid-handshake must not crash main
    const url = parseRequestTarget(req.url, origin)?.url;
    const fromOrigin = req.headers.origin;
    if (!url || url.pathname !== '/bridge' || !sameToken(url.searchParams.get('token'), token) || (fromOrigin && fromOrigin !== origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, opts));
  });
  // A client that sends garbage instead of HTTP gets a 400, and the server goes on.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    else socket.destroy();
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
    mediaKey,
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
  // A malformed frame (bad UTF-8, a reserved opcode, a length over maxPayload) is an 'error' on
  // this socket: ws closes it with the matching code. Unhandled, the event would end the process.
  ws.on('error', () => ws.terminate());
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
