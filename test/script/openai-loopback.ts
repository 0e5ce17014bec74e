import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for an OpenAI-compatible server, speaking the real protocol over HTTP on
 * 127.0.0.1: POST /v1/chat/completions with a JSON body, answered as JSON or as SSE
 * (`data: {chunk}` … `data: [DONE]`). Each request takes the next scripted behaviour.
 */
export type Behaviour =
  | { kind: 'answer'; content: string; delayMs?: number }
  | { kind: 'stream'; content: string; pieces?: number; gapMs?: number }
  | { kind: 'status'; status: number; body?: string; retryAfter?: string }
  | { kind: 'hang' };

export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: { model: string; messages: { role: string; content: string }[]; stream?: boolean; response_format?: unknown };
}

export interface Loopback {
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startLoopback(script: Behaviour[], fallback?: Behaviour): Promise<Loopback> {
  const seen: SeenRequest[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8').on('data', (c: string) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      seen.push({ path: req.url, headers: req.headers, body: JSON.parse(raw) });
      const b = script.shift() ?? fallback ?? { kind: 'status', status: 500, body: 'script exhausted' };
      open.add(res);
      res.on('close', () => open.delete(res));
      void respond(b, res, seen.at(-1)!.body.model);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.close(() => r());
      }),
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function respond(b: Behaviour, res: ServerResponse, model: string): Promise<void> {
  const id = 'chatcmpl-loopback';
  const created = Math.floor(Date.now() / 1000);
  if (b.kind === 'hang') return; // never answers; the client's timeout must fire
  if (b.kind === 'status') {
    res.writeHead(b.status, { 'content-type': 'application/json', ...(b.retryAfter ? { 'retry-after': b.retryAfter } : {}) });
    res.end(b.body ?? JSON.stringify({ error: { message: `status ${b.status}`, type: 'server_error' } }));
    return;
  }
  if (b.kind === 'answer') {
    if (b.delayMs) await wait(b.delayMs);
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content: b.content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const pieces = b.pieces ?? 6;
  const size = Math.ceil(b.content.length / pieces);
  // the wire bytes are cut at arbitrary places, as TCP does, not at event boundaries
  let wire = chunk({ role: 'assistant', content: '' }) + ': keep-alive\n\n';
  for (let i = 0; i < b.content.length; i += size) wire += chunk({ content: b.content.slice(i, i + size) });
  wire += chunk({}, 'stop') + 'data: [DONE]\n\n';
  for (let i = 0; i < wire.length; i += 37) {
    if (res.destroyed) return;
    res.write(wire.slice(i, i + 37));
    if (b.gapMs) await wait(b.gapMs);
  }
  res.end();
}
