// npm run bench:upscale — prints upscaling figures measured in this run (CPU provider unless a
// better one is found): per-tile latency and GFLOP/s next to ONNX Runtime's own MatMul GFLOP/s,
// whole-video throughput next to model-only throughput, and peak RSS at two video lengths.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, floatTensor } from '../../native/onnx/proto/onnx-model';
import { openEngine } from '../../main/upscale/engine';
import { decodeRgb } from '../../main/upscale/upscale-image';
import { upscaleVideo } from '../../main/upscale/upscale-video';
import { locateFfmpeg } from '../../native/ffmpeg/locate';

const dir = mkdtempSync(join(tmpdir(), 'reelforge-bench-upscale-'));
const ffmpeg = locateFfmpeg().ffmpeg.path;
const ff = (...a: string[]) => execFileSync(ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...a]);
const now = () => performance.now();
const fmt = (n: number, d = 1) => n.toFixed(d);

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

async function tileFigures(model: string, sizes: number[], reps: number) {
  const engine = await openEngine({ model, modelsDir: dir, provider: 'auto', tile: 4096 });
  const rows: string[] = [];
  for (const size of sizes) {
    const rgb = new Uint8Array(size * size * 3).map((_, i) => (i * 37) % 251);
    await engine.upscaler.upscale(rgb, size, size); // warm-up: allocation plans for this shape
    let best = Infinity;
    for (let i = 0; i < reps; i++) {
      const t = now();
      await engine.upscaler.upscale(rgb, size, size);
      best = Math.min(best, now() - t);
    }
    const gflops = (engine.meta.macsPerPixel! * 2 * size * size) / (best / 1000) / 1e9;
    rows.push(`  ${model.padEnd(18)} ${`${size}²`.padEnd(5)} ${fmt(best, 0).padStart(7)} ms/tile  ${fmt(gflops).padStart(6)} GFLOP/s  (provider ${engine.provider}, best of ${reps})`);
  }
  await engine.close();
  return rows;
}

console.log(`machine: ${cpus()[0]?.model ?? 'cpu'} × ${availableParallelism()} logical cores; onnxruntime-node ${ort.env.versions.common}`);
const mm = await matmulGflops();
console.log(`ONNX Runtime MatMul 2048³ (practical peak): ${fmt(mm)} GFLOP/s`);
console.log('per tile (input size; output is ×4; includes RGB↔tensor conversion):');
for (const line of await tileFigures('realesrgan-x4fast', [128, 256], 3)) console.log(line);
for (const line of await tileFigures('realesrgan-x4plus', [128, 256], 1)) console.log(line);

// Whole video 270p → 1080p against the model alone on the same frames.
const frames = Number(process.env.BENCH_FRAMES ?? 6);
ff('-f', 'lavfi', '-i', `testsrc2=size=480x270:rate=30:duration=${frames / 30}`, '-f', 'lavfi', '-i', `sine=duration=${frames / 30}`, '-c:v', 'libx264', '-c:a', 'aac', '-shortest', join(dir, '270p.mp4'));
const engine = await openEngine({ modelsDir: dir, provider: 'auto' });
const frame = await decodeRgb(ffmpeg, join(dir, '270p.mp4'), 480, 270);
await engine.upscaler.upscale(frame, 480, 270);
let t = now();
for (let i = 0; i < frames; i++) await engine.upscaler.upscale(frame, 480, 270);
const modelFps = frames / ((now() - t) / 1000);
await engine.close();
t = now();
const video = await upscaleVideo({ input: join(dir, '270p.mp4'), output: join(dir, '1080p.mp4'), modelsDir: dir, provider: 'auto', chunkFrames: 3 });
const videoFps = video.frames / ((now() - t) / 1000);
console.log(`video 270p → 1080p, x4fast, ${video.frames} frames, ${video.tile}px tiles, encoder ${video.encoder}:`);
console.log(`  whole pipeline ${fmt(videoFps, 3)} frames/s; model only ${fmt(modelFps, 3)} frames/s; pipeline overhead ${fmt((modelFps / videoFps - 1) * 100)}% (includes start-up: probe, encoder check, session)`);

// Peak RSS, 540p → 2160p, at two lengths, each in a fresh process.
const lengths = (process.env.BENCH_RSS_FRAMES ?? '3,6').split(',').map(Number);
console.log(`peak RSS, 540p → 2160p x4fast (node process only; FFmpeg children excluded), chunks of 2 frames:`);
for (const n of lengths) {
  const src = join(dir, `540p-${n}.mp4`);
  ff('-f', 'lavfi', '-i', `testsrc2=size=960x540:rate=30:duration=${n / 30}`, '-c:v', 'libx264', src);
  const out = execFileSync(process.execPath, ['--import', 'tsx', new URL('./upscale-rss-child.ts', import.meta.url).pathname, src, join(dir, `2160p-${n}.mp4`), dir, '2']).toString();
  const r = JSON.parse(out.trim().split('\n').pop()!) as { frames: number; seconds: number; maxRssMB: number };
  console.log(`  ${String(r.frames).padStart(3)} frames: peak RSS ${fmt(r.maxRssMB, 0)} MB, ${fmt(r.seconds)} s`);
}
rmSync(dir, { recursive: true, force: true });
