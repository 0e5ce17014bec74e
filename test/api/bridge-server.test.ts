import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { BridgeServer } from '../../main/api/bridge-server';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { CancelledError, isCancelled, StudioError } from '../../preload/contract/errors';
import type { StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from './bridge-harness';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as written (no client-side dot-segment cleanup). */
function get(server: BridgeServer, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with 'open' or the HTTP status the server refused the upgrade with. */
function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ ws?: WebSocket; refused?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ refused: res.statusCode });
      ws.terminate();
    });
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

describe('the loopback bridge', () => {
  const SECRET = 'top secret bytes outside every media root';
  const MEDIA = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('0123456789abcdefghij')]); // a PNG signature, then bytes
  let dir: string;
  let outside: string;
  let media: string;
  let studio: Studio;
  let server: BridgeServer;
  let api: StudioApi;
  let bridge: BridgeConnection;
  const mediaUrl = (path: string, key = server.mediaKey) => `/media${path}?key=${encodeURIComponent(key)}`;
  const leaks = (r: Reply) => r.body.includes(SECRET) || r.body.includes(MEDIA);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-bridge-'));
    studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge', worker: false });
    outside = join(dir, 'secret.txt');
    writeFileSync(outside, SECRET);
    media = join(studio.dirs.library, 'clip.bin');
    writeFileSync(media, MEDIA);
    mkdirSync(join(studio.dirs.library, 'folder'));
    symlinkSync(outside, join(studio.dirs.library, 'link-out.txt'));
    symlinkSync(media, join(studio.dirs.library, 'link-in.bin'));
    const staticDir = join(dir, 'renderer');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
    bridge = await connectOverBridge(studio, staticDir);
    server = bridge.server;
    api = bridge.api;
  });

  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('binds to 127.0.0.1 and hands out a 32-byte random token', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(Buffer.from(server.token, 'base64url').length, 32);
  });

  test('refuses a socket without the token, with a wrong one, or on another path', async () => {
    const base = `ws://127.0.0.1:${server.port}`;
    const sameLength = server.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    for (const url of [`${base}/bridge`, `${base}/bridge?token=`, `${base}/bridge?token=nope`, `${base}/bridge?token=${sameLength}`, `${base}/other?token=${server.token}`]) {
      assert.deepEqual(await openSocket(url), { refused: 403 }, url);
    }
  });

  test('refuses a socket from another origin, even with the right token', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${server.port}`, 'null', `https://127.0.0.1:${server.port}`]) {
      assert.deepEqual(await openSocket(server.wsUrl, { origin }), { refused: 403 }, origin);
    }
    const { ws } = await openSocket(server.wsUrl, { origin: server.url });
    assert.ok(ws, 'the page the bridge served may connect');
    ws.close();
  });

  test('refuses /media without the token or with a wrong one, and leaks nothing', async () => {
    // the API token is no media key: media URLs never carry it, and it opens nothing there
    for (const path of [`/media${encodePath(media)}`, mediaUrl(encodePath(media), ''), mediaUrl(encodePath(media), 'wrong'), `/media${encodePath(media)}?token=${server.token}`]) {
      const r = await get(server, path);
      assert.equal(r.status, 403, path);
      assert.ok(!leaks(r), path);
    }
  });

  test('refuses path traversal: .., encoded dots and slashes, absolute paths, symlinks out of a root, folders', async () => {
    const lib = encodePath(studio.dirs.library);
    const up = '/..'.repeat(12);
    const cases: Array<[string, number]> = [
      [`${lib}/../../secret.txt`, 400],
      [`${lib}/%2e%2e/%2e%2e/secret.txt`, 400],
      [`${lib}/%2E%2E/%2e./secret.txt`, 400],
      [`${lib}%2F..%2F..%2Fsecret.txt`, 400],
      [`${lib}/..%5c..%5csecret.txt`, 400],
      [`${up}${encodePath(outside)}`, 400],
      [encodePath(outside), 404],
      [`/${encodePath(outside)}`, 404],
      ['/etc/passwd', 404],
      [`${lib}/link-out.txt`, 404],
      [`${lib}/folder`, 404],
      [lib, 404],
      [`${lib}/missing.bin`, 404],
      [`${lib}/clip.bin%00.png`, 404],
      [`${lib}/%E0%A4%A`, 400],
    ];
    for (const [path, status] of cases) {
      const r = await get(server, mediaUrl(path));
      assert.equal(r.status, status, path);
      assert.ok(!leaks(r), `${path} leaked bytes`);
    }
    // the server survived all of that, and a symlink that stays inside a root is fine
    const ok = await get(server, mediaUrl(`${lib}/link-in.bin`));
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, MEDIA);
  });

  test('dot segments and bad encodings are refused outside /media too (no index.html fallback)', async () => {
    for (const path of [`/media/..${encodePath(outside)}`, '/%2e%2e/%2e%2e/etc/passwd', '/assets/%E0%A4%A', 'http://[::1/']) {
      const r = await get(server, path);
      assert.equal(r.status, 400, path);
      assert.ok(!leaks(r), path);
    }
    assert.equal((await get(server, '/')).status, 200, 'the page itself still loads');
  });

  test('a legitimate Range request gets 206 and exactly those bytes', async () => {
    const url = mediaUrl(encodePath(media));
    const whole = await get(server, url);
    assert.equal(whole.status, 200);
    assert.deepEqual(whole.body, MEDIA);
    assert.equal(whole.headers['accept-ranges'], 'bytes');

    const mid = await get(server, url, { range: 'bytes=2-5' });
    assert.equal(mid.headers['content-type'], 'image/png');
    assert.equal(mid.status, 206);
    assert.equal(mid.headers['content-range'], `bytes 2-5/${MEDIA.length}`);
    assert.equal(mid.headers['content-length'], '4');
    assert.deepEqual(mid.body, MEDIA.subarray(2, 6));

    const open = await get(server, url, { range: 'bytes=15-' });
    assert.equal(open.status, 206);
    assert.deepEqual(open.body, MEDIA.subarray(15));

    const suffix = await get(server, url, { range: 'bytes=-3' });
    assert.equal(suffix.status, 206);
    assert.deepEqual(suffix.body, MEDIA.subarray(-3));

    const beyond = await get(server, url, { range: `bytes=${MEDIA.length}-` });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers['content-range'], `bytes */${MEDIA.length}`);
    assert.equal(beyond.body.length, 0);
  });

  test('invalid arguments come back as a typed INVALID_INPUT StudioError, and the socket stays usable', async () => {
    await assert.rejects(api.getProject(''), (err: unknown) => {
      assert.ok(err instanceof StudioError);
      assert.equal(err.code, 'INVALID_INPUT');
      assert.match(err.message, /bad arguments for getProject/);
      const issues = (err.details as { issues: Array<{ path: string }> }).issues;
      assert.ok(issues.length > 0 && issues[0]!.path === '[0]', JSON.stringify(issues));
      assert.ok(!isCancelled(err));
      return true;
    });
    await assert.rejects(api.createProject({ title: '  ', script: 'One scene.' }), (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && /give the project a title/.test(err.message));
    await assert.rejects(api.getProject('no-such-project'), (err: unknown) => err instanceof StudioError && err.code === 'NOT_FOUND');
    assert.equal((await api.getAppInfo()).transport, 'bridge');
  });

  test('a superseded preview arrives as a cancellation, not an error', async () => {
    const project = await api.createProject({ title: 'Preview race', script: 'First scene here.\n\nSecond scene here.', settings: { preset: 'shorts-720', width: 160, height: 284, fps: 12 }, sceneSeconds: 1 });
    const first = api.renderPreview({ project }).then(
      () => 'finished',
      (err: unknown) => err,
    );
    const second = api.renderPreview({ project, sceneIndex: 0 });
    const outcome = await first;
    assert.ok(outcome instanceof CancelledError, `expected a CancelledError, got ${String(outcome)}`);
    assert.equal(outcome.code, 'CANCELLED');
    assert.ok(isCancelled(outcome));
    const done = await second;
    assert.ok(done.path.endsWith('.mp4'));
  });

  test('a cancelled job reaches the socket as state "cancelled" with no error attached', async () => {
    const project = await api.createProject({ title: 'Cancel me', script: 'Only scene.', sceneSeconds: 1 });
    const seen: string[] = [];
    const cancelled = new Promise<unknown>((resolve) => {
      const off = api.on('job', (job) => {
        seen.push(job.state);
        if (job.state === 'cancelled') {
          off();
          resolve(job.error);
        }
      });
    });
    const job = await api.enqueueRender({ projectId: project.id });
    await api.cancelJob(job.id);
    assert.equal(await cancelled, undefined, `states seen: ${seen.join(', ')}`);
    assert.equal((await api.listJobs()).find((j) => j.id === job.id)?.state, 'cancelled');
  });
});
