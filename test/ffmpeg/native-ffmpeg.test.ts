import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProgressParser } from '../../native/ffmpeg/progress';
import { locateFfmpeg, locateTool } from '../../native/ffmpeg/locate';
import { getCapabilities, parseEncoderList, parseFilterList } from '../../native/ffmpeg/capabilities';
import { runFfmpeg, FfmpegError } from '../../native/ffmpeg/run';
import { flattenArgs } from '../../native/ffmpeg/args';
import { quotePosix, quoteWindows } from '../../native/ffmpeg/quote';
import { runningProcesses } from '../../native/process-registry';
import { chooseEncoder } from '../../main/render/choose-encoder';
import { missingRenderFilters } from '../../main/render/render-filters';
import type { FfmpegCapabilities, EncoderCheck } from '../../native/ffmpeg/capabilities';
import { encoderProfiles } from '../../native/ffmpeg/encoders';
import { StudioError } from '../../preload/contract/errors';

const tools = locateFfmpeg({ env: process.env });
const dir = mkdtempSync(join(tmpdir(), 'reelforge-ffmpeg-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

test('the progress parser reads what FFmpeg really prints on -progress', () => {
  const run = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=25:d=2',
    '-progress', 'pipe:1', '-nostats', '-f', 'null', '-'], { encoding: 'utf8' });
  let clock = 0;
  const parser = new ProgressParser(2, () => (clock += 100));
  // Fed in awkward chunks, as a pipe delivers it.
  const reports = [];
  for (let i = 0; i < run.stdout.length; i += 7) reports.push(...parser.push(run.stdout.slice(i, i + 7)));
  const last = reports.at(-1)!;
  assert.equal(last.done, true);
  assert.equal(last.frame, 50);
  assert.ok(Math.abs(last.time - 2) < 0.05, `time ${last.time}`);
  assert.equal(last.ratio, 1);
  assert.equal(last.eta, 0);
});

test('ETA comes from elapsed time and the fraction done', () => {
  let now = 0;
  const p = new ProgressParser(10, () => now);
  now = 4000;
  const [r] = p.push('frame=50\nfps=25\nout_time_us=2500000\nspeed=1.2x\nprogress=continue\n');
  assert.equal(r!.ratio, 0.25);
  assert.equal(r!.eta, 12);
  assert.equal(r!.speed, 1.2);
});

