import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutAlong, kenBurnsWindow, lookup, planKenBurns, type AxisCut } from '../../main/render/ken-burns';

/**
 * The whole numbers behind each Ken Burns frame (ken-burns.ts): libswscale samples output pixel j
 * of a cut at a + (j + c + ½)·q − ½, q its 16.16 step for L → D. These tests check the planner
 * against that formula; ken-burns-motion.test.ts checks what FFmpeg actually renders.
 */
const scalerStep = (cut: AxisCut) => Math.floor((cut.size * 65536 + (cut.scaled >> 1)) / cut.scaled) / 65536;
const sampleAt = (cut: AxisCut, j: number) => cut.at + (j + cut.offset + 0.5) * scalerStep(cut) - 0.5;

test('a cut samples where the exact window would, across the whole width', () => {
  const out = 1080;
  for (const [start, size] of [[300.37, 1000.25], [512.9, 963.3], [100, 1080 / 1.07]] as const) {
    const cut = cutAlong(2400, out, start, size, 480);
    for (const j of [0, 1, 540, 1079]) {
      const exact = start + (j + 0.5) * (size / out) - 0.5;
      assert.ok(Math.abs(sampleAt(cut, j) - exact) <= cut.error + 1e-9, `pixel ${j}: ${sampleAt(cut, j)} vs ${exact}`);
    }
    assert.ok(cut.error < 0.02, `window ${start}+${size}: off by ${cut.error.toFixed(4)} px`);
    for (const v of [cut.at, cut.size, cut.scaled, cut.offset]) assert.equal(v % 2, 0, 'yuv420p needs even numbers');
    assert.ok(cut.at >= 0 && cut.at + cut.size <= 2400 && cut.offset + out <= cut.scaled);
  }
});

test('a window of exactly the output size on whole pixels is passed through unscaled', () => {
  const cut = cutAlong(1600, 1080, 240, 1080, 480);
  assert.deepEqual(cut, { at: 240, size: 1080, scaled: 1080, offset: 0, error: 0 });
});

test('every frame of common zooms and pans follows its window closely, from one fitted still', () => {
  for (const [W, H, frames, motion] of [
    [1080, 1920, 238, { zoom: [1, 1.12], pan: 'none' }],
    [1080, 1920, 150, { zoom: [1.15, 1.15], pan: 'left' }],
    [1920, 1080, 200, { zoom: [1.2, 1], pan: 'none' }],
    [360, 640, 60, { zoom: [1, 1.1], pan: 'none' }],
    [720, 1280, 300, { zoom: [1.1, 1.3], pan: 'up' }],
  ] as const) {
    const plan = planKenBurns(motion, frames, W, H);
    assert.equal(plan.cuts.length, frames);
    const { scale, margin } = plan.still;
    const errors = plan.cuts.map((cut, i) => {
      const win = kenBurnsWindow(motion, i, frames, W, H);
      const [kx, ky] = [plan.still.width / W, plan.still.height / H];
      // where pixel j of the frame should sample the padded still, and where this cut samples it
      const dx = Math.max(...[0, W - 1].map((j) => Math.abs(sampleAt(cut.x, j) - (margin + win.x * kx + (j + 0.5) * ((win.width * kx) / W) - 0.5))));
      const dy = Math.max(...[0, H - 1].map((j) => Math.abs(sampleAt(cut.y, j) - (margin + win.y * ky + (j + 0.5) * ((win.height * ky) / H) - 0.5))));
      return Math.max(dx, dy);
    });
    const sorted = [...errors].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(frames * 0.9)]!;
    assert.ok(p90 < 0.05, `${W}×${H} ${JSON.stringify(motion)} at scale ${scale}: 90 % of frames within ${p90.toFixed(3)} px`);
    assert.ok(sorted.at(-1)! < 0.2, `${W}×${H} ${JSON.stringify(motion)}: worst frame off by ${sorted.at(-1)!.toFixed(3)} px`);
  }
});

test('lookup builds an FFmpeg expression whose value at frame n is the n-th number', () => {
  const values = [4, 4, 6, 8, 8, 8, 10, 2, 2];
  const expr = lookup(values);
  // a reader of exactly the grammar lookup writes: if(lt(n,k),a,b) and integers
  const evaluate = (e: string, n: number): number => {
    const m = /^if\(lt\(n,(\d+)\),(.*)\)$/.exec(e);
    if (!m) return Number(e);
    let depth = 0;
    const body = m[2]!;
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '(') depth++;
      else if (body[i] === ')') depth--;
      else if (body[i] === ',' && depth === 0) return n < Number(m[1]) ? evaluate(body.slice(0, i), n) : evaluate(body.slice(i + 1), n);
    }
    throw new Error(`cannot read ${e}`);
  };
  values.forEach((v, n) => assert.equal(evaluate(expr, n), v, `frame ${n}`));
  assert.equal(lookup([7, 7, 7]), '7', 'a run of one value is a single number');
});
