/**
 * bench:render — the render spec from BENCHMARKS.md, measured against the "encode floor" in the
 * same run: 60 s, 1080×1920, 30 fps, 8 scenes (7 stills with a slow zoom, one 1080p clip fitted to
 * 9:16), 0.5 s crossfades, a caption and narration per scene, music ducked under it; libx264
 * veryfast crf 23 + AAC. The floor is the same FFmpeg encoding 1800 frames of testsrc2 with the
 * same settings. Prints medians of RUNS runs (default 3).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { runningProcesses } from '../../native/process-registry';
import { parseProject } from '../../main/project/load-project';
import { buildPlan, renderProject } from '../../main/render/render-project';
import { writeFileSync } from 'node:fs';
import { PeakSampler, mb, median } from './proc-peak';

const RUNS = Number(process.env.RUNS ?? 3);
const tools = locateFfmpeg();
const dir = join(tmpdir(), 'reelforge-bench-render');
mkdirSync(dir, { recursive: true });
const ff = (...args: string[]) => execFileSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);

const lines = [
  'Here is the first idea, and why it matters to you today.',
  'Short videos work best when every scene moves the story forward.',
  'Keep each sentence simple, so the captions are easy to read.',
  'Music sits under the voice and steps back whenever you speak.',
  'Pictures drift slowly, which keeps the eye interested.',
  'A video clip can carry a moment that a still cannot.',
  'Transitions should be quick and quiet, never the star.',
  'That is all it takes. Now make your own.',
];

function makeMedia() {
  const stills = [
    'mandelbrot=s=1600x2400:start_scale=0.7:end_pts=1',
    'mandelbrot=s=1600x2400:start_x=-0.745:start_y=0.11:start_scale=0.02:end_pts=1',
    'gradients=s=1600x2400:c0=0x1b2a6b:c1=0xff6f61:c2=0xffd166:nb_colors=3:x1=1600:y1=2400,noise=alls=3:allf=u,gblur=sigma=1',
    'cellauto=s=400x600:rule=30:random_fill_ratio=0.5,scale=1600:2400:flags=bicubic,format=yuv420p,hue=h=200:s=2',
    'testsrc2=s=1600x2400:d=0.04,gblur=sigma=2',
    'mandelbrot=s=2400x1600:start_x=-1.25:start_y=0.02:start_scale=0.1:end_pts=1',
    'life=s=400x600:mold=10:r=1:ratio=0.3:death_color=#101050:life_color=#ffcc33,scale=1600:2400:flags=bicubic',
  ];
  stills.forEach((src, i) => {
    const f = join(dir, `still-${i}.jpg`);
    if (!existsSync(f)) ff('-f', 'lavfi', '-i', src, '-frames:v', '1', '-q:v', '3', f);
  });
  const clip = join(dir, 'clip.mp4');
  if (!existsSync(clip)) ff('-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=30:d=9', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', clip);
  const music = join(dir, 'music.m4a');
  if (!existsSync(music)) ff('-f', 'lavfi', '-i', "aevalsrc='0.2*sin(2*PI*220*t)+0.15*sin(2*PI*277.2*t)*(0.6+0.4*sin(2*PI*0.5*t))':s=48000:d=30", '-c:a', 'aac', music);
  const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
  lines.forEach((line, i) => {
    const f = join(dir, `voice-${i}.m4a`);
    if (existsSync(f)) return;
    if (hasEspeak) {
      const wav = join(dir, `voice-${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, line]);
      ff('-i', wav, '-c:a', 'aac', f);
      rmSync(wav);
    } else ff('-f', 'lavfi', '-i', "aevalsrc='0.3*sin(2*PI*200*t)*(0.5+0.5*sin(2*PI*4*t))':s=48000:d=4", '-c:a', 'aac', f);
  });
}

function project() {
  // 8 scenes × d − 7 × 0.5 s of overlap = 60 s.
  const d = (60 + 7 * 0.5) / 8;
  const scenes = lines.map((narration, i) => ({
    narration,
    duration: d,
    audio: `voice-${i}.m4a`,
    visual: i === 5 ? { type: 'video' as const, path: 'clip.mp4' } : { type: 'image' as const, path: `still-${i > 5 ? i - 1 : i}.jpg`, zoom: [1, 1.1] as [number, number] },
    transition: { type: 'fade' as const, duration: 0.5 },
  }));
  return parseProject({
    version: 1,
    settings: { preset: 'shorts-1080', quality: 23, speed: 'fast', encoder: 'libx264' },
    scenes,
    audio: { music: { path: 'music.m4a', volume: 0.4, ducking: true }, loudness: -14 },
  }, dir).project;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; ffmpegPeak: number }> {
  const sampler = new PeakSampler(() => runningProcesses().map((p) => p.child.pid!).filter(Boolean));
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, ffmpegPeak: sampler.stop() };
}

async function main() {
  makeMedia();
  const p = project();
  const floorArgs = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1080x1920:r=30', '-frames:v', '1800',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', join(dir, 'floor.mp4')];
  const floors: number[] = [];
  const renders: number[] = [];
  const floorPeaks: number[] = [];
  const renderPeaks: number[] = [];
  let frames = 0;
  for (let run = 0; run < RUNS; run++) {
    const f = await timed(() => runFfmpeg(tools.ffmpeg.path, floorArgs));
    floors.push(f.seconds);
    floorPeaks.push(f.ffmpegPeak);
    const r = await timed(async () => {
      frames = (await renderProject({ project: p, output: join(dir, 'render.mp4') })).frames;
    });
    renders.push(r.seconds);
    renderPeaks.push(r.ffmpegPeak);
    console.log(`run ${run + 1}: floor ${f.seconds.toFixed(1)} s, render ${r.seconds.toFixed(1)} s`);
  }
  // The filter graph alone (decode, zoom, transitions, captions, mix; no encoding): the share of the
  // render that is ours rather than the encoder's.
  const workDir = join(dir, 'plan');
  mkdirSync(workDir, { recursive: true });
  const plan = await buildPlan({ project: p, output: join(dir, 'x.mp4'), workDir, measureLoudness: true });
  writeFileSync(join(workDir, 'graph.txt'), plan.filterGraph);
  const full = plan.args(join(workDir, 'graph.txt'), join(dir, 'x.mp4'));
  const graphOnly = [...full.slice(0, full.indexOf('-map')), '-map', '[vout]', '-map', '[aout]', '-frames:v', String(plan.format.frames), '-f', 'null', '-'];
  const graphTimes: number[] = [];
  for (let run = 0; run < RUNS; run++) graphTimes.push((await timed(() => runFfmpeg(tools.ffmpeg.path, graphOnly))).seconds);
  // A floor with our content: the same encoder settings on the very frames we rendered, read raw
  // (decoded once beforehand, so no decoding is timed). It separates what the content costs the
  // encoder from what the pipeline itself adds.
  const raw = join(dir, 'render.yuv');
  await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-i', join(dir, 'render.mp4'), '-an', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', raw]);
  const contentFloor = await timed(() => runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-y', '-v', 'error',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', '1080x1920', '-r', '30', '-i', raw,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', join(dir, 'content-floor.mp4')]));
  rmSync(raw, { force: true });
  const floor = median(floors);
  const render = median(renders);
  const nodePeak = process.resourceUsage().maxRSS * 1024;
  console.log('');
  console.log(`bench:render — 60 s 1080×1920 30 fps, 8 scenes, libx264 veryfast crf 23, ${RUNS} runs, medians`);
  console.log(`  encode floor (testsrc2, 1800 frames)  ${floor.toFixed(1)} s   ${(1800 / floor).toFixed(1)} fps   ffmpeg peak RSS ${mb(Math.max(...floorPeaks))}`);
  console.log(`  Reelforge render (${frames} frames)      ${render.toFixed(1)} s   ${(frames / render).toFixed(1)} fps   ffmpeg peak RSS ${mb(Math.max(...renderPeaks))}`);
  console.log(`  ratio to floor                        ${(render / floor).toFixed(2)}   (target ≤ 1.30)`);
  console.log(`  content floor: x264 on our own frames  ${contentFloor.seconds.toFixed(1)} s   (render ÷ content floor ${(render / contentFloor.seconds).toFixed(2)}; testsrc2 ÷ ours ${(floor / contentFloor.seconds).toFixed(2)})`);
  console.log(`  filter graph alone, no encoding       ${median(graphTimes).toFixed(1)} s   (one filter thread; the rest of the render is x264 on this content)`);
  console.log(`  peak RSS of our own process (node)    ${mb(nodePeak)}   (target < 300 MB)`);
}

await main();
