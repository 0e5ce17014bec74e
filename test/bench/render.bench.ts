/**
 * bench:render — the render spec from BENCHMARKS.md, measured against the "encode floor" in the
 * same run: 60 s, 1080×1920, 30 fps, 8 scenes (7 stills with a slow zoom, one 1080p clip fitted to
 * 9:16), 0.5 s crossfades, a caption and narration per scene, music ducked under it; libx264
 * veryfast crf 23 + AAC. The floor is the same FFmpeg encoding 1800 frames of testsrc2 with the
 * same settings. Prints medians of RUNS runs (default 3).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { runningProcesses } from '../../native/process-registry';
import { buildPlan, renderProject } from '../../main/render/render-project';
import { writeFileSync } from 'node:fs';
import { PeakSampler, mb, median } from './proc-peak';
import { makeMedia, project } from './render-spec';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const RUNS = Number(process.env.RUNS ?? 3);
const tools = locateFfmpeg({ env: process.env });
const dir = join(tmpdir(), 'reelforge-bench-render');
mkdirSync(dir, { recursive: true });

async function timed<T>(fn: () => Promise<T>): Promise<{ seconds: number; ffmpegPeak: number }> {
  const sampler = new PeakSampler(() => runningProcesses().map((p) => p.child.pid!).filter(Boolean));
  const t0 = performance.now();
  await fn();
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, ffmpegPeak: sampler.stop() };
}

async function main() {
  makeMedia(dir, tools.ffmpeg.path);
  const p = project(dir);
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
      frames = (await renderProject({ config: testConfig, project: p, output: join(dir, 'render.mp4') })).frames;
    });
    renders.push(r.seconds);
    renderPeaks.push(r.ffmpegPeak);
    console.log(`run ${run + 1}: floor ${f.seconds.toFixed(1)} s, render ${r.seconds.toFixed(1)} s`);
  }
  // The filter graph alone (decode, zoom, transitions, captions, mix; no encoding): the share of the
  // render that is ours rather than the encoder's.
  const workDir = join(dir, 'plan');
  mkdirSync(workDir, { recursive: true });
  const plan = await buildPlan({ config: testConfig, project: p, output: join(dir, 'x.mp4'), workDir, measureLoudness: true });
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
