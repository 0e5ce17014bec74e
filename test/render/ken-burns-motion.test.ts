import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderProject } from '../../main/render/render-project';
import { ff, smallProject, tempDir } from './fixtures';
import { decodeGrey, stepsAlong, steadiness, trackPatch } from './motion';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

/**
 * Ken Burns must glide: every frame moves, by a steady amount, never back. Measured on the rendered
 * file itself (decoded by FFmpeg), by tracking textured patches from frame to frame. The render is
 * lossless (quality 0) so that what is measured is the renderer's motion, not the encoder's noise.
 */
const dir = tempDir('reelforge-motion-');
const W = 360;
const H = 640;
const FPS = 30;
const SECONDS = 2;

function texture(): string {
  const file = join(dir, 'texture.png');
  // fine random texture, lightly blurred: every patch has detail to track, nothing repeats
  ff('-f', 'lavfi', '-i', 'color=c=gray:s=800x1400:d=0.04,noise=alls=90:allf=u,gblur=sigma=2', '-frames:v', '1', file);
  return file;
}

async function render(name: string, visual: Record<string, unknown>): Promise<string> {
  const project = smallProject({ settings: { width: W, height: H, fps: FPS, quality: 0 }, scenes: [{ duration: SECONDS, narration: '', visual: { type: 'image', ...visual } as never }] }, dir);
  const out = join(dir, `${name}.mp4`);
  await renderProject({ config: testConfig, project, output: out });
  return out;
}

const still = texture();

let zoomed: string;

test('Ken Burns zoom: patches around the frame drift outward a steady sub-pixel amount every frame (no stalls, no wobble)', async (t) => {
  zoomed = await render('zoom', { path: still, zoom: [1, 1.1] });
  const g = decodeGrey(zoomed, { count: FPS * SECONDS });
  assert.equal(g.frames.length, FPS * SECONDS);
  for (const [fx, fy] of [[0.25, 0.25], [0.75, 0.3], [0.3, 0.75], [0.72, 0.7]] as const) {
    const cx = W * fx;
    const cy = H * fy;
    const [vx, vy] = [cx - W / 2, cy - H / 2];
    const len = Math.hypot(vx, vy);
    const s = steadiness(stepsAlong(g, cx, cy, [vx / len, vy / len], 20));
    t.diagnostic(`patch at ${fx},${fy}: ${s.mean.toFixed(3)} px/frame outward, CV ${(s.cv * 100).toFixed(1)} %, ${s.stalls} stalls, ${s.reversals} reversals`);
    // the expected drift: distance from the centre × zoom change per frame
    const expected = (len * 0.1) / (FPS * SECONDS - 1);
    assert.ok(Math.abs(s.mean - expected) < expected * 0.25, `patch at ${fx},${fy} drifts ${s.mean.toFixed(3)} px/frame, expected about ${expected.toFixed(3)}`);
    assert.equal(s.stalls, 0, `patch at ${fx},${fy}: frames that do not move`);
    assert.equal(s.reversals, 0, `patch at ${fx},${fy}: frames that step back`);
    assert.ok(s.cv < 0.1, `patch at ${fx},${fy}: per-frame drift varies by ${(s.cv * 100).toFixed(1)} % (limit 10 %)`);
  }
});

test('Ken Burns pan: the picture slides by the same fraction of a pixel every frame', async (t) => {
  const g = decodeGrey(await render('pan', { path: still, zoom: [1.15, 1.15], pan: 'left' }), { count: FPS * SECONDS });
  for (const [fx, fy] of [[0.3, 0.3], [0.65, 0.7]] as const) {
    // pan 'left' reveals the left of the still: the content moves right
    const s = steadiness(stepsAlong(g, W * fx, H * fy, [1, 0], 20));
    t.diagnostic(`patch at ${fx},${fy}: ${s.mean.toFixed(3)} px/frame, CV ${(s.cv * 100).toFixed(1)} %, ${s.stalls} stalls, ${s.reversals} reversals`);
    const expected = ((W - W / 1.15) * 1.15) / (FPS * SECONDS - 1);
    assert.ok(Math.abs(s.mean - expected) < expected * 0.1, `pan speed ${s.mean.toFixed(3)} px/frame, expected ${expected.toFixed(3)}`);
    assert.equal(s.stalls, 0);
    assert.equal(s.reversals, 0);
    assert.ok(s.cv < 0.1, `per-frame pan step varies by ${(s.cv * 100).toFixed(1)} % (limit 10 %)`);
  }
});