test('locate honours REELFORGE_FFMPEG, refuses one that points at nothing, and finds ffprobe beside ffmpeg', () => {
  const fake = join(dir, 'my-ffmpeg');
  writeFileSync(fake, '#!/bin/sh\nexit 0\n');
  chmodSync(fake, 0o755);
  const viaEnv = locateTool('ffmpeg', { env: { REELFORGE_FFMPEG: fake, PATH: '' } });
  assert.equal(viaEnv.path, fake);
  assert.equal(viaEnv.source, 'env');
  assert.throws(() => locateTool('ffmpeg', { env: { REELFORGE_FFMPEG: join(dir, 'nothing'), PATH: '' } }), /REELFORGE_FFMPEG says ffmpeg is at .*no executable/);
  const setting = locateTool('ffmpeg', { ffmpegPath: fake, env: { REELFORGE_FFMPEG: join(dir, 'nothing') } });
  assert.equal(setting.source, 'setting', 'the user setting comes before the environment');
  assert.match(setting.reason, /setting/, 'doctor says the setting chose it');
  assert.match(viaEnv.reason, /REELFORGE_FFMPEG points at it/);
  // Found on a PATH with nothing set: the reason says so and lists what was tried first.
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  copyFileSync(fake, join(binDir, 'ffmpeg'));
  const onPath = locateTool('ffmpeg', { env: { PATH: binDir } });
  assert.deepEqual([onPath.path, onPath.source], [join(binDir, 'ffmpeg'), 'path']);
  assert.match(onPath.reason, /^found on PATH \(.*REELFORGE_FFMPEG/);
  const probe = locateTool('ffprobe', { env: { PATH: '' } }, tools.ffmpeg);
  assert.equal(probe.source, 'sibling');
  assert.equal(probe.reason, `it sits next to ${tools.ffmpeg.path}`);
});

test('capabilities list filters and encoders, verify encoders by encoding, and are cached per binary', async () => {
  const cacheDir = join(dir, 'cache');
  const caps = await getCapabilities(tools.ffmpeg.path, { cacheDir });
  // The filters a render plan uses (test/render/plan.test.ts checks that list against real plans).
  assert.deepEqual(missingRenderFilters(caps.filters).map((f) => f.name), []);
  assert.ok(caps.filters.includes('xfade') && caps.filters.includes('gradients'), 'and the optional ones, so the tests exercise them');
  const x264 = caps.videoEncoders.find((e) => e.name === 'libx264')!;
  assert.equal(x264.works, true);
  // No GPU here: hardware encoders that are compiled in must fail their real check, with a reason.
  for (const e of caps.videoEncoders.filter((v) => v.hardware && v.listed && !v.works)) assert.ok(e.reason && e.reason.length > 3, e.name);
  const again = await getCapabilities(tools.ffmpeg.path, { cacheDir });
  assert.equal(again.checkedAt, caps.checkedAt, 'the second call is served from the cache');
  assert.deepEqual(parseFilterList(' TSC zoompan           V->V       Apply Zoom & Pan effect.\n ... xfade   VV->V  x'), ['zoompan', 'xfade']);
  assert.deepEqual(parseEncoderList(' V....D libx264              libx264 H.264\n A....D aac  AAC'), ['libx264', 'aac']);
});

test('a failing FFmpeg run carries the stderr tail and the quoted command line', async () => {
  const err = await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-v', 'error', '-i', join(dir, 'no such file.mp4'), '-f', 'null', '-']).catch((e: unknown) => e);
  assert.ok(err instanceof FfmpegError);
  assert.match(err.stderrTail, /No such file/);
  assert.match(err.commandLine, /'.*no such file\.mp4'/);
});

test('abort kills the process and rejects with a cancellation', async () => {
  const controller = new AbortController();
  const run = runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=64x64:r=25', '-f', 'null', '-'],
    { signal: controller.signal, tag: 'abort-test' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(runningProcesses('abort-test').length, 1);
  const pid = runningProcesses('abort-test')[0]!.child.pid!;
  controller.abort();
  await assert.rejects(run, (e: Error) => e.name === 'CancelledError');
  assert.equal(runningProcesses('abort-test').length, 0);
  assert.throws(() => process.kill(pid, 0), 'the process is gone');
});

test('no FFmpeg outlives the process that started it', () => {
  const fixture = new URL('./fixtures/exit-with-child.ts', import.meta.url).pathname;
  const run = spawnSync(process.execPath, ['--import', 'tsx', fixture], { encoding: 'utf8' });
  const pid = Number(run.stdout.trim());
  assert.ok(pid > 0, `the fixture reported a pid: ${run.stdout} ${run.stderr}`);
  // A killed child whose parent has gone may stay a zombie until init reaps it: that is not running.
  const alive = () => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 20 && alive(); i++) spawnSync('sleep', ['0.05']);
  assert.equal(alive(), false, `ffmpeg ${pid} is still running after its parent exited`);
});

test('arguments are data: nulls and falses vanish, numbers print without float noise, quoting is per platform', () => {
  assert.deepEqual(flattenArgs(['-i', 'a', null, false, ['-t', 0.1 + 0.2], [['-y']]]), ['-i', 'a', '-t', '0.3', '-y']);
  assert.equal(quotePosix("it's"), `'it'\\''s'`);
  assert.equal(quotePosix('/plain/path.mp4'), '/plain/path.mp4');
  assert.equal(quoteWindows('C:\\My Videos\\a.mp4'), '"C:\\My Videos\\a.mp4"');
  assert.equal(quoteWindows('say "hi"'), '"say \\"hi\\""');
});

/** Capabilities as a machine with these encoders working would report them (the rest listed but failing, or absent). */
function machine(working: string[], listedBroken: string[] = []): FfmpegCapabilities {
  const videoEncoders: EncoderCheck[] = encoderProfiles.map((p) => {
    const works = working.includes(p.name);
    const listed = works || listedBroken.includes(p.name);
    return { name: p.name, hardware: p.hardware, listed, works, ...(works ? {} : { reason: listed ? `${p.name}: Cannot load the driver` : 'not compiled into this FFmpeg' }) };
  });
  return { binary: '/opt/ff/ffmpeg', version: '7.0', filters: [], encoders: [], videoEncoders, checkedAt: '2026-01-01T00:00:00Z' };
}

test('--encoder auto takes the first verified hardware encoder in preference order, else libx264', () => {
  const auto = (caps: FfmpegCapabilities) => chooseEncoder(caps, 'auto').name;
  assert.equal(auto(machine(['libx264', 'libx265'])), 'libx264');
  assert.equal(auto(machine(['libx264', 'h264_vaapi', 'h264_qsv', 'h264_nvenc'])), 'h264_nvenc', 'NVENC before Quick Sync and VAAPI');
  assert.equal(auto(machine(['libx264', 'h264_vaapi', 'h264_qsv'])), 'h264_qsv', 'Quick Sync before VAAPI');
  assert.equal(auto(machine(['libx264', 'h264_vaapi', 'h264_amf'])), 'h264_amf');
  assert.equal(auto(machine(['libx264', 'h264_vaapi'])), 'h264_vaapi');
  assert.equal(auto(machine(['libx264', 'h264_videotoolbox', 'h264_qsv'])), 'h264_videotoolbox');
  assert.equal(auto(machine(['libx264', 'hevc_nvenc'])), 'libx264', 'auto means H.264: a working HEVC encoder is not taken');
  // compiled in but failing its check (no driver, no device): never chosen
  assert.equal(auto(machine(['libx264', 'h264_vaapi'], ['h264_nvenc', 'h264_qsv'])), 'h264_vaapi');
  assert.equal(auto(machine(['libx264'], ['h264_nvenc', 'h264_qsv', 'h264_vaapi'])), 'libx264');
  assert.throws(() => auto(machine([], ['libx264'])), (e: unknown) => e instanceof StudioError && e.code === 'ENCODER_UNAVAILABLE' && /no working H\.264 encoder in \/opt\/ff\/ffmpeg/.test(e.message));
});

test('a named encoder (or its short name) is used only when it works here, otherwise the error says why', () => {
  const caps = machine(['libx264', 'libx265', 'h264_vaapi'], ['h264_nvenc']);
  for (const [asked, got] of [['cpu', 'libx264'], ['x264', 'libx264'], ['software', 'libx264'], ['hevc', 'libx265'], ['x265', 'libx265'], ['vaapi', 'h264_vaapi'], ['libx265', 'libx265']]) {
    assert.equal(chooseEncoder(caps, asked!).name, got, asked);
  }
  assert.throws(() => chooseEncoder(caps, 'nvenc'), (e: unknown) =>
    e instanceof StudioError && e.code === 'ENCODER_UNAVAILABLE' && /encoder h264_nvenc does not work on this machine: h264_nvenc: Cannot load the driver\. Use --encoder auto/.test(e.message));
  assert.throws(() => chooseEncoder(caps, 'h264_videotoolbox'), /h264_videotoolbox does not work on this machine: not compiled into this FFmpeg/);
  assert.throws(() => chooseEncoder(caps, 'divx'), (e: unknown) => e instanceof StudioError && e.code === 'INVALID_INPUT' && /unknown encoder 'divx'; use auto or one of: libx264, libx265, h264_nvenc/.test(e.message));
});
