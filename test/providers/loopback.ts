import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server for the online providers' tests: real HTTP on 127.0.0.1, answering each
 * request with what the test's handler returns — a JSON body with headers, a status (429 with
 * Retry-After, 5xx), a delay, a body that is not JSON, a connection that never answers, a file
 * that honours Range requests and can drop the connection half-way.
 */
export interface Seen {
  method: string;
  /** path and query, as sent */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export type Reply =
  | { status?: number; json?: unknown; text?: string; bytes?: Buffer; headers?: Record<string, string>; delayMs?: number }
  | { hang: true }
  | { file: Buffer; contentType?: string; dropAfter?: number };

export type Handler = (req: Seen) => Reply | Promise<Reply>;

export interface Loopback {
  url: string;
  seen: Seen[];
  /** how many connections the client closed before an answer was sent (a cancel) */
  abandoned(): number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<Loopback> {
  const seen: Seen[] = [];
  const open = new Set<ServerResponse>();
  let abandoned = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const s: Seen = { method: req.method!, path: req.url!, url: new URL(req.url!, 'http://127.0.0.1'), headers: req.headers, body };
      if (/json/.test(req.headers['content-type'] ?? '')) {
        try {
          s.json = JSON.parse(body.toString('utf8'));
        } catch {
          /* the test looks at the raw body */
        }
      }
      seen.push(s);
      open.add(res);
      res.on('close', () => {
        open.delete(res);
        if (!res.writableEnded) abandoned++;
      });
      try {
        await respond(await handler(s), req.headers, res);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    abandoned: () => abandoned,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.close(() => r());
        server.closeAllConnections(); // idle keep-alive sockets would hold close() for seconds
      }),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function respond(reply: Reply, headers: IncomingHttpHeaders, res: ServerResponse): Promise<void> {
  if ('hang' in reply) return;
  if ('file' in reply) {
    const range = /bytes=(\d+)-/.exec(headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const type = reply.contentType ?? 'video/mp4';
    if (start >= reply.file.length && range) {
      res.writeHead(416, { 'content-range': `bytes */${reply.file.length}` }).end();
      return;
    }
    const part = reply.file.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-type': type,
      'content-length': String(part.length),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${reply.file.length - 1}/${reply.file.length}` } : {}),
    });
    if (reply.dropAfter !== undefined && reply.dropAfter < part.length) {
      res.write(part.subarray(0, reply.dropAfter));
      await wait(20);
      res.destroy(); // the connection drops mid-file
      return;
    }
    res.end(part);
    return;
  }
  if (reply.delayMs) await wait(reply.delayMs);
  if (res.destroyed) return;
  const status = reply.status ?? 200;
  if (reply.bytes) {
    res.writeHead(status, { 'content-type': 'application/octet-stream', ...reply.headers }).end(reply.bytes);
  } else if (reply.text !== undefined) {
    res.writeHead(status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.text);
  } else {
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json ?? {}));
  }
}

/** Answers from a list, in order, then with `rest` for every later request. */
export function scripted(list: Reply[], rest: Reply): Handler {
  return () => list.shift() ?? rest;
}

export const fast = { timeoutMs: 3000, backoff: { baseMs: 5, maxMs: 50 } };

/** ElevenLabs' with-timestamps answer for a text: 60 ms of a 220 Hz tone per character, its timings exact. */
export function spoken(text: string) {
  const characters = Array.from(text);
  const per = 0.06;
  const samples = Math.round(characters.length * per * 24_000);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((i / 24_000) * 2 * Math.PI * 220)), i * 2);
  return {
    audio_base64: pcm.toString('base64'),
    alignment: { characters, character_start_times_seconds: characters.map((_, i) => +(i * per).toFixed(3)), character_end_times_seconds: characters.map((_, i) => +((i + 1) * per).toFixed(3)) },
  };
}