test('Ken Burns keeps the still as sharp as a lanczos cut of the same window (no blur from the sub-pixel resampling)', (t) => {
  const k = 30;
  const z = 1 + (0.1 * k) / (FPS * SECONDS - 1);
  const frame = decodeGrey(zoomed, { from: k, count: 1 }).frames[0]!;
  const cut = join(dir, 'cut.mp4');
  // the window of frame k, cut from the still as the render fits it (fill: crop to 9:16, lanczos)
  ff('-i', still, '-vf', `crop='min(iw,ih*${W}/${H})':'min(ih,iw*${H}/${W})',scale=${W}:${H}:flags=lanczos,crop=iw/${z}:ih/${z}:(iw-iw/${z})/2:(ih-ih/${z})/2,scale=${W}:${H}:flags=lanczos`, '-c:v', 'libx264', '-qp', '0', '-pix_fmt', 'yuv420p', cut);
  const reference = decodeGrey(cut, { count: 1 }).frames[0]!;
  const ratio = sobel(frame) / sobel(reference);
  t.diagnostic(`edge strength ${ratio.toFixed(3)} of the lanczos cut`);
  assert.ok(ratio > 0.9 && ratio < 1.15, `Ken Burns frame edge strength ${ratio.toFixed(3)} of a lanczos cut (0.9–1.15)`);
});

function sobel(g: Float32Array): number {
  let sum = 0;
  for (let y = 1; y < H - 1; y++) for (let x = 1; x < W - 1; x++) {
    const p = (dx: number, dy: number) => g[(y + dy) * W + x + dx]!;
    sum += Math.hypot(p(1, -1) + 2 * p(1, 0) + p(1, 1) - p(-1, -1) - 2 * p(-1, 0) - p(-1, 1), p(-1, 1) + 2 * p(0, 1) + p(1, 1) - p(-1, -1) - 2 * p(0, -1) - p(1, -1));
  }
  return sum / ((W - 2) * (H - 2));
}

test('a long Ken Burns scene, made in stretches of 240 frames, glides across the joins', async (t) => {
  const seconds = 10;
  const frames = FPS * seconds;
  const project = smallProject({ settings: { width: W, height: H, fps: FPS, quality: 0 }, scenes: [{ duration: seconds, narration: '', visual: { type: 'image', path: still, zoom: [1.15, 1.15], pan: 'right' } as never }] }, dir);
  const out = join(dir, 'long-pan.mp4');
  await renderProject({ config: testConfig, project, output: out });
  const g = decodeGrey(out, { count: frames });
  assert.equal(g.frames.length, frames, 'the scene has all its frames');
  // pan 'right' travels across the still: the content moves left, by the same amount per frame
  const expected = ((W - W / 1.15) * 1.15) / (frames - 1);
  // over ten frames each side of the join at 240 (a single step is too small to measure closely)
  for (const [a, b] of [[220, 230], [230, 240], [240, 250], [250, 260]] as const) {
    const [dx] = trackPatch(g.frames[a]!, g.frames[b]!, W, H, W / 2, H / 2, 24, 8);
    t.diagnostic(`frames ${a}→${b}: ${(-dx / (b - a)).toFixed(4)} px/frame (expected ${expected.toFixed(4)})`);
    assert.ok(Math.abs(-dx - expected * (b - a)) < expected * (b - a) * 0.05, `frames ${a}→${b} moved ${(-dx).toFixed(2)} px, expected ${(expected * (b - a)).toFixed(2)}`);
  }
  const s = steadiness(stepsAlong({ ...g, frames: g.frames.slice(230, 250) }, W * 0.5, H * 0.5, [-1, 0], 20));
  assert.equal(s.stalls, 0, 'every frame moves across the join');
  assert.equal(s.reversals, 0);
});
