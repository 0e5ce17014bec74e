import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestJson } from '../../main/providers/http/provider-http';
import { chatCompletion } from '../../main/script/llm/chat-client';
import { printable } from '../../main/net/printable';

/** Issue 23, #6, #7 and #14: a provider that trickles, floods or sends escape codes is bounded. */
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

async function server(handle: (res: ServerResponse, path: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  const open = new Set<ServerResponse>();
  const s = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    req.resume();
    handle(res, req.url ?? '/');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: async () => {
      for (const r of open) r.destroy();
      await new Promise<void>((r) => s.close(() => r()));
    },
  };
}

/** One byte every 200 ms, for ever: each byte restarts an idle timer, so only a deadline ends it. */
function trickle(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => res.write(' '), 200);
  res.on('close', () => clearInterval(timer));
}

/** Fails the test instead of hanging it when a call has no overall deadline. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const guard = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: still waiting after ${ms / 1000} s — no overall deadline`)), ms)));
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

test('a provider that sends one byte at a time is stopped by the call’s deadline (JSON API and LLM), with a message saying so', async (t) => {
  const slow = await server(trickle);
  t.after(() => slow.close());
  await assert.rejects(
    within(requestJson({ provider: 'Slowpoke', key: 'slowpoke:test' }, { url: `${slow.url}/search` }, { timeoutMs: 1000, deadlineMs: 2500, maxRetries: 0 }), 30_000, 'requestJson'),
    /Slowpoke did not finish within 2\.5 s/,
  );
  await assert.rejects(
    within(chatCompletion({ baseUrl: `${slow.url}/v1`, model: 'm' }, [{ role: 'user', content: 'hi' }], { timeoutMs: 1000, deadlineMs: 2500, maxRetries: 0 }), 30_000, 'chatCompletion'),
    /did not finish within 2\.5 s/,
  );
});

test('an answer larger than its kind allows is refused while it arrives; a declared huge length before reading', async (t) => {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const flood = await server((res, path) => {
    if (path.startsWith('/declared')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(600 * 1024 * 1024) });
      res.write('{');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    let sent = 0;
    const more = () => {
      while (sent < 600 && res.write(chunk)) sent++;
      if (sent < 600) res.once('drain', more);
      else res.end();
    };
    more();
  });
  t.after(() => flood.close());
  const call = { provider: 'Flood', key: 'flood:test' };
  await assert.rejects(within(requestJson(call, { url: `${flood.url}/stream` }, { maxRetries: 0 }), 60_000, 'stream'), /Flood sent more than 8 MB for one json answer/);
  await assert.rejects(within(requestJson(call, { url: `${flood.url}/declared` }, { maxRetries: 0 }), 60_000, 'declared'), /Flood sent more than 8 MB/);
  await assert.rejects(within(chatCompletion({ baseUrl: `${flood.url}/v1`, model: 'm' }, [{ role: 'user', content: 'hi' }], { maxRetries: 0 }), 60_000, 'llm'), /sent more than 8 MB/);
});

test('providers test prints a hostile server’s error without its escape codes or control bytes', async (t) => {
  const hostile = await server((res) => {
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(Buffer.concat([Buffer.from('bad \u001b]0;pwned\u0007\u001b[2J\u001b[31mrequest\u0000 here'), Buffer.from([0xff, 0xfe]), Buffer.from(' end')]));
  });
  t.after(() => hostile.close());
  const home = mkdtempSync(join(tmpdir(), 'reelforge-hostile-provider-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const child = spawn(process.execPath, [bin, 'providers', 'test', 'ollama', '--home', home], { env: { ...process.env, REELFORGE_OLLAMA_URL: `${hostile.url}/v1` }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString('latin1')));
  child.stderr.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  assert.equal(code, 1, text);
  assert.match(text, /bad .*request.* here/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no control character reached the terminal');
  assert.doesNotMatch(text, /pwned/);
  assert.equal(printable('a\u001b[31mb\u0000c\u009bd\ufffde\n'), 'abcde\n');
});
