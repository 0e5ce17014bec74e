import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const tools = locateFfmpeg();
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
  assert.equal(tools.ffprobe.source === 'sibling' || tools.ffprobe.source === 'env', true);
  assert.match(tools.ffmpeg.reason, /.+/);
});

test('capabilities list filters and encoders, verify encoders by encoding, and are cached per binary', async () => {
  const cacheDir = join(dir, 'cache');
  const caps = await getCapabilities(tools.ffmpeg.path, { cacheDir });
  for (const f of ['zoompan', 'xfade', 'subtitles', 'loudnorm']) assert.ok(caps.filters.includes(f), f);
  const x264 = caps.videoEncoders.find((e) => e.name === 'libx264')!;
  assert.equal(x264.works, true);
  // No GPU here: hardware encoders that are compiled in must fail their real check, with a reason.
  for (const e of caps.videoEncoders.filter((v) => v.hardware && v.listed && !v.works)) assert.ok(e.reason && e.reason.length > 3, e.name);
  assert.equal(chooseEncoder(caps, 'auto').name, caps.videoEncoders.find((e) => e.hardware && e.works)?.name ?? 'libx264');
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
