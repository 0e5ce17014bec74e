import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { allowedMediaPath, lexicallyInside } from '../../main/api/http/media-access';
import { createStudio } from '../../main/api/create-studio';
import { isAppPageUrl } from '../../main/app/app-page';
import { locateTools } from '../../main/config/runtime-config';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { StudioError } from '../../preload/contract/errors';

const realFfmpeg = locateFfmpeg({ env: process.env }).ffmpeg.path;
const isCode = (code: string, pattern: RegExp) => (err: unknown) => err instanceof StudioError && err.code === code && pattern.test(err.message);

test('FFmpeg is chosen through the main-process dialog and must run as ffmpeg -version; the renderer cannot type a path to run; emptied, it really clears', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const marker = join(dir, 'ran');
  const impostor = join(dir, 'not-ffmpeg.sh');
  writeFileSync(impostor, `#!/bin/sh\ntouch ${marker}\necho hello\n`);
  chmodSync(impostor, 0o755);
  mkdirSync(join(dir, 'custom'));
  const custom = join(dir, 'custom', 'ffmpeg');
  symlinkSync(realFfmpeg, custom);

  let dialogAnswer: string | undefined;
  const studio = await createStudio({ home: join(dir, 'home'), transport: 'ipc', worker: false, chooseFile: async () => dialogAnswer });
  t.after(() => studio.close());
  const api = (m: string, ...args: unknown[]) => studio.dispatch(m as never, args as never) as Promise<{ ffmpegPath: string }>;

  // a path typed by the page (any transport) is refused, and nothing is run
  await assert.rejects(api('updateSettings', { ffmpegPath: impostor }), isCode('INVALID_INPUT', /chosen with Settings → FFmpeg → Choose…/));
  assert.equal(existsSync(marker), false, 'the typed path was never executed');
  assert.equal((await api('getSettings')).ffmpegPath, '');

  // the dialog's answer must be FFmpeg
  dialogAnswer = join(dir, 'missing');
  await assert.rejects(api('chooseFfmpeg'), isCode('INVALID_INPUT', /no file at/));
  dialogAnswer = impostor;
  await assert.rejects(api('chooseFfmpeg'), isCode('INVALID_INPUT', /is not FFmpeg/));
  assert.equal((await api('getSettings')).ffmpegPath, '');
  dialogAnswer = undefined; // cancelled dialog: nothing changes
  assert.equal((await api('chooseFfmpeg')).ffmpegPath, '');

  dialogAnswer = custom;
  assert.equal((await api('chooseFfmpeg')).ffmpegPath, custom);
  assert.equal(locateTools(studio.config).ffmpeg.path, custom, 'previews and the queue\'s stages find the chosen binary');

  // emptied: every later lookup finds FFmpeg by itself again
  assert.equal((await api('updateSettings', { ffmpegPath: '' })).ffmpegPath, '');
  assert.notEqual(locateTools(studio.config).ffmpeg.path, custom);
  const caps = (await studio.dispatch('getCapabilities', [{}] as never)) as { ffmpeg?: { path: string } };
  assert.notEqual(caps.ffmpeg?.path, custom);
});

test('the bridge has no file dialog: chooseFfmpeg says where to set FFmpeg instead', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge', worker: false });
  t.after(() => studio.close());
  await assert.rejects(studio.dispatch('chooseFfmpeg' as never, [] as never), isCode('NOT_FOUND', /desktop app|REELFORGE_FFMPEG/));
});

test('IPC trusts only the app\'s own index (exact dev origin, not a prefix), and no other file:// page', () => {
  const app = { rendererIndex: '/opt/reelforge/dist/renderer/index.html' };
  assert.equal(isAppPageUrl('file:///opt/reelforge/dist/renderer/index.html', app), true);
  assert.equal(isAppPageUrl('file:///opt/reelforge/dist/renderer/index.html?x=1#/settings', app), true);
  for (const url of ['file:///home/me/Downloads/evil.html', 'file:///opt/reelforge/dist/renderer/index.html.evil', 'file://server/share/index.html', 'https://example.com/', 'not a url']) {
    assert.equal(isAppPageUrl(url, app), false, url);
  }
  const dev = { ...app, devUrl: 'http://localhost:5173' };
  assert.equal(isAppPageUrl('http://localhost:5173/', dev), true);
  assert.equal(isAppPageUrl('http://localhost:5173/editor?x', dev), true);
  for (const url of ['http://localhost:5173.evil.example/', 'http://localhost:51730/', 'https://localhost:5173/', 'http://localhost:5173@evil.example/', 'file:///opt/reelforge/dist/renderer/index.html']) {
    assert.equal(isAppPageUrl(url, dev), false, url);
  }
});

