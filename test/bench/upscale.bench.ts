// npm run bench:upscale — prints upscaling figures measured in this run (CPU provider unless a
// better one is found). What it runs, in order (about 7 minutes on 2 quiet cores):
//   1. ONNX Runtime MatMul 2048³, best of 3: the practical GFLOP/s of this machine;
//   2. per tile: x4fast at 128² and 256² (best of 3), x4plus at 128² (best of 3) and 256² (best of 1),
//      each after one warm-up run of the same shape;
//   3. video 270p → 1080p, x4fast, BENCH_FRAMES frames (default 24): the model alone on the decoded
//      frames, then the whole pipeline (decode → model → libx264/auto encode in chunks → join), same
//      tile; start-up (probe, encoder check, model + session, decoder spawn) and the final join are
//      timed separately and kept out of the overhead ratio;
//   4. peak memory, 540p → 2160p x4fast at BENCH_RSS_FRAMES lengths (default 6,12,24; chunks of
//      BENCH_RSS_CHUNK = 6 frames), each in a fresh process (this file re-run with --rss-child),
//      sampling /proc VmHWM of that process and of every FFmpeg it spawns, and the largest
//      simultaneous sum of their VmRSS;
//   5. libx264 alone on BENCH_ENCODER_FRAMES (default 60) 2160p frames in one encode: the encoder's
//      plateau once its lookahead is full, which short chunks in step 4 never reach.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, floatTensor } from '../../native/onnx/proto/onnx-model';
import { openEngine } from '../../main/upscale/engine';
import { upscaleVideo } from '../../main/upscale/upscale-video';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { TreeSampler, type TreePeak } from './proc-peak';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const now = () => performance.now();
const fmt = (n: number, d = 1) => n.toFixed(d);
const MB = (bytes: number) => `${fmt(bytes / 2 ** 20, 0)} MB`;
const ffmpeg = locateFfmpeg({ env: process.env }).ffmpeg.path;
const ff = (...a: string[]) => execFileSync(ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...a]);

interface ChildResult {
  frames: number;
  seconds: number;
  timings: { startup: number; frames: number; join: number };
  tile: number;
  encoder: string;
  maxRssMB: number;
}

if (process.argv[2] === '--rss-child') {
  // One video upscale in a fresh process; the parent samples this process and its FFmpeg children.
  const [input, output, modelsDir, chunkFrames] = process.argv.slice(3);
  const r = await upscaleVideo({ config: testConfig, input: input!, output: output!, modelsDir: modelsDir!, provider: 'cpu', encoder: 'libx264', chunkFrames: Number(chunkFrames) });
  const out: ChildResult = { frames: r.frames, seconds: r.seconds, timings: r.timings, tile: r.tile, encoder: r.encoder, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'reelforge-bench-upscale-'));

async function matmulGflops(n = 2048): Promise<number> {
  const b = new Float32Array(n * n).map(() => Math.random());
  const model = encodeModel({
    producer: 'bench', graphName: 'mm', opset: 17,
    nodes: [{ op: 'MatMul', name: 'mm', inputs: ['input', 'b'], outputs: ['output'] }],
    initializers: [floatTensor('b', [n, n], b)],
    inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [n, n] }],
    outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [n, n] }],
  });
  const s = await ort.InferenceSession.create(model, { executionProviders: ['cpu'] });
  const a = new ort.Tensor('float32', new Float32Array(n * n).map(() => Math.random()), [n, n]);
  await s.run({ input: a });
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = now();
    await s.run({ input: a });
    best = Math.min(best, now() - t);
  }
  await s.release();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

