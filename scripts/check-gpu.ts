// npm run check:gpu — the GPU paths, proven on the machine it runs on:
//   1. every hardware encoder FFmpeg lists, verified by a real encode;
//   2. the benchmark project (test/bench/render-spec.ts) rendered with the best of them and with
//      libx264: speed ratio, and file sizes at the same quality (SSIM against a near-lossless
//      master, the hardware encoder's quality stepped until it matches libx264 crf 23);
//   3. every ONNX Runtime execution provider that loads, upscaling one 1080p frame with
//      realesrgan-x4fast, against the CPU's result (largest difference, speed).
// On a machine without a GPU it says so and exits 0.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getCapabilities, type FfmpegCapabilities } from '../native/ffmpeg/capabilities';
import { locateFfmpeg } from '../native/ffmpeg/locate';
import { probeProviders, type ProviderProbe } from '../native/onnx/providers';
import { chooseEncoder } from '../main/render/choose-encoder';
import { renderProject } from '../main/render/render-project';
import { openEngine } from '../main/upscale/engine';
import { makeMedia, project } from '../test/bench/render-spec';
import { buildRuntimeConfig } from '../main/config/runtime-config';

/** this script's runtime configuration, from its environment (the script is an entry point) */
const runtimeConfig = buildRuntimeConfig({ env: process.env });

const say = (line = '') => console.log(line);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const tools = locateFfmpeg({ env: process.env });

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

/** SSIM (all planes) of `video` against `master`, as FFmpeg's ssim filter reports it. */
function ssim(video: string, master: string): number {
  const run = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-i', video, '-i', master, '-lavfi', '[0:v][1:v]ssim', '-f', 'null', '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const all = / All:([\d.]+)/.exec(run.stderr ?? '');
  if (!all) throw new Error(`ssim failed for ${video}: ${(run.stderr ?? '').slice(-400)}`);
  return Number(all[1]);
}

export async function encoders(caps: FfmpegCapabilities, dir: string, spec?: ReturnType<typeof project>): Promise<void> {
  const best = chooseEncoder(caps, 'auto');
  say(`\nRender: the benchmark project (60 s, 1080×1920, 30 fps), ${best.name} against libx264`);
  makeMedia(dir, tools.ffmpeg.path);
  const base = spec ?? project(dir);
  const render = (encoder: string, quality: number, name: string) =>
    timed(() => renderProject({ config: runtimeConfig, project: { ...base, settings: { ...base.settings, quality } }, output: join(dir, name), encoder, tools, capabilities: caps }));
  const x264 = await render('libx264', 23, 'x264.mp4');
  const hw = await render(best.name, 23, 'hw-23.mp4');
  say(`  libx264 crf 23       ${x264.seconds.toFixed(1)} s   ${mb(statSync(x264.value.output).size)}`);
  say(`  ${best.name.padEnd(20)} ${hw.seconds.toFixed(1)} s   ${mb(statSync(hw.value.output).size)}   (quality 23 as the app maps it)`);
  say(`  speed: ${best.name} is ${(x264.seconds / hw.seconds).toFixed(2)}× libx264 (whole render, loudness pass included)`);

  const master = (await render('libx264', 10, 'master.mp4')).value.output;
  const target = ssim(x264.value.output, master);
  let q = 23;
  let pick = { q, file: hw.value.output, ssim: ssim(hw.value.output, master) };
  for (let step = 0; step < 4 && Math.abs(pick.ssim - target) > 0.002; step++) {
    q += pick.ssim < target ? -3 : 3;
    const file = (await render(best.name, q, `hw-${q}.mp4`)).value.output;
    const s = ssim(file, master);
    if (Math.abs(s - target) < Math.abs(pick.ssim - target)) pick = { q, file, ssim: s };
  }
  say(`  same quality (SSIM against a crf 10 master): libx264 crf 23 ${target.toFixed(4)}, ${mb(statSync(x264.value.output).size)}; ` +
    `${best.name} quality ${pick.q} ${pick.ssim.toFixed(4)}, ${mb(statSync(pick.file).size)} (${(statSync(pick.file).size / statSync(x264.value.output).size).toFixed(2)}× the size)`);
}

