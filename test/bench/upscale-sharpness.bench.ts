/**
 * Which upscaling model is clearly sharper than bicubic on stills: each picture's centre is cut,
 * shrunk 4× (area), then brought back 4× by bicubic, x4fast and x4plus; the mean Sobel gradient of
 * each result (edge strength) is compared with bicubic's, and PSNR with the original shows that the
 * extra edges are real detail rather than noise. Run:
 *   node --import tsx test/bench/upscale-sharpness.bench.ts [photo.jpg ...]
 * (default: the demo stills).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { upscaleImage } from '../../main/upscale/upscale-image';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const tools = locateFfmpeg({ env: process.env });
const dir = mkdtempSync(join(tmpdir(), 'reelforge-sharpness-'));
const modelsDir = join(dir, 'models');
const inputs = process.argv.slice(2).length ? process.argv.slice(2) : [1, 3, 4].map((i) => `assets/examples/demo/media/still-${i}.jpg`);
const ff = (...a: string[]) => execFileSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...a]);

function grey(file: string, w: number, h: number): Float64Array {
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: w * h * 2 });
  return Float64Array.from(raw);
}

function sobel(g: Float64Array, w: number, h: number): number {
  let sum = 0;
  for (let y = 1; y < h - 1; y++) for (let x = 1; x < w - 1; x++) {
    const p = (dx: number, dy: number) => g[(y + dy) * w + x + dx]!;
    const gx = p(1, -1) + 2 * p(1, 0) + p(1, 1) - p(-1, -1) - 2 * p(-1, 0) - p(-1, 1);
    const gy = p(-1, 1) + 2 * p(0, 1) + p(1, 1) - p(-1, -1) - 2 * p(0, -1) - p(1, -1);
    sum += Math.hypot(gx, gy);
  }
  return sum / ((w - 2) * (h - 2));
}

function psnr(a: Float64Array, b: Float64Array): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (se / a.length));
}

try {
  const rows: string[] = [];
  for (const input of inputs) {
    const size = Number(execFileSync(tools.ffprobe.path, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', input], { encoding: 'utf8' }).trim().split(',').map(Number).reduce((a, b) => Math.min(a, b)));
    const S = Math.min(512, Math.floor(size / 16) * 16);
    const name = basename(input).replace(/\.[^.]+$/, '');
    const ref = join(dir, `${name}-ref.png`);
    const small = join(dir, `${name}-small.png`);
    ff('-i', input, '-vf', `crop=${S}:${S}`, '-frames:v', '1', ref);
    ff('-i', ref, '-vf', `scale=${S / 4}:${S / 4}:flags=area`, small);
    const bicubic = join(dir, `${name}-bicubic.png`);
    ff('-i', small, '-vf', `scale=${S}:${S}:flags=bicubic`, bicubic);
    const R = grey(ref, S, S);
    const B = grey(bicubic, S, S);
    const line = [`${name} (${S / 4}² → ${S}²)`, `reference Sobel ${sobel(R, S, S).toFixed(1)}`, `bicubic ${sobel(B, S, S).toFixed(1)} (PSNR ${psnr(R, B).toFixed(2)} dB)`];
    for (const model of ['realesrgan-x4fast', 'realesrgan-x4plus']) {
      const out = join(dir, `${name}-${model}.png`);
      const r = await upscaleImage({ config: testConfig, input: small, output: out, model, modelsDir, provider: 'cpu' });
      const M = grey(out, S, S);
      line.push(`${model.replace('realesrgan-', '')} ${sobel(M, S, S).toFixed(1)} = ${(sobel(M, S, S) / sobel(B, S, S)).toFixed(2)}× bicubic (PSNR ${psnr(R, M).toFixed(2)} dB, ${r.seconds.toFixed(1)} s)`);
    }
    rows.push(line.join('; '));
    console.log(rows[rows.length - 1]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
