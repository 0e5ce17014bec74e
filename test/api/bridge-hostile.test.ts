import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { mediaKeyFor } from '../../preload/contract/bridge';
import { StudioError } from '../../preload/contract/errors';
import { createStudioClient } from '../../preload/contract/studio-client';
import { bridgeTransport } from '../../renderer/api/bridge-client';
import { media } from '../render/fixtures';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;

/** A WebSocket frame from the client side (masked), built by hand so it can be wrong on purpose. */
function frame(opcode: number, payload: Buffer, opts: { claimLength?: bigint } = {}): Buffer {
  const mask = randomBytes(4);
  const len = opts.claimLength ?? BigInt(payload.length);
  let header: Buffer;
  if (len < 126n) header = Buffer.from([0x80 | opcode, 0x80 | Number(len)]);
  else if (len < 65536n) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(Number(len), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(len, 2);
  }
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/** Upgrades a raw TCP socket to a WebSocket with the right token, then lets the test write anything. */
function rawSocket(port: number, token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`GET /bridge?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    });
    s.once('data', (d) => (String(d).startsWith('HTTP/1.1 101') ? resolve(s) : reject(new Error(String(d)))));
    s.on('error', () => undefined);
  });
}

const closed = (s: Socket) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())));

describe('the bridge under hostile input (a real `reelforge serve` process)', () => {
  let dir: string;
  let child: ChildProcess;
  let port: number;
  let token: string;
  let exited = false;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-hostile-'));
    child = spawn(process.execPath, [bin, 'serve', '--home', join(dir, 'home'), '--no-worker', '--renderer', join(dir, 'none')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.once('exit', () => (exited = true));
    process.once('exit', () => child.kill('SIGKILL')); // even if this file is killed by a timeout
    const lines = createInterface({ input: child.stdout! });
    for await (const line of lines) {
      const m = /bridge: ws:\/\/127\.0\.0\.1:(\d+)\/bridge\?token=(\S+)/.exec(line);
      if (m) {
        port = Number(m[1]);
        token = m[2]!;
        break;
      }
    }
  });

  after(() => {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  async function apiWorks(): Promise<void> {
    const transport = bridgeTransport(`ws://127.0.0.1:${port}/bridge?token=${token}`);
    await transport.ready;
    const api = createStudioClient(transport);
    assert.ok(Array.isArray(await api.listProjects()));
    transport.close();
  }

  test('bad UTF-8, a reserved opcode, a 1 GiB length, a bad close code and garbage instead of HTTP each close only that socket', async () => {
    const attacks: Array<[string, Buffer]> = [
      ['bad UTF-8 in a text frame', frame(0x1, Buffer.from([0xc3, 0x28, 0xff, 0xfe]))],
      ['reserved opcode 0x3', frame(0x3, Buffer.from('x'))],
      ['a 1 GiB length header', frame(0x2, Buffer.alloc(16), { claimLength: 1n << 30n })],
      ['an invalid close code', frame(0x8, Buffer.from([0x03, 0xe7]))],
      ['an unmasked frame', Buffer.from([0x81, 0x02, 0x68, 0x69])],
    ];
    for (const [what, bytes] of attacks) {
      const s = await rawSocket(port, token);
      s.write(bytes);
      await closed(s);
      assert.equal(exited, false, `serve died after ${what}`);
      await apiWorks();
    }
    const garbage = connect(port, '127.0.0.1', () => garbage.write('\x00\xff not http at all\r\n\r\n'));
    garbage.on('error', () => undefined);
    garbage.resume(); // read to the end, or 'close' never comes
    await closed(garbage);
    assert.equal(exited, false, 'serve died after a non-HTTP request');
    await apiWorks();
  });

  test('stored XSS: importMedia refuses an SVG with a script and an HTML/GIF polyglot; /media serves only real media, sandboxed, and never with the token', async () => {
    const transport = bridgeTransport(`ws://127.0.0.1:${port}/bridge?token=${token}`);
    await transport.ready;
    const api = createStudioClient(transport);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch("/x")</script><rect width="10" height="10"/></svg>';
    const polyglot = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff]), Buffer.from('<html><script>alert(1)</script></html>'), Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3b])]);
    for (const [name, bytes] of [['evil.svg', Buffer.from(svg)], ['cat.gif', polyglot], ['page.png', Buffer.from('<!doctype html><script>alert(1)</script>')]] as const) {
      await assert.rejects(api.importMedia([{ name, base64: bytes.toString('base64') }]), (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && err.message.includes(name), name);
    }
    // a real image imports and is served as what it is, sandboxed, with the media key only
    const png = media.still(dir, 'real.png', 'red', '16x16');
    const [item] = await api.importMedia([{ name: 'real.png', base64: (await import('node:fs')).readFileSync(png).toString('base64') }]);
    const key = await mediaKeyFor(token);
    const url = (p: string, q: string) => `http://127.0.0.1:${port}/media${p.split('/').map(encodeURIComponent).join('/')}?${q}`;
    const ok = await fetch(url(item!.path, `key=${key}`));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'image/png');
    assert.equal(ok.headers.get('content-security-policy'), 'sandbox');
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await fetch(url(item!.path, `token=${token}`))).status, 403, 'the API token is not a media key');

    // a page planted in the library by other means (renamed .png, .html) is not served as anything
    const lib = item!.path.slice(0, item!.path.lastIndexOf('/'));
    writeFileSync(join(lib, 'planted.png'), '<html><script>alert(1)</script></html>');
    copyFileSync(png, join(lib, 'renamed.html'));
    const planted = await fetch(url(join(lib, 'planted.png'), `key=${key}`));
    assert.equal(planted.status, 415);
    assert.doesNotMatch(await planted.text(), /script/);
    const renamed = await fetch(url(join(lib, 'renamed.html'), `key=${key}`));
    assert.equal(renamed.headers.get('content-type'), 'image/png', 'the type comes from the bytes, not the name');
    transport.close();
  });
});
