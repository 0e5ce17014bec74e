import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../../main/api/create-studio';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { pixabaySource } from '../../main/providers/media/pixabay';
import { searchStockForScenes } from '../../main/providers/media/stock-for-scenes';
import { writeCreditsSidecar } from '../../main/providers/media/credits';
import { readKeyFile } from '../../main/providers/secrets/key-file';
import { keyFileStore } from '../../main/providers/secrets/key-file-store';
import { resolveKey } from '../../main/providers/secrets/resolve-key';
import { startServer } from './loopback';

const root = new URL('../..', import.meta.url).pathname;

/** Every file under `dir` (recursively) whose bytes contain `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (readFileSync(p).includes(needle)) found.push(p.slice(dir.length + 1));
    }
  };
  walk(dir);
  return found;
}

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), ...args], { env: { ...process.env, ...env }, cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

test('key files: one others can read is refused with the command that fixes it; a private one is read', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-keys-'));
  try {
    const file = join(dir, 'pexels.key');
    writeFileSync(file, 'pk-file-secret-123\n');
    chmodSync(file, 0o644);
    assert.throws(() => readKeyFile(file), (e: Error & { code?: string }) => e.code === 'INVALID_INPUT' && e.message.includes(`can be read by other users (mode 644); make it private with: chmod 600 ${file}`) && !e.message.includes('pk-file-secret-123'));
    chmodSync(file, 0o600);
    assert.equal(readKeyFile(file), 'pk-file-secret-123');
    writeFileSync(file, '\n');
    assert.throws(() => readKeyFile(file), /is empty: put the API key on its first line/);

    // the key-file store writes 600 files in a 700 folder; an env variable wins over it
    const store = keyFileStore(join(dir, 'store'));
    store.set('pixabay', 'px-stored-secret-9');
    assert.equal(statSync(join(dir, 'store', 'pixabay.key')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'store')).mode & 0o777, 0o700);
    assert.equal(resolveKey('pixabay', { store })?.source, `key file ${join(dir, 'store', 'pixabay.key')}`);
    assert.deepEqual(resolveKey('pixabay', { store, env: { REELFORGE_PIXABAY_API_KEY: 'px-env-secret-1' } }), { value: 'px-env-secret-1', source: 'env REELFORGE_PIXABAY_API_KEY' });
    store.delete('pixabay');
    assert.equal(resolveKey('pixabay', { store }), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('reelforge providers: list shows where a key came from, never the key; test says what worked or what failed, with the key redacted', async () => {
  const KEY = 'pexels-cli-secret-31337';
  const home = mkdtempSync(join(tmpdir(), 'rf-cli-home-'));
  let refuse = false;
  const server = await startServer((req) =>
    refuse
      ? { status: 401, json: { error: `Invalid key: ${req.headers.authorization}` } }
      : { json: { page: 1, per_page: 1, photos: [{ id: 1, width: 10, height: 10, url: 'https://www.pexels.com/photo/x-1/', photographer: 'A', photographer_url: 'u', src: { original: 'o.jpg' } }] } },
  );
  const env = { REELFORGE_HOME: home, REELFORGE_PEXELS_API_KEY: KEY, REELFORGE_PEXELS_URL: server.url, REELFORGE_OLLAMA_URL: 'http://127.0.0.1:9/v1', REELFORGE_LMSTUDIO_URL: 'http://127.0.0.1:9/v1' };
  try {
    const list = await cli(['providers', 'list', '--json'], env);
    assert.equal(list.code, 0, list.err);
    const pexels = (JSON.parse(list.out) as { id: string; status: { ready: boolean; keySource?: string } }[]).find((p) => p.id === 'pexels')!;
    assert.deepEqual(pexels.status, { ready: true, reason: 'API key from env REELFORGE_PEXELS_API_KEY', keySource: 'env REELFORGE_PEXELS_API_KEY' });

    const ok = await cli(['providers', 'test', 'pexels'], env);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /✓ pexels: search works \(key from env REELFORGE_PEXELS_API_KEY; 1 result/);
    assert.equal(server.seen.at(-1)!.headers.authorization, KEY);

    refuse = true;
    const bad = await cli(['providers', 'test', 'pexels'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /✗ pexels: Pexels refused .*HTTP 401 Invalid key: \[redacted\] — check the API key/);
    for (const r of [list, ok, bad]) assert.ok(!(r.out + r.err).includes(KEY), 'the key is never printed');

    const keyFile = join(home, 'loose.key');
    writeFileSync(keyFile, 'pixabay-loose-secret-5');
    chmodSync(keyFile, 0o644);
    const loose = await cli(['providers', 'test', 'pixabay', '--key-file', keyFile], env);
    assert.equal(loose.code, 3);
    assert.match(loose.err, /chmod 600/);

    const none = await cli(['providers', 'test', 'heygen'], env);
    assert.equal(none.code, 1);
    assert.match(none.err, /HeyGen has no API key: add one in Settings → Providers \(or `reelforge providers key heygen`\)/);
    assert.deepEqual(filesContaining(home, KEY), []);
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('secrets: after a stock search with retries, downloads, cache, event log, credits and the studio keeping a key, the keys appear in no file but the key store', async () => {
  const PIXABAY = 'pixabay-run-secret-8080';
  const PEXELS = 'pexels-studio-secret-4040';
  const home = mkdtempSync(join(tmpdir(), 'rf-secret-run-'));
  const session = join(home, 'sessions', 'job-1');
  mkdirSync(session, { recursive: true });
  let base = '';
  let n = 0;
  const server = await startServer((req) => {
    if (req.url.pathname.startsWith('/files/')) return { file: Buffer.alloc(2000, 7) };
    if (req.url.pathname === '/api/videos/') {
      n++;
      // a rate limit and an outage that both echo the request (with its key) back
      if (n === 1) return { status: 429, headers: { 'retry-after': '0' }, text: `Too many requests for ${req.path}` };
      if (n === 2) return { status: 502, text: `upstream failed on ${req.path}` };
      return { json: { totalHits: 1, hits: [{ id: 3, pageURL: 'https://pixabay.com/videos/id-3/', tags: 'river, water', duration: 12, user: 'riverfan', user_id: 5, videos: { large: { url: `${base}/files/3.mp4`, width: 1920, height: 1080, size: 2000 } } }] } };
    }
    if (req.url.pathname === '/v1/search') return { status: 403, json: { error: `Forbidden for key ${req.headers.authorization}` } };
    return { status: 404, text: 'no' };
  });
  base = server.url;
  const events: string[] = [];
  try {
    const picks = await searchStockForScenes(pixabaySource({ apiKey: PIXABAY, baseUrl: server.url }), [{ narration: 'The river runs to the sea.', seconds: 5 }], { width: 1920, height: 1080 }, { dir: session, cacheDir: join(home, 'cache'), kinds: ['video'], backoff: { baseMs: 5, maxMs: 20 }, log: (l) => events.push(l) });
    assert.equal(picks[0]!.candidate?.id, '3');
    assert.ok(events.some((e) => /HTTP 429 Too many requests for \/api\/videos\/\?key=\[redacted\]/.test(e)), events.join('\n'));
    writeFileSync(join(session, 'events.log'), events.join('\n'));
    writeCreditsSidecar(join(session, 'out.mp4'), [{ sceneIndex: 0, attribution: picks[0]!.attribution! }]);

    // the studio reaches the loopback Pexels through its own configuration, as an entry point builds it
    const config = buildRuntimeConfig({ env: { ...process.env, REELFORGE_PEXELS_URL: server.url }, home });
    const studio = await createStudio({ config, transport: 'bridge', worker: false });
    try {
      const info = (await studio.dispatch('setProviderKey', ['pexels', PEXELS])) as { status: { ready: boolean; keySource?: string } };
      assert.equal(info.status.ready, true);
      assert.equal(info.status.keySource, `key file ${join(home, 'keys', 'pexels.key')}`);
      const list = await studio.dispatch('listProviders', []);
      const tested = (await studio.dispatch('testProvider', ['pexels'])) as { ok: boolean; message: string };
      assert.equal(tested.ok, false);
      assert.match(tested.message, /HTTP 403 Forbidden for key \[redacted\]/);
      for (const value of [info, list, tested]) assert.ok(!JSON.stringify(value).includes(PEXELS), 'the key never comes back over the API');
      await assert.rejects(studio.dispatch('setProviderKey', ['template', 'x']), /needs no API key/);
    } finally {
      await studio.close();
    }
    assert.deepEqual(filesContaining(home, PIXABAY), [], 'the Pixabay key (sent in URLs) is in no file');
    assert.deepEqual(filesContaining(home, PEXELS), ['keys/pexels.key'], 'the kept key is only in the key store');
    assert.equal(statSync(join(home, 'keys', 'pexels.key')).mode & 0o777, 0o600);
    assert.ok(!events.join('\n').includes(PIXABAY));
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
});
