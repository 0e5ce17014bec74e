import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { serializeError } from '../../../preload/contract/errors';
import { bridgeRequestSchema } from '../../../preload/contract/studio-api';
import type { Dispatch } from '../dispatch';
import type { EventHub } from '../event-hub';
import { allowedHost, sameToken } from './http-guard';
import { allowedMediaPath } from './media-access';
import { sendFile, sendGrowingFile } from './send-file';
import { isGrowing } from '../../media/growing-file';
import { downloadTypeOf, mediaTypeOf } from '../../media/sniff-format';
import { BRIDGE_MAX_PAYLOAD, mediaKeyFor } from '../../../preload/contract/bridge';

export interface BridgeOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** the built renderer (dist/renderer); without it only the bridge and /media are served */
  staticDir?: string;
  /** folders whose files /media may serve */
  mediaRoots: () => readonly string[];
  /** files outside those folders that /media may serve too: the media the library's projects name */
  mediaFiles?: () => Iterable<string>;
  port?: number;
  /** the address to listen on; 127.0.0.1 unless the user asks for another (every door still needs the token) */
  host?: string;
  /** fixed token (tests, or one the user keeps in a file); otherwise 32 random bytes */
  token?: string;
  /**
   * Other doors on the same port and token (the REST API, MCP over HTTP): asked first, each
   * answers the request and returns true, or returns false to pass it on.
   */
  routes?: HttpRoute[];
}

export type HttpRoute = (req: IncomingMessage, res: ServerResponse, ctx: { url: URL; path: string; origin: string; token: string }) => boolean;

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

const LOOPBACK = '127.0.0.1';

/** A media response is never a document: no script runs in it even if a browser opens it in a tab. */
const mediaHeaders = { 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff', 'cross-origin-resource-policy': 'same-origin' };

/** An address only this machine can reach. */
export const isLoopback = (host: string) => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

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

/**
 * The loopback transport: the renderer, opened in a plain browser, talks to the real StudioApi
 * over a WebSocket. Bound to 127.0.0.1 unless told otherwise; every socket and every media request
 * must carry the random token (a web page elsewhere cannot guess it), and sockets from another
 * origin are refused. Other doors (the REST API, MCP) join on the same port and token as `routes`.
 */
export async function startBridgeServer(opts: BridgeOptions): Promise<BridgeServer> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const host = opts.host ?? LOOPBACK;
  const staticDir = opts.staticDir && existsSync(join(opts.staticDir, 'index.html')) ? resolve(opts.staticDir) : undefined;
  const mediaKey = await mediaKeyFor(token);
  let origin = '';

  const server = createServer((req, res) => {
    const parsed = parseRequestTarget(req.url, origin);
    if (!parsed) return void res.writeHead(400).end('bad request');
    const { url, path } = parsed;
    for (const route of opts.routes ?? []) if (route(req, res, { url, path, origin, token })) return;
    if (url.pathname.startsWith('/media/')) {
      // read-only, and only under this server's own name (a DNS-rebinding page names its own host)
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { allow: 'GET, HEAD' }).end('method not allowed');
      if (!allowedHost(req.headers.host, origin)) return void res.writeHead(403).end('forbidden');
      if (!sameToken(url.searchParams.get('key'), mediaKey)) return void res.writeHead(403).end('forbidden');
      // the same answer whether the file is missing or outside the roots: nothing to learn by probing
      const file = allowedMediaPath(path.slice('/media'.length), opts.mediaRoots(), opts.mediaFiles);
      if (!file) return void res.writeHead(404).end('not found');
      // Served as what its bytes are, never by its name, and never as a page: a file that is not
      // media is refused, and a browser told nosniff + sandbox runs no script from what it gets.
      const format = mediaTypeOf(file);
      const download = format ? undefined : downloadTypeOf(file);
      if (download) return sendFile(req, res, file, { ...mediaHeaders, 'content-type': download.mime, 'content-disposition': download.disposition });
      if (!format) return void res.writeHead(415, mediaHeaders).end('not a media file');
      if (isGrowing(file)) return sendGrowingFile(req, res, file, { ...mediaHeaders, 'content-type': format.mime });
      return sendFile(req, res, file, { ...mediaHeaders, 'content-type': format.mime });
    }
    if (!staticDir) return void res.writeHead(404).end('renderer not built (npm run build:renderer)');
    const rel = normalize(path).replace(/^([/\\])+/, '');
    const file = resolve(staticDir, rel || 'index.html');
    if (file !== staticDir && !file.startsWith(staticDir + sep)) return void res.writeHead(404).end('not found');
    const page = existsSync(file) && statSync(file).isFile() ? file : join(staticDir, 'index.html');
    sendFile(req, res, page, { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' });
  });

  // A frame larger than the contract needs is refused by its header, before any of it is buffered.
  const wss = new WebSocketServer({ noServer: true, maxPayload: BRIDGE_MAX_PAYLOAD });
  wss.on('error', () => undefined);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy()); // a client that resets mid-handshake must not crash main
    const url = parseRequestTarget(req.url, origin)?.url;
    const fromOrigin = req.headers.origin;
    if (!url || url.pathname !== '/bridge' || !allowedHost(req.headers.host, origin) || !sameToken(url.searchParams.get('token'), token) || (fromOrigin && fromOrigin !== origin)) {
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
    server.listen(opts.port ?? 0, host, () => res());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: origin,
    pageUrl: `${origin}/?token=${token}`,
    wsUrl: `${origin.replace(/^http/, 'ws')}/bridge?token=${token}`,
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