export async function upscalers(providers: ProviderProbe[], dir: string, [width, height] = [1920, 1080]): Promise<void> {
  say(`\nUpscale: one ${width}×${height} frame with realesrgan-x4fast (to ${width * 4}×${height * 4}), each provider against the CPU`);
  const rgb = new Uint8Array(execFileSync(tools.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', `mandelbrot=s=${width}x${height}:end_pts=1,noise=alls=8:allf=t`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 16 * 1024 * 1024 }));
  const modelsDir = join(dir, 'models');
  const upscale = async (provider: ProviderProbe['name']) => {
    const engine = await openEngine({ model: 'realesrgan-x4fast', provider, modelsDir });
    try {
      const first = await timed(() => engine.upscaler.upscale(rgb, width, height));
      const second = await timed(() => engine.upscaler.upscale(rgb, width, height));
      return { used: engine.provider, out: second.value, first: first.seconds, steady: second.seconds, tile: engine.upscaler.tile };
    } finally {
      await engine.close();
    }
  };
  const cpu = await upscale('cpu');
  say(`  cpu      ${cpu.steady.toFixed(2)} s/frame (${(1 / cpu.steady).toFixed(2)} fps; first run ${cpu.first.toFixed(2)} s; ${cpu.tile}px tiles)`);
  for (const p of providers) {
    const r = await upscale(p.name);
    if (r.used !== p.name) {
      say(`  ${p.name.padEnd(8)} fell back to ${r.used}: not measured`);
      continue;
    }
    let max = 0;
    let sum = 0;
    for (let i = 0; i < r.out.length; i++) {
      const d = Math.abs(r.out[i]! - cpu.out[i]!);
      sum += d;
      if (d > max) max = d;
    }
    say(`  ${p.name.padEnd(8)} ${r.steady.toFixed(3)} s/frame (${(1 / r.steady).toFixed(1)} fps, ${(cpu.steady / r.steady).toFixed(1)}× the CPU; first run ${r.first.toFixed(2)} s; ${r.tile}px tiles); ` +
      `against the CPU: max difference ${max} levels, mean ${(sum / r.out.length).toFixed(3)}`);
  }
  say('  anchor: Real-ESRGAN AnimeVideo-v3 runs at about 10 fps on 1080p input on a V100 (PyTorch, model time only)');
}

async function main(): Promise<void> {
  say(`FFmpeg ${tools.ffmpeg.path} (${tools.ffmpeg.source})`);
  const caps = await getCapabilities(tools.ffmpeg.path, { refresh: true, cacheDir: runtimeConfig.cacheDir, vaapiDevice: runtimeConfig.vaapiDevice });
  const listed = caps.videoEncoders.filter((e) => e.hardware && e.listed);
  say(`Hardware encoders FFmpeg lists (${listed.length}), each verified by encoding frames:`);
  for (const e of listed) say(`  ${e.works ? 'works' : 'fails'}  ${e.name.padEnd(18)} ${e.works ? '' : e.reason ?? ''}`);
  const providers = await probeProviders({ refresh: true });
  say('ONNX Runtime execution providers, each opened with a test model:');
  for (const p of providers) say(`  ${p.available ? 'loads' : 'no   '}  ${p.name.padEnd(8)} ${p.reason}`);

  const workingEncoders = listed.filter((e) => e.works);
  const gpuProviders = providers.filter((p) => p.available && p.name !== 'cpu');
  if (!workingEncoders.length && !gpuProviders.length) {
    say('\nNo GPU here: no hardware encoder works and no GPU execution provider loads, so there is nothing more to measure.');
    say('Rendering uses libx264 and upscaling the CPU on this machine; both are covered by npm test and the benchmarks.');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-check-gpu-'));
  mkdirSync(dir, { recursive: true });
  try {
    if (workingEncoders.length) await encoders(caps, dir);
    else say('\nRender: no hardware encoder works here; skipped');
    if (gpuProviders.length) await upscalers(gpuProviders, dir);
    else say('\nUpscale: no GPU execution provider loads here; skipped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
