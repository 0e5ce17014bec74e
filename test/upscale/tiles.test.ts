import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAxis, planTiles } from '../../native/onnx/tiles';
import { OutOfMemoryError } from '../../native/onnx/session';
import { openEngine } from '../../main/upscale/engine';
import { decodeRgb } from '../../main/upscale/upscale-image';
import { ffmpeg, maxAbsDiff, softImage, tempDir } from './helpers';

test('tile windows all have one shape, stay inside the image, and keep pad pixels around every core', () => {
  for (const [length, tile, pad] of [[100, 32, 8], [1920, 256, 24], [97, 16, 24], [50, 64, 24], [300, 100, 10]] as const) {
    const { size, spans } = planAxis(length, tile, pad);
    assert.equal(size, Math.min(tile + 2 * pad, length));
    let covered = 0;
    for (const [i, s] of spans.entries()) {
      assert.ok(s.start >= 0 && s.start + size <= length, 'window inside the image');
      assert.equal(s.coreStart, covered, 'cores tile the axis without gaps or overlap');
      covered = s.coreEnd;
      if (i > 0) assert.ok(s.coreStart - s.start >= pad, `left margin ≥ pad (${length},${tile},${pad})`);
      if (i < spans.length - 1) assert.ok(s.start + size - s.coreEnd >= pad, 'right margin ≥ pad');
    }
    assert.equal(covered, length);
  }
  const plan = planTiles(200, 120, 64, 24);
  assert.ok(plan.tiles.every((t) => t.window.w === plan.windowWidth && t.window.h === plan.windowHeight));
  assert.equal(plan.tiles.reduce((n, t) => n + t.core.w * t.core.h, 0), 200 * 120);
});

test('tiled x4fast output matches its whole-image output to within 1 level', async (t) => {
  const dir = tempDir(t);
  const src = `${dir}/in.png`;
  softImage(src, 128, 96);
  const rgb = await decodeRgb(ffmpeg, src, 128, 96);
  const whole = await openEngine({ modelsDir: dir, provider: 'cpu', tile: 512 });
  const tiled = await openEngine({ modelsDir: dir, provider: 'cpu', tile: 24 });
  t.after(() => Promise.all([whole.close(), tiled.close()]));
  assert.equal(whole.meta.tilePad, 24);
  const a = await whole.upscaler.upscale(rgb, 128, 96);
  const b = await tiled.upscaler.upscale(rgb, 128, 96);
  assert.equal(a.length, 512 * 384 * 3);
  assert.ok(planTiles(128, 96, 24, 24).tiles.length >= 6, 'really tiled');
  assert.ok(maxAbsDiff(a, b) <= 1, `max difference ${maxAbsDiff(a, b)} levels`);
});

test('out of memory shrinks the tiles and retries instead of failing', async (t) => {
  const dir = tempDir(t);
  const src = `${dir}/in.png`;
  softImage(src, 96, 64);
  const rgb = await decodeRgb(ffmpeg, src, 96, 64);
  const lines: string[] = [];
  // The device is out of reach here, so its failure is simulated: windows wider than 80 px "don't fit".
  const engine = await openEngine({
    modelsDir: dir, provider: 'cpu', tile: 128, log: (l) => lines.push(l),
    wrapRunner: (runner) => ({
      run: (x) => (x.width > 80 ? Promise.reject(new OutOfMemoryError('Failed to allocate memory for requested buffer')) : runner.run(x)),
    }),
  });
  const reference = await openEngine({ modelsDir: dir, provider: 'cpu', tile: 128 });
  t.after(() => Promise.all([engine.close(), reference.close()]));
  const out = await engine.upscaler.upscale(rgb, 96, 64);
  assert.equal(engine.upscaler.tile, 32, "128 → 64 → 32: the first size whose 80 px window fits");
  assert.ok(lines.some((l) => /out of memory/.test(l)));
  assert.ok(maxAbsDiff(out, await reference.upscaler.upscale(rgb, 96, 64)) <= 1);
});