test('media paths are compared lexically before the disk is touched: a UNC path never reaches the file system', () => {
  const w = path.win32;
  const root = 'C:\\Users\\me\\AppData\\Roaming\\Reelforge\\library';
  assert.equal(lexicallyInside(`${root}\\clip.mp4`, root, w), true);
  for (const p of ['\\\\evil.example\\share\\clip.mp4', '//evil.example/share/clip.mp4', `${root}\\..\\secret.txt`, 'C:\\Windows\\win.ini', root, 'D:\\Users\\me\\AppData\\Roaming\\Reelforge\\library\\x.mp4']) {
    assert.equal(lexicallyInside(p, root, w), false, p);
  }
  // on this machine, a //host path is refused before any stat
  assert.equal(allowedMediaPath('//evil.example/share/clip.mp4', ['/tmp']), undefined);
  // nor when a project names it: only that very path, compared as a string, opens the disk
  assert.equal(allowedMediaPath('//evil.example/share/clip.mp4', ['/tmp'], () => ['//evil.example/share/other.mp4']), undefined);
});

test('the render farm is pointed at a Redis only by a trusted door: over the bridge its URL and password are refused, turning it on and off is not', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-settings-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  type View = { url: string; enabled: boolean; chunkSeconds: number; passwordSet: boolean };
  const desktop = await createStudio({ home: join(dir, 'desktop'), transport: 'ipc', worker: false });
  t.after(() => desktop.close());
  const set = (studio: typeof desktop, req: Record<string, unknown>) => studio.dispatch('setFarm' as never, [req] as never) as Promise<View>;
  // the desktop app's Settings: any farm its checks accept
  assert.deepEqual(await set(desktop, { url: 'redis://:pw@127.0.0.1:6390', enabled: true, chunkSeconds: 10 }), { url: 'redis://127.0.0.1:6390', enabled: true, chunkSeconds: 10, passwordSet: true });
  // a refusal there names the Settings fields, not the command line's option
  const settingsWords = (re: RegExp) => (err: Error) => re.test(err.message) && !err.message.includes('--farm');
  await assert.rejects(set(desktop, { url: 'redis://farm.example:6379', password: null, enabled: true, chunkSeconds: 10 }), settingsWords(/^Redis URL: the Redis at farm\.example:6379 is not on this machine .*type it in the Password field/));
  await assert.rejects(set(desktop, { url: 'http://127.0.0.1:6390', enabled: true, chunkSeconds: 10 }), settingsWords(/^Redis URL: http: is not a Redis URL/));

  // `reelforge serve --farm …`: the farm is given where the studio starts; the page then talks over the bridge
  const served = await createStudio({ home: join(dir, 'served'), transport: 'bridge', worker: false, farm: { url: 'redis://:pw@127.0.0.1:6390' } });
  t.after(() => served.close());
  assert.deepEqual(await served.dispatch('getFarm' as never, [] as never), { url: 'redis://127.0.0.1:6390', enabled: true, chunkSeconds: 20, passwordSet: true });
  assert.equal(served.config.farm?.url, 'redis://:pw@127.0.0.1:6390', 'exports from the served studio go to that farm');
  const refused = isCode('INVALID_INPUT', /set in the desktop app .*reelforge serve --farm.* not over the bridge/);
  await assert.rejects(set(served, { url: 'redis://127.0.0.1:7777', enabled: true, chunkSeconds: 20 }), refused, 'another Redis');
  await assert.rejects(set(served, { url: 'redis://:guess@127.0.0.1:6390', enabled: true, chunkSeconds: 20 }), refused, 'a password in the URL');
  await assert.rejects(set(served, { url: 'redis://127.0.0.1:6390', password: 'other', enabled: true, chunkSeconds: 20 }), refused, 'another password');
  await assert.rejects(set(served, { url: 'redis://127.0.0.1:6390', password: null, enabled: true, chunkSeconds: 20 }), refused, 'forgetting the password');
  await assert.rejects(set(served, { url: '', enabled: false, chunkSeconds: 20 }), refused, 'removing the farm');
  assert.equal(served.config.farm?.url, 'redis://:pw@127.0.0.1:6390', 'nothing changed');
  // the same farm, turned off, its chunk length changed: the page's to decide
  assert.deepEqual(await set(served, { url: 'redis://127.0.0.1:6390', enabled: false, chunkSeconds: 5 }), { url: 'redis://127.0.0.1:6390', enabled: false, chunkSeconds: 5, passwordSet: true });
  assert.equal(served.config.farm, undefined, 'exports stay on this machine');
  assert.equal((await set(served, { url: 'redis://127.0.0.1:6390', enabled: true, chunkSeconds: 5 })).enabled, true);
});
