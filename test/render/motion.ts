import { execFileSync } from 'node:child_process';
import { tools } from './fixtures';

/**
 * Motion measured on real frames: FFmpeg decodes a rendered file to 8-bit grey, and a patch is
 * tracked from frame to frame with sub-pixel precision (an integer search, then Lucas–Kanade
 * refinement with bilinear sampling). What a viewer sees as judder — a frame that does not move,
 * or one that steps back — shows up directly in the per-frame displacements.
 */
export interface GreyFrames {
  width: number;
  height: number;
  frames: Float32Array[];
}

export function decodeGrey(file: string, opts: { from?: number; count: number }): GreyFrames {
  const probe = execFileSync(tools.ffprobe.path, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const [width, height] = probe.trim().split(',').map(Number) as [number, number];
  const select = opts.from ? ['-vf', `select=gte(n\\,${opts.from})`] : [];
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, ...select, '-frames:v', String(opts.count), '-pix_fmt', 'gray', '-f', 'rawvideo', '-'], {
    maxBuffer: width * height * (opts.count + 1),
  });
  const size = width * height;
  const frames: Float32Array[] = [];
  for (let k = 0; k + size <= raw.length; k += size) frames.push(Float32Array.from(raw.subarray(k, k + size)));
  return { width, height, frames };
}

function sample(img: Float32Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.max(0, Math.min(w - 2, Math.floor(x)));
  const y0 = Math.max(0, Math.min(h - 2, Math.floor(y)));
  const fx = x - x0;
  const fy = y - y0;
  const i = y0 * w + x0;
  return (img[i]! * (1 - fx) + img[i + 1]! * fx) * (1 - fy) + (img[i + w]! * (1 - fx) + img[i + w + 1]! * fx) * fy;
}

/**
 * Where the patch of `a` centred at (cx, cy) (half-size r) went in `b`: the displacement (dx, dy)
 * such that b(p + d) ≈ a(p). Motion between two frames is assumed under `search` pixels.
 */
export function trackPatch(a: Float32Array, b: Float32Array, w: number, h: number, cx: number, cy: number, r = 24, search = 4): [number, number] {
  let best = Number.POSITIVE_INFINITY;
  let dx = 0;
  let dy = 0;
  for (let sy = -search; sy <= search; sy++) {
    for (let sx = -search; sx <= search; sx++) {
      let ssd = 0;
      for (let y = cy - r; y <= cy + r; y += 2) for (let x = cx - r; x <= cx + r; x += 2) {
        const d = b[(y + sy) * w + x + sx]! - a[y * w + x]!;
        ssd += d * d;
      }
      if (ssd < best) [best, dx, dy] = [ssd, sx, sy];
    }
  }
  // Lucas–Kanade: gradients of the template (a), warped b resampled at the current estimate.
  let gxx = 0, gxy = 0, gyy = 0;
  const gx: number[] = [];
  const gy: number[] = [];
  for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++) {
    const ix = (a[y * w + x + 1]! - a[y * w + x - 1]!) / 2;
    const iy = (a[(y + 1) * w + x]! - a[(y - 1) * w + x]!) / 2;
    gx.push(ix); gy.push(iy);
    gxx += ix * ix; gxy += ix * iy; gyy += iy * iy;
  }
  const det = gxx * gyy - gxy * gxy;
  if (det <= 1e-9) throw new Error(`patch at ${cx},${cy} has no texture to track`);
  for (let iter = 0; iter < 20; iter++) {
    let bx = 0, by = 0, k = 0;
    for (let y = cy - r; y <= cy + r; y++) for (let x = cx - r; x <= cx + r; x++, k++) {
      const e = sample(b, w, h, x + dx, y + dy) - a[y * w + x]!;
      bx += gx[k]! * e; by += gy[k]! * e;
    }
    const ux = -(gyy * bx - gxy * by) / det;
    const uy = -(-gxy * bx + gxx * by) / det;
    dx += ux; dy += uy;
    if (Math.abs(ux) + Math.abs(uy) < 1e-4) break;
  }
  return [dx, dy];
}

/** Per-frame displacement of a patch along a direction (unit vector), for every pair of frames. */
export function stepsAlong(g: GreyFrames, cx: number, cy: number, dir: [number, number], r = 24): number[] {
  const steps: number[] = [];
  for (let i = 1; i < g.frames.length; i++) {
    const [dx, dy] = trackPatch(g.frames[i - 1]!, g.frames[i]!, g.width, g.height, Math.round(cx), Math.round(cy), r);
    steps.push(dx * dir[0] + dy * dir[1]);
  }
  return steps;
}

export interface Steadiness {
  mean: number;
  /** standard deviation ÷ mean */
  cv: number;
  /** steps that moved less than a quarter of the mean: frames a viewer sees stand still */
  stalls: number;
  /** steps against the direction of travel */
  reversals: number;
}

export function steadiness(steps: number[]): Steadiness {
  const mean = steps.reduce((s, x) => s + x, 0) / steps.length;
  const sd = Math.sqrt(steps.reduce((s, x) => s + (x - mean) ** 2, 0) / steps.length);
  return {
    mean,
    cv: sd / Math.abs(mean),
    stalls: steps.filter((x) => Math.abs(x) < Math.abs(mean) / 4).length,
    reversals: steps.filter((x) => Math.sign(x) !== Math.sign(mean) && x !== 0).length,
  };
}
