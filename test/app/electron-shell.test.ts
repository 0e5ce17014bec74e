// The Electron shell (main/app/) run against a stand-in `electron` module: the real main file
// starts the real studio (SQLite, queue, worker) in a temporary home, and the tests drive what
// Electron would: the window it opens, responses through the session, navigation, IPC calls from
// frames, media requests, the menu, and quitting.
import { register } from 'node:module';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { appResources } from '../../native/resources';
import { channels } from '../../preload/contract/studio-api';

register('./electron-stand-in/loader.mjs', import.meta.url);
const { BrowserWindow, record } = await import('./electron-stand-in/electron');

const home = mkdtempSync(join(tmpdir(), 'rf-shell-'));
const res = appResources();
const rendererIndex = join(res.rendererDir, 'index.html');

async function until<T>(what: string, get: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = get();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let win: InstanceType<typeof BrowserWindow>;

before(async () => {
  // the shell reads these at its entry point; the test runner starts tests without them
  assert.equal(process.env.REELFORGE_HOME ?? process.env.REELFORGE_DEV_URL, undefined, 'run through npm test, which clears REELFORGE_* settings');
  record.userData = home;
  await import('../../main/app/electron-main');
  record.ready!();
  win = await until('the main window', () => BrowserWindow.all[0]);
  await until('the menu', () => record.menu);
});

after(() => rmSync(home, { recursive: true, force: true }));

test('the window is isolated and sandboxed, with the preload the resolver gives, and shows the built studio page', () => {
  const prefs = win.options.webPreferences!;
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.preload, res.preload);
  assert.equal(win.loaded.file, rendererIndex);
  win.emit('ready-to-show');
  assert.equal(win.shown, true);
});

test('every response carries the CSP and every permission request is denied', () => {
  let headers: Record<string, string[]> = {};
  for (const h of record.headerHandlers) h({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
  const csp = headers['Content-Security-Policy']?.[0] ?? '';
  assert.equal(headers['Content-Type']?.[0], 'text/html', 'the response keeps its own headers');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'(;|$)/, 'scripts only from the app itself');
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-eval/);
  let granted: boolean | undefined;
  record.permissionRequest!(win.webContents, 'media', (ok) => (granted = ok));
  assert.equal(granted, false);
  assert.equal(record.permissionCheck!(win.webContents, 'notifications'), false);
});

test('the page cannot navigate away from the app or open windows; https links go to the browser', () => {
  const navigate = (url: string) => {
    let prevented = false;
    win.webContents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(navigate('https://evil.example/'), true);
  assert.equal(navigate('file:///etc/passwd'), true);
  assert.equal(navigate(`${pathToFileURL(rendererIndex).href}#/queue`), false, 'moving inside the app is allowed');

  const open = win.webContents.openHandler!;
  assert.deepEqual(open({ url: 'https://example.org/help' }), { action: 'deny' });
  assert.deepEqual(open({ url: 'file:///etc/passwd' }), { action: 'deny' });
  assert.deepEqual(open({ url: 'http://example.org/' }), { action: 'deny' });
  assert.deepEqual(record.external, ['https://example.org/help'], 'only the https link was handed to the browser');
});

test("IPC answers the app's own page only", async () => {
  const call = (senderFrame: unknown) => record.ipcHandlers.get(channels.getAppInfo)!({ senderFrame, sender: {} }) as Promise<{ ok: boolean; value?: { home: string }; error?: { message: string } }>;
  const own = await call({ url: pathToFileURL(rendererIndex).href, parent: null });
  assert.equal(own.ok, true, JSON.stringify(own));
  assert.equal(own.value!.home, home);
  for (const frame of [
    { url: 'https://evil.example/', parent: null },
    { url: pathToFileURL(rendererIndex).href, parent: { url: 'x' } }, // a frame inside the page
    null,
  ]) {
    const r = await call(frame);
    assert.equal(r.ok, false, `refused: ${JSON.stringify(frame)}`);
    assert.match(r.error!.message, /untrusted frame/);
  }
});

test('IPC refuses another local file, not only remote pages', async () => {
  const r = (await record.ipcHandlers.get(channels.getAppInfo)!({ senderFrame: { url: 'file:///tmp/downloaded.html', parent: null }, sender: {} })) as { ok: boolean };
  assert.equal(r.ok, false);
});

test('the media protocol serves files of the library and nothing outside it', async () => {
  const [scheme] = record.privilegedSchemes as Array<{ scheme: string; privileges: Record<string, boolean> }>;
  assert.equal(scheme!.scheme, 'reelforge-media');
  assert.equal(scheme!.privileges.stream, true, 'video can seek');
  const handler = record.protocolHandlers.get('reelforge-media')!;
  const library = join(home, 'library');
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('frames')]);
  writeFileSync(join(library, 'clip.png'), png);
  writeFileSync(join(library, 'page.png'), '<html><script>alert(1)</script></html>');
  const secret = join(home, 'secret.txt');
  writeFileSync(secret, 'keys');
  mkdirSync(join(library, 'sub'), { recursive: true });
  symlinkSync(secret, join(library, 'sub', 'link.txt'));
  const get = (path: string) => handler(new Request(`reelforge-media://local${path}`));

  const ok = await get(join(library, 'clip.png'));
  assert.equal(ok.status, 200);
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), png);
  assert.equal(ok.headers.get('content-type'), 'image/png', 'typed by its bytes');
  assert.equal(ok.headers.get('content-security-policy'), 'sandbox');
  assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
  const fetchedBefore = record.fetched.length;
  assert.equal((await get(join(library, 'page.png'))).status, 415, 'a page named .png is not served');
  for (const path of [secret, `${library}/../secret.txt`, `${library}/%2e%2e/secret.txt`, join(library, 'sub', 'link.txt'), '/etc/passwd']) {
    const r = await get(path);
    assert.equal(r.status, 404, `refused: ${path}`);
  }
  assert.equal(record.fetched.length, fetchedBefore, 'nothing outside the roots was read');
});

