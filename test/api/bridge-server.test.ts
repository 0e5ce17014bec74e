import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { BridgeServer } from '../../main/api/http/bridge-server';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { CancelledError, isCancelled, StudioError } from '../../preload/contract/errors';
import { projectSchema } from '../../preload/contract/project';
import type { StoredProject, StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from './bridge-harness';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as written (no client-side dot-segment cleanup). */
function get(server: BridgeServer, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, method }, (res) => {
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

/** A project saved in the library as the studio saves one: scenes of fixed length, no narration audio. */
async function storeDraft(api: StudioApi, title: string, texts: string[], settings: StoredProject['settings'] | object = {}): Promise<StoredProject> {
  const project = { ...projectSchema.parse({ version: 1, title, settings, scenes: texts.map((narration) => ({ narration, visual: { type: 'color', color: '#203040' }, duration: 1 })) }), id: `draft-${title.replace(/\W+/g, '-')}` };
  await api.saveProject(project);
  return project;
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

  test('a picture a project names outside the media folders is served (the timeline shows it); its neighbours, and a named file that is no media, are not', async () => {
    const elsewhere = join(dir, 'pictures');
    mkdirSync(elsewhere);
    const picture = join(elsewhere, 'beach.png');
    writeFileSync(picture, MEDIA);
    const neighbour = join(elsewhere, 'other.png');
    writeFileSync(neighbour, MEDIA);
    const notes = join(elsewhere, 'notes.png');
    writeFileSync(notes, SECRET);
    assert.equal((await get(server, mediaUrl(encodePath(picture)))).status, 404, 'not before a project names it');
    const project = { ...projectSchema.parse({ version: 1, title: 'Elsewhere', scenes: [picture, notes].map((path) => ({ narration: 'x', visual: { type: 'image', path }, duration: 1 })) }), id: 'elsewhere' };
    await api.saveProject(project);

    const ok = await get(server, mediaUrl(encodePath(picture)));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'image/png');
    assert.deepEqual(ok.body, MEDIA);
    assert.equal((await get(server, mediaUrl(encodePath(picture)), {}, 'HEAD')).status, 200);
    // the other rules of /media still hold for it
    for (const [path, headers, method, status] of [
      [mediaUrl(encodePath(neighbour)), {}, 'GET', 404],
      [mediaUrl(encodePath(elsewhere)), {}, 'GET', 404],
      [mediaUrl(encodePath(notes)), {}, 'GET', 404],
      [`/media${encodePath(picture)}`, {}, 'GET', 403],
      [mediaUrl(encodePath(picture)), { host: 'evil.example' }, 'GET', 403],
      [mediaUrl(encodePath(picture)), {}, 'POST', 405],
    ] as Array<[string, Record<string, string>, string, number]>) {
      const r = await get(server, path, headers, method);
      assert.equal(r.status, status, `${method} ${path} ${JSON.stringify(headers)}`);
      assert.ok(!leaks(r), path);
    }
    // once no project names it, it is refused again
    await api.deleteProject('elsewhere');
    assert.equal((await get(server, mediaUrl(encodePath(picture)))).status, 404);
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
    await assert.rejects(api.createVideo({ script: '  ' }), (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && /write or paste a script first/.test(err.message));
    await assert.rejects(api.getProject('no-such-project'), (err: unknown) => err instanceof StudioError && err.code === 'NOT_FOUND');
    assert.equal((await api.getAppInfo()).transport, 'bridge');
  });

  test('a superseded preview arrives as a cancellation, not an error', async () => {
    const project = await storeDraft(api, 'Preview race', ['First scene here.', 'Second scene here.'], { preset: 'shorts-720', width: 160, height: 284, fps: 12 });
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

  test('a cancelled waiting job reaches the socket as state "cancelled" with no error attached', async () => {
    const project = await storeDraft(api, 'Cancel me', ['Only scene.']);
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

describe('cancelling a running render over the bridge', () => {
  test('the job goes from rendering to cancelled, and no FFmpeg is left working for it', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'reelforge-bridge-cancel-'));
    const studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge', worker: true });
    const bridge = await connectOverBridge(studio);
    t.after(async () => {
      await bridge.close();
      await studio.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const api = bridge.api;
    // Two 60 s scenes at 270×480: many seconds of encoding, so a cancel lands well before the end.
    const project = await storeDraft(api, 'Long render', ['First scene.', 'Second scene.'], { preset: 'shorts-720', width: 270, height: 480, fps: 30 });
    project.scenes.forEach((scene) => (scene.duration = 60));
    await api.saveProject(project);
    const seen: string[] = [];
    let rendering!: () => void;
    const renderUnderway = new Promise<void>((r) => (rendering = r));
    let cancelled!: (job: { error?: unknown; output?: string }) => void;
    const settled = new Promise<{ error?: unknown; output?: string }>((r) => (cancelled = r));
    let id = '';
    let furthest = 0;
    api.on('job', (job) => {
      if (job.id !== id) return;
      furthest = Math.max(furthest, job.progress);
      seen.push(`${job.state}:${job.stage ?? ''}:${Math.round(job.progress * 100)}`);
      if (job.state === 'active' && job.stage === 'render' && job.progress > 0.1) rendering();
      if (job.state === 'cancelled') cancelled(job);
    });
    const job = await api.enqueueRender({ projectId: project.id });
    id = job.id;
    await orFail(renderUnderway, 'the render to get going');
    const session = join(studio.dirs.sessions, job.id);
    assert.ok(osProcessesMentioning(session).some((p) => /ffmpeg/.test(p.args)), 'FFmpeg is rendering the job');

    await api.cancelJob(job.id);
    const final = await orFail(settled, `the job to be cancelled (states: ${seen.join(', ')})`);
    assert.equal(final.error, undefined, 'a cancellation is not an error');
    assert.deepEqual(osProcessesMentioning(session), [], 'no process works for the cancelled job');
    assert.equal((await api.listJobs()).find((j) => j.id === job.id)?.state, 'cancelled');
    assert.deepEqual(readdirSync(studio.dirs.renders), [], 'nothing was delivered, not even a partial file');
    assert.ok(seen.some((x) => x.startsWith('active:render:')), seen.join(', '));
    assert.ok(furthest < 0.9, `the render stopped where it was cancelled instead of running to its end (got to ${Math.round(furthest * 100)}%: ${seen.join(', ')})`);
  });
});

/** Processes whose command line mentions `needle`, from the OS's own list. */
function osProcessesMentioning(needle: string): Array<{ pid: number; args: string }> {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.includes(needle) && !l.includes(' ps -eo'))
    .map((l) => ({ pid: Number(l.split(/\s+/)[0]), args: l }));
}

/** Waits, but fails (instead of hanging the suite) when what should happen never does. */
function orFail<T>(promise: Promise<T>, what: string, ms = 120_000): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`never happened: ${what}`)), ms)))]).finally(() => clearTimeout(timer));
}
