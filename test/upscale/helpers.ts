import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateFfmpeg } from '../../native/ffmpeg/locate';

export const tools = locateFfmpeg({ env: process.env });
export const ffmpeg = tools.ffmpeg.path;

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-upscale-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function ff(...args: string[]): Buffer {
  return execFileSync(ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...args], { maxBuffer: 256 * 1024 * 1024 });
}

/** A photo-like still: a test pattern downscaled with area averaging, so it is soft like a real low-res photo. */
export function softImage(path: string, w: number, h: number): void {
  ff('-f', 'lavfi', '-i', `testsrc2=size=${w * 4}x${h * 4}`, '-frames:v', '1', '-vf', `scale=${w}:${h}:flags=area`, path);
}

export function rgbOf(path: string): Buffer {
  return ff('-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
}

/** Mean magnitude of the horizontal + vertical luminance gradient: higher is sharper. */
export function meanGradient(rgb: Uint8Array, w: number, h: number): number {
  const lum = (i: number) => 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  let sum = 0;
  for (let y = 0; y < h - 1; y++) for (let x = 0; x < w - 1; x++) {
    const i = y * w + x;
    sum += Math.hypot(lum(i + 1) - lum(i), lum(i + w) - lum(i));
  }
  return sum / ((w - 1) * (h - 1));
}

export function maxAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