test('the media protocol serves a streamed preview while it is written, following it to its end', async () => {
  const handler = record.protocolHandlers.get('reelforge-media')!;
  const previews = join(home, 'previews');
  mkdirSync(previews, { recursive: true });
  const file = join(previews, 'stream-test.mp4');
  const head = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom'), Buffer.alloc(4)]);
  writeFileSync(file, head);
  const { markGrowing } = await import('../../main/media/growing-file');
  const writer = markGrowing(file);
  const res = await handler(new Request(`reelforge-media://local${file}`));
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'video/mp4');
  assert.equal(res.headers.get('content-length'), null, 'no length: the file is not whole yet');
  // the page fetches it (MediaSource): its CSP lets it connect here, and the answer may be read by it
  let headers: Record<string, string[]> = {};
  for (const h of record.headerHandlers) h({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
  assert.match(headers['Content-Security-Policy']?.[0] ?? '', /connect-src 'self' reelforge-media:;/);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const reader = res.body!.getReader();
  const got: Buffer[] = [];
  // the first bytes come while the writer is still at work; what it adds afterwards follows
  got.push(Buffer.from((await reader.read()).value!));
  appendFileSync(file, 'fragment');
  writer.finish();
  for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(Buffer.from(r.value));
  assert.deepEqual(Buffer.concat(got), Buffer.concat([head, Buffer.from('fragment')]));
});

test('updates are off until the user turns them on; the menu asks only when told to', async () => {
  const settings = (await record.ipcHandlers.get(channels.getSettings)!({ senderFrame: { url: pathToFileURL(rendererIndex).href, parent: null }, sender: {} })) as { value: { checkForUpdates: boolean } };
  assert.equal(settings.value.checkForUpdates, false);
  const help = (record.menu as Array<{ role?: string; submenu?: Array<{ label?: string; click?: () => void }> }>).find((m) => m.role === 'help')!;
  const item = help.submenu!.find((i) => i.label === 'Check for Updates…')!;
  assert.equal(record.messageBoxes.length, 0, 'nothing was checked at start');
  item.click!();
  await until('the answer', () => record.messageBoxes.length > 0);
  assert.match(record.messageBoxes[0]!.message, /only in the installed app/);
});

test('an export goes to the folder picked with the folder dialog, and "Show in folder" opens the file manager on it', async () => {
  const frame = { senderFrame: { url: pathToFileURL(rendererIndex).href, parent: null }, sender: {} };
  const call = async (m: keyof typeof channels, ...args: unknown[]) => {
    const r = (await record.ipcHandlers.get(channels[m])!(frame, ...args)) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!r.ok) throw new Error(r.error!.message);
    return r.value as never;
  };
  const target = join(home, 'My Videos');
  mkdirSync(target);
  record.nextOpenDialog = { canceled: false, filePaths: [target] };
  const picked = (await call('chooseFolder', {})) as { path?: string };
  assert.equal(picked.path, target);
  assert.ok(record.openDialogs.at(-1)!.properties!.includes('openDirectory'), 'a folder dialog, not a file one');
  const project = { version: 1, id: 'shell-export', title: 'Shell export', settings: { preset: 'shorts-1080', width: 120, height: 212, fps: 10 }, scenes: [{ narration: 'Hi.', visual: { type: 'color', color: '#336699' }, duration: 1 }] };
  await call('saveProject', project);
  const job = (await call('enqueueRender', { projectId: 'shell-export', outputDir: target, fileName: 'For the channel', encoder: 'libx264' })) as { id: string };
  let finished: { state: string; output?: string } | undefined;
  for (let i = 0; i < 600 && !(finished && ['completed', 'failed'].includes(finished.state)); i++) {
    finished = (await call('getJob', job.id)) as { state: string; output?: string };
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(finished!.state, 'completed', JSON.stringify(finished));
  assert.equal(finished!.output, join(target, 'For the channel.mp4'));
  const shown = (await call('revealOutput', job.id)) as { shown: boolean };
  assert.equal(shown.shown, true);
  assert.deepEqual(record.shownInFolder, [join(target, 'For the channel.mp4')]);
});

test('quitting stops the studio and kills every process it started', async () => {
  const { runProcess } = await import('../../native/run-process');
  const { runningProcesses } = await import('../../native/process-registry');
  const render = runProcess('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-t', '600', '-f', 'null', '-'], { tag: 'job-1' }).catch((e: Error) => e);
  const child = await until('ffmpeg to start', () => runningProcesses('job-1')[0]?.child);
  const { app } = await import('./electron-stand-in/electron');
  app.quit();
  await until('the app to exit', () => record.exited);
  assert.ok(child.exitCode !== null || child.signalCode !== null, 'FFmpeg was stopped before the app exited');
  assert.ok((await render) instanceof Error, 'the render ended as stopped, not finished');
  assert.equal(runningProcesses().length, 0);
});