async function tileFigures(model: string, sizes: [number, number][]) {
  const t0 = now();
  const engine = await openEngine({ model, modelsDir: dir, provider: 'auto', tile: 4096 });
  console.log(`  (${model}: converted from ncnn and session created in ${fmt((now() - t0) / 1000)} s)`);
  for (const [size, reps] of sizes) {
    const rgb = new Uint8Array(size * size * 3).map((_, i) => (i * 37) % 251);
    await engine.upscaler.upscale(rgb, size, size); // warm-up: allocation plans for this shape
    let best = Infinity;
    let cpuBest = Infinity;
    for (let i = 0; i < reps; i++) {
      const c = process.cpuUsage();
      const t = now();
      await engine.upscaler.upscale(rgb, size, size);
      const wall = now() - t;
      if (wall < best) {
        best = wall;
        const u = process.cpuUsage(c);
        cpuBest = (u.user + u.system) / 1000;
      }
    }
    const gflops = (engine.meta.macsPerPixel! * 2 * size * size) / (best / 1000) / 1e9;
    console.log(`  ${model.padEnd(18)} ${`${size}²`.padEnd(5)} ${fmt(best, 0).padStart(6)} ms/tile  ${fmt(gflops).padStart(6)} GFLOP/s  cpu ${fmt(cpuBest / best, 2)} cores  (provider ${engine.provider}, best of ${reps})`);
  }
  await engine.close();
}

/** Decodes `count` RGB24 frames of a video (small ones: this holds them all). */
function decodeFrames(file: string, width: number, height: number, count: number): Uint8Array[] {
  const raw = execFileSync(ffmpeg, ['-v', 'error', '-i', file, '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 1 << 30 });
  const size = width * height * 3;
  return Array.from({ length: raw.length / size }, (_, i) => new Uint8Array(raw.buffer, raw.byteOffset + i * size, size));
}

function runChild(args: string[]): Promise<{ result: ChildResult; peak: TreePeak }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--rss-child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const sampler = new TreeSampler(child.pid!);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = sampler.stop();
      if (code !== 0) return reject(new Error(`rss child exited with ${code}`));
      resolve({ result: JSON.parse(out.trim().split('\n').pop()!) as ChildResult, peak });
    });
  });
}

const benchStart = now();
console.log(`machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()} logical cores; onnxruntime-node ${ort.env.versions.common}; load average at start ${loadavg().map((l) => fmt(l, 2)).join(' ')}`);
const mm = await matmulGflops();
console.log(`ONNX Runtime MatMul 2048³ (practical peak): ${fmt(mm)} GFLOP/s`);
console.log('per tile (input size; output is ×4; includes RGB↔tensor conversion; cpu = CPU time ÷ wall time of the best run):');
await tileFigures('realesrgan-x4fast', [[128, 3], [256, 3]]);
await tileFigures('realesrgan-x4plus', [[128, 3], [256, 1]]);

// Whole video 270p → 1080p against the model alone on the same decoded frames, same tile size.
const frames = Number(process.env.BENCH_FRAMES ?? 24);
const tile = 512;
const src270 = join(dir, '270p.mp4');
ff('-f', 'lavfi', '-i', `testsrc2=size=480x270:rate=30:duration=${frames / 30}`, '-f', 'lavfi', '-i', `sine=duration=${frames / 30}`, '-c:v', 'libx264', '-c:a', 'aac', '-shortest', src270);
const decoded = decodeFrames(src270, 480, 270, frames);
const engine = await openEngine({ modelsDir: dir, provider: 'auto', tile });
await engine.upscaler.upscale(decoded[0]!, 480, 270); // warm-up, as the tile figures
let t = now();
for (const f of decoded) await engine.upscaler.upscale(f, 480, 270);
const modelSeconds = (now() - t) / 1000;
const modelFps = decoded.length / modelSeconds;
await engine.close();
const video = await upscaleVideo({ config: testConfig, input: src270, output: join(dir, '1080p.mp4'), modelsDir: dir, provider: 'auto', tile, chunkFrames: 8 });
const { startup, frames: framesSeconds, join: joinSeconds } = video.timings;
const pipelineFps = video.frames / framesSeconds;
console.log(`video 270p → 1080p, x4fast, ${video.frames} frames (${decoded.length} for the model alone), ${video.tile}px tiles, chunks of 8 frames, encoder ${video.encoder}, provider ${video.provider}:`);
console.log(`  model only:     ${fmt(modelFps, 3)} frames/s (${fmt(modelSeconds)} s)`);
console.log(`  whole pipeline: ${fmt(pipelineFps, 3)} frames/s (${fmt(framesSeconds)} s of frames: decode → model → encode, chunks finished)`);
console.log(`  pipeline overhead: ${fmt((modelFps / pipelineFps - 1) * 100)}% (target ≤ 15%), start-up and join excluded`);
console.log(`  start-up ${fmt(startup, 2)} s (probe, encoder check, model + session, decoder); join ${fmt(joinSeconds, 2)} s (concat + audio); end to end ${fmt(video.seconds)} s = ${fmt((modelFps / (video.frames / video.seconds) - 1) * 100)}% over the model alone`);

