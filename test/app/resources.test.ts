// The resource resolver: one place that knows where the app's files are in a checkout, a bundle
// and an installed app, and which of them must be read from app.asar.unpacked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appLayout, appResources, layoutFor, resourcesFor, unpackedPath } from '../../native/resources';
import { readExecutableTarget } from '../../scripts/packaging/executable-target';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('in a checkout the root is the project, nothing is unpacked, and the files the app reads are there', () => {
  const layout = appLayout();
  assert.equal(relative(root, layout.root), '');
  assert.equal(layout.packaged, false);
  assert.equal(layout.unpackedRoot, layout.root);
  const res = appResources();
  assert.equal(res.sqliteBinding, undefined, 'under Node the SQLite driver finds its own build');
  for (const file of [res.espeakHelper, join(res.fontsDir, 'Inter-Bold.ttf'), join(res.templatesDir, 'bold-shorts.json'), join(res.examplesDir, 'demo', 'project.json'), res.packageJson]) {
    assert.ok(statSync(file).isFile(), file);
  }
});

test('in an installed app, what native processes read is under app.asar.unpacked and the rest inside app.asar', () => {
  const win = layoutFor('C:\\Program Files\\Reelforge\\resources\\app.asar', { platform: 'win32', arch: 'x64', electron: true });
  assert.equal(win.packaged, true);
  assert.equal(win.unpackedRoot, 'C:\\Program Files\\Reelforge\\resources\\app.asar.unpacked');
  const mac = resourcesFor(layoutFor('/Applications/Reelforge.app/Contents/Resources/app.asar', { platform: 'darwin', arch: 'arm64', electron: true }));
  assert.match(mac.ffmpegStatic, /app\.asar\.unpacked\/node_modules\/ffmpeg-static\/ffmpeg$/);
  assert.match(mac.espeakHelper, /app\.asar\.unpacked\/native\/tts\/espeak-events\.py$/);
  assert.match(mac.fontsDir, /app\.asar\.unpacked\/assets\/fonts$/);
  assert.match(mac.onnxRuntimeFiles.join(), /app\.asar\.unpacked\/node_modules\/onnxruntime-node\/bin\/napi-v6\/darwin\/arm64\/libonnxruntime\.1\.dylib/);
  assert.match(mac.sqliteBinding!, /app\.asar\.unpacked\/node_modules\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/);
  assert.match(mac.templatesDir, /app\.asar\/assets\/templates$/, 'JSON read by Node stays in the archive');
  assert.match(mac.preload, /app\.asar\/dist\/preload\/index\.cjs$/);
  // a path the ffmpeg-static package computes inside the archive maps to the unpacked copy
  assert.equal(unpackedPath('/opt/Reelforge/resources/app.asar/node_modules/ffmpeg-static/ffmpeg'), '/opt/Reelforge/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg');
  assert.equal(unpackedPath('/opt/Reelforge/resources/app.asar.unpacked/x'), '/opt/Reelforge/resources/app.asar.unpacked/x', 'already unpacked');
  // Electron in a checkout loads the add-on built for its ABI, which the README's steps make
  assert.match(resourcesFor(layoutFor(root, { electron: true })).sqliteBinding!, /better_sqlite3-electron\.node$/);
});

test('no module but the resolver finds files relative to its own location', () => {
  const offenders: string[] = [];
  const scan = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) scan(p);
      else if (/\.(ts|tsx|js)$/.test(name) && /import\.meta\.url|__dirname/.test(readFileSync(p, 'utf8'))) offenders.push(relative(root, p));
    }
  };
  for (const dir of ['main', 'native', 'preload', 'renderer']) scan(join(root, dir));
  assert.deepEqual(offenders, ['native/resources.ts']);
});

test('executables are recognised by platform and architecture from their headers', () => {
  const ort = (p: string) => join(root, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', p);
  assert.deepEqual(readExecutableTarget(process.execPath), { platform: process.platform, arch: process.arch });
  assert.deepEqual(readExecutableTarget(ort('win32/x64/onnxruntime.dll')), { platform: 'win32', arch: 'x64' });
  assert.deepEqual(readExecutableTarget(ort('win32/arm64/onnxruntime.dll')), { platform: 'win32', arch: 'arm64' });
  assert.deepEqual(readExecutableTarget(ort('darwin/arm64/libonnxruntime.1.dylib')), { platform: 'darwin', arch: 'arm64' });
  assert.deepEqual(readExecutableTarget(ort('linux/arm64/libonnxruntime.so.1')), { platform: 'linux', arch: 'arm64' });
  assert.equal(readExecutableTarget(join(root, 'package.json')), undefined);
});
