import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeServer } from '../../main/api/http/bridge-server';
import { MAX_UNFINISHED_FROM_AGENTS } from '../../main/api/make-handlers';
import { mediaKeyFor } from '../../preload/contract/bridge';
import { serveStudio, type ServedStudio } from './served-studio';

/** Issue 23, #9, #10 and #16: the doors for other programs, under load and under hostile requests. */
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

/** A raw request, so the method and Host go out exactly as written. */
function raw(port: number, method: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first line the server answers a WebSocket upgrade with. */
function upgrade(port: number, token: string, host: string): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`GET /bridge?token=${token} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    s.once('data', (d) => {
      resolve(String(d).split('\r\n')[0]!);
      s.destroy();
    });
    s.on('error', () => resolve('error'));
  });
}

describe('the bridge, REST and MCP doors (issue 23)', () => {
  let dir: string;
  let server: BridgeServer;
  let base: string;
  let auth: Record<string, string>;

  let served: ServedStudio;
  before(async () => {
    served = await serveStudio('doors3', { worker: false });
    ({ dir, server, base, auth } = served);
  });

  after(() => served.close());

  test('/media answers only GET and HEAD, and only for this server’s own Host; the WebSocket upgrade refuses a rebinding Host', async () => {
    const key = await mediaKeyFor(server.token);
    const path = `/media${join(dir, 'home', 'library', 'none.png')}?key=${key}`;
    const own = `127.0.0.1:${server.port}`;
    assert.equal(await raw(server.port, 'GET', path, { host: own }), 404, 'a missing file, asked properly');
    for (const method of ['POST', 'PUT', 'DELETE', 'PROPFIND']) assert.equal(await raw(server.port, method, path, { host: own }), 405, method);
    assert.equal(await raw(server.port, 'GET', path, { host: `rebind.example:${server.port}` }), 403);
    assert.match(await upgrade(server.port, server.token, `rebind.example:${server.port}`), /403/);
    assert.match(await upgrade(server.port, server.token, own), /101/);
  });

  test(`REST submissions stop at ${MAX_UNFINISHED_FROM_AGENTS} unfinished jobs with 429 and Retry-After; GET /jobs pages through every job`, async () => {
    const post = () => fetch(`${base}/videos`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ script: 'Tide pools.', voice: 'espeak-ng:en-us', captions: 'none' }) });
    for (let i = 0; i < MAX_UNFINISHED_FROM_AGENTS; i++) {
      const r = await post();
      assert.equal(r.status, 202, await r.text());
    }
    const refused = await post();
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '30');
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /already holds 100 unfinished jobs/);

    const seen = new Set<string>();
    let url: string | undefined = `${base}/jobs?limit=30`;
    let pages = 0;
    while (url) {
      const page = (await (await fetch(url, { headers: auth })).json()) as { jobs: Array<{ id: string }>; total: number; next?: string };
      assert.equal(page.total, MAX_UNFINISHED_FROM_AGENTS);
      for (const j of page.jobs) seen.add(j.id);
      url = page.next;
      pages++;
    }
    assert.equal(pages, 4);
    assert.equal(seen.size, MAX_UNFINISHED_FROM_AGENTS, 'every job reached, none twice');
    assert.equal((await fetch(`${base}/jobs?limit=0`, { headers: auth })).status, 400);
  });
});

test('MCP over stdio: a 6 MB line gets a JSON-RPC error and a message on stderr; the session goes on and answers the next request', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-mcp-big-'));
  const child = spawn(process.execPath, [bin, 'mcp', '--home', join(dir, 'home'), '--no-worker'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lineWith = (id: number) => new Promise<Record<string, unknown>>((resolve) => {
    const look = () => {
      const line = out.split('\n').find((l) => l.includes(`"id":${id}`));
      if (line) resolve(JSON.parse(line) as Record<string, unknown>);
      else setTimeout(look, 20);
    };
    look();
  });
  const send = (msg: unknown) => child.stdin.write(JSON.stringify(msg) + '\n');
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } } });
  await lineWith(1);
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const huge = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'create_video', arguments: { script: 'x'.repeat(6 * 1024 * 1024) } } });
  child.stdin.write(huge + '\n');
  const refused = await lineWith(2);
  assert.match(String((refused.error as { message: string }).message), /the message is 6\.0 MB; at most 4 MB per message/);
  send({ jsonrpc: '2.0', id: 3, method: 'tools/list' });
  const listed = await lineWith(3);
  assert.ok(Array.isArray((listed.result as { tools: unknown[] }).tools), 'the session still answers');
  assert.match(err, /refused a message of 6\.0 MB/);
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 0);
  rmSync(dir, { recursive: true, force: true });
});