// Peak memory, 540p → 2160p, at several lengths, each in a fresh process.
const lengths = (process.env.BENCH_RSS_FRAMES ?? '6,12,24').split(',').map(Number);
const rssChunk = Number(process.env.BENCH_RSS_CHUNK ?? 6);
console.log(`peak memory, 540p → 2160p x4fast, libx264, chunks of ${rssChunk} frames, one fresh process per length (VmHWM of each process; "together" = largest sum of VmRSS seen at one instant, sampled every 50 ms):`);
for (const n of lengths) {
  const src = join(dir, `540p-${n}.mp4`);
  ff('-f', 'lavfi', '-i', `testsrc2=size=960x540:rate=30:duration=${n / 30}`, '-c:v', 'libx264', src);
  const { result: r, peak } = await runChild([src, join(dir, `2160p-${n}.mp4`), dir, String(rssChunk)]);
  const node = peak.processes.find((p) => p.command.includes('--rss-child'));
  const ffs = peak.processes.filter((p) => /ffmpeg|ffprobe/.test(p.command.split(' ')[0] ?? ''));
  const ffPeak = Math.max(0, ...ffs.map((p) => p.peakBytes));
  const nodePeak = Math.max(node?.peakBytes ?? 0, r.maxRssMB * 2 ** 20);
  console.log(`  ${String(r.frames).padStart(3)} frames: node ${MB(nodePeak)}, largest FFmpeg ${MB(ffPeak)} (${ffs.length} FFmpeg/ffprobe processes), together ${MB(peak.simultaneousBytes)}; ${fmt(r.seconds)} s (start-up ${fmt(r.timings.startup, 1)} s, frames ${fmt(r.timings.frames)} s, join ${fmt(r.timings.join, 1)} s), tile ${r.tile}px`);
}

// The runs above use short chunks, so no encoder ever holds a full lookahead. The default chunk is
// ~10 s of video, so the encoder's own plateau is measured once: libx264 as the pipeline runs it
// (rgb24 in, medium, CRF 18) on more 2160p frames than its lookahead (40 at medium) holds.
const plateauFrames = Number(process.env.BENCH_ENCODER_FRAMES ?? 60);
const encPeak = await new Promise<{ peak: TreePeak; seconds: number }>((resolve, reject) => {
  const t0 = now();
  const enc = spawn(ffmpeg, ['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=3840x2160:rate=30,format=rgb24`, '-frames:v', String(plateauFrames), '-vf', 'format=yuv420p', '-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p', '-an', '-f', 'mp4', join(dir, 'encoder-plateau.mp4')], { stdio: 'ignore' });
  const sampler = new TreeSampler(enc.pid!);
  enc.on('error', reject);
  enc.on('close', (code) => (code === 0 ? resolve({ peak: sampler.stop(), seconds: (now() - t0) / 1000 }) : reject(new Error(`encoder plateau run exited with ${code}`))));
});
console.log(`  libx264 alone, ${plateauFrames} frames of 2160p in one encode (a default 10 s chunk holds 300): peak ${MB(Math.max(0, ...encPeak.peak.processes.map((p) => p.peakBytes)))}, ${fmt(encPeak.seconds)} s`);

rmSync(dir, { recursive: true, force: true });
console.log(`bench wall time ${fmt((now() - benchStart) / 1000)} s`);
