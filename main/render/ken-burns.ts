import { formatNumber as n } from '../../native/ffmpeg/args';
import type { Visual } from '../../preload/contract/project';

/**
 * Ken Burns on a still: a slow zoom (and optional pan) in which every frame moves by a steady
 * sub-pixel amount.
 *
 * FFmpeg 5 has no fast filter that cuts a fractional window out of a picture: `zoompan` rounds the
 * window to whole pixels (a slow zoom stands still for two frames and jumps on the third, and wobbles
 * back and forth near the centre), and `perspective` rebuilds a per-pixel table every frame and
 * resamples without SIMD (~12 ms a 1080×1920 frame: more than the encoder's share of the render).
 * Its scaler (libswscale) is fast, but it only maps a whole-pixel crop onto a whole-pixel size.
 *
 * What makes that scaler exact enough is choosing the whole numbers well. For each frame and each
 * axis, the still (padded with its own edge) is cropped to L pixels from a, scaled to D, and D is
 * cropped back to the output from c. Output pixel j then samples the still at
 *
 *     a + (j + c + ½) · q − ½,   q = ⌊(L·65536 + ⌊D/2⌋) / D⌋ / 65536   (the scaler's step),
 *
 * and among the (a, L, D, c) within reach there is nearly always one whose line lies within a
 * fiftieth of a pixel of the exact window's across the whole frame (tests: ken-burns-plan.test.ts
 * against this formula, ken-burns-motion.test.ts on rendered frames). Near simple fractions (a step
 * close to 1/1, 9/10, …) the reachable steps thin out, so the still is fitted a little larger than
 * the frame (1.13×, or whichever of a few sizes keeps a scene's cuts closest): a zoom from the
 * whole still then starts from a step of 1.13, not from the worst fraction of all. The first crop's
 * numbers reach it by `sendcmd` (its size can change no other way); the scale's size and the last
 * crop's offset are per-frame expressions of the frame number.
 *
 * Cost, measured by bench:render on two cores: seven zooming stills take ~3.3 s of the filter graph
 * (~2 ms a 1080×1920 frame: a bilinear scale of about 1.25 times the frame; the scaler is rebuilt
 * each frame because its sizes change, ~0.1 ms on one thread). zoompan cost ~1.3 ms a frame,
 * perspective ~12.
 */
export interface KenBurnsMotion {
  zoom: readonly [number, number];
  pan: Extract<Visual, { type: 'image' }>['pan'];
}

export interface Window {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The window of the fitted still (W×H) that fills frame `index` of `frames`: the frame divided by
 * the zoom, at the centre or travelling across the still for a pan. The zoom changes linearly.
 */
export function kenBurnsWindow(motion: KenBurnsMotion, index: number, frames: number, W: number, H: number): Window {
  const [z0, z1] = motion.zoom;
  const t = frames > 1 ? index / (frames - 1) : 0;
  const z = z0 + (z1 - z0) * t;
  const w = W / z;
  const h = H / z;
  const x = motion.pan === 'left' ? (W - w) * (1 - t) : motion.pan === 'right' ? (W - w) * t : (W - w) / 2;
  const y = motion.pan === 'up' ? (H - h) * (1 - t) : motion.pan === 'down' ? (H - h) * t : (H - h) / 2;
  return { x, y, width: w, height: h };
}

/** A Ken Burns that actually moves; a fixed window is cut once and held, like any still. */
export function kenBurnsMoves(motion: KenBurnsMotion): boolean {
  return motion.zoom[0] !== motion.zoom[1] || motion.pan !== 'none';
}

/** One axis of a frame's cut: crop `size` from `at`, scale to `scaled`, crop the output from `offset`. */
export interface AxisCut {
  at: number;
  size: number;
  scaled: number;
  offset: number;
  /** the largest distance, in pixels of the still, between where a pixel is sampled and where it should be */
  error: number;
}

/** Every number is even: yuv420p's chroma planes are half size, and must be cut at the same place. */
const STEP = 2;
/** Good enough: a few hundredths of a pixel is far below what motion can show; a smaller bound costs larger scales. */
const TOLERANCE = 0.015;

/**
 * The cut along one axis of length `out` whose samples best follow `start + (j + ½)·size/out − ½`
 * within a source of `source` pixels, trying scaled sizes from `out` up to `out + extra` (smallest
 * first: the scale's cost grows with it) until one is within TOLERANCE.
 */
export function cutAlong(source: number, out: number, start: number, size: number, extra: number): AxisCut {
  const beta = size / out;
  const alpha = start + 0.5 * beta - 0.5;
  // a window of exactly the output's size on whole pixels: the scaler passes it through
  if (Math.abs(beta - 1) < 1e-9) {
    const at = Math.round(alpha / STEP) * STEP;
    if (at >= 0 && at + out <= source) return { at, size: out, scaled: out, offset: 0, error: Math.abs(at - alpha) };
  }
  let best: AxisCut = { at: 0, size: out, scaled: out, offset: 0, error: Infinity };
  for (let D = out; D <= out + extra; D += STEP) {
    for (const L of [Math.floor((beta * D) / STEP) * STEP, Math.ceil((beta * D) / STEP) * STEP]) {
      if (L <= 0 || L > source) continue;
      const inc = Math.floor((L * 65536 + (D >> 1)) / D);
      // within 10 of a 1:1 step the scaler copies whole pixels instead of interpolating
      if (Math.abs(inc - 65536) < 10) continue;
      const q = inc / 65536;
      const drift = (q - beta) * (out - 1);
      if (Math.abs(drift) >= 2 * best.error) continue;
      for (let c = 0; c <= D - out; c += STEP) {
        const at = Math.round((alpha + 0.5 - (c + 0.5) * q) / STEP) * STEP;
        if (at < 0 || at + L > source) continue;
        const e0 = at + (c + 0.5) * q - 0.5 - alpha;
        const error = Math.max(Math.abs(e0), Math.abs(e0 + drift));
        if (error < best.error) best = { at, size: L, scaled: D, offset: c, error };
      }
    }
    if (best.error <= TOLERANCE) break;
  }
  return best;
}

/** The still as the cuts see it: fitted to `scale` times the frame, padded by `margin` on every side. */
export interface FittedStill {
  scale: number;
  width: number;
  height: number;
  margin: number;
}

export interface FrameCut {
  x: AxisCut;
  y: AxisCut;
}

export interface KenBurnsPlan {
  still: FittedStill;
  cuts: FrameCut[];
}

const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);

/**
 * Sizes to fit the still at, relative to the frame. At 1 a zoom that starts from the whole still
 * begins on the worst fraction of all (a step of exactly 1: see cutAlong); a still fitted larger is
 * also scaled down rather than up each frame, which keeps it sharp.
 */
const SCALES = [1.13, 1.23, 1.31, 1];

function cutFrame(motion: KenBurnsMotion, i: number, frames: number, W: number, H: number, still: FittedStill): FrameCut {
  const win = kenBurnsWindow(motion, i, frames, W, H);
  const kx = still.width / W;
  const ky = still.height / H;
  const room = 2 * still.margin;
  return {
    x: cutAlong(still.width + room, W, still.margin + win.x * kx, win.width * kx, room),
    y: cutAlong(still.height + room, H, still.margin + win.y * ky, win.height * ky, room),
  };
}

const worst = (c: FrameCut) => Math.max(c.x.error, c.y.error);

/**
 * The cut of every frame, from the one fitted still (of the sizes in SCALES) whose cuts follow the
 * windows most closely. One still for the whole scene: cutting frames from two differently fitted
 * copies, alternately, made fine texture flicker (and the encoder pay for it).
 */
export function planKenBurns(motion: KenBurnsMotion, frames: number, W: number, H: number): KenBurnsPlan {
  // planned twice for a render (the still's fitting, then the graph): the second time is a lookup
  const key = `${motion.zoom.join(',')}|${motion.pan}|${frames}|${W}x${H}`;
  const known = plans.get(key);
  if (known) return known;
  const plan = searchPlan(motion, frames, W, H);
  if (plans.size >= 64) plans.delete(plans.keys().next().value!);
  plans.set(key, plan);
  return plan;
}

const plans = new Map<string, KenBurnsPlan>();

function searchPlan(motion: KenBurnsMotion, frames: number, W: number, H: number): KenBurnsPlan {
  // room beyond the window for the scaled frame's spare columns and rows (cutAlong's `extra`)
  const margin = even(Math.max(W, H) / 8);
  const stills = SCALES.map((scale) => ({ scale, width: even(W * scale), height: even(H * scale), margin }));
  // judged on the first frames (where a zoom from the whole still is hardest) and every third after
  const sample = [...new Set([0, 1, 2, 3, 4, ...Array.from({ length: Math.ceil(frames / 3) }, (_, k) => 3 * k), frames - 1])].filter((i) => i < frames);
  const score = (still: FittedStill) => {
    const errors = sample.map((i) => worst(cutFrame(motion, i, frames, W, H, still))).sort((a, b) => a - b);
    return errors.at(-1)! + errors[Math.floor(errors.length * 0.9)]!;
  };
  const still = stills.map((s) => [s, score(s)] as const).reduce((a, b) => (b[1] < a[1] ? b : a))[0];
  return { still, cuts: Array.from({ length: frames }, (_, i) => cutFrame(motion, i, frames, W, H, still)) };
}

/**
 * The chain that turns the fitted, padded still (labelled `[<tag>still]`, one frame) into the
 * scene's frames at `fps`, labelled `[<tag>out]`. A long scene is cut in stretches of SEGMENT
 * frames, each with its own commands, joined by concat: every frame passes every sendcmd of its
 * chain, so one chain for a ten-minute still would cost each frame thousands of filter calls.
 */
export function kenBurnsChain({ cuts }: KenBurnsPlan, fps: number, W: number, H: number, tag: string): string {
  const segments: FrameCut[][] = [];
  for (let k = 0; k < cuts.length; k += SEGMENT) segments.push(cuts.slice(k, k + SEGMENT));
  if (segments.length === 1) return `[${tag}still]${segmentChain(cuts, fps, W, H, `${tag}s0`)}[${tag}out]`;
  return [
    `[${tag}still]split=${segments.length}${segments.map((_, j) => `[${tag}in${j}]`).join('')}`,
    ...segments.map((part, j) => `[${tag}in${j}]${segmentChain(part, fps, W, H, `${tag}s${j}`)}[${tag}o${j}]`),
    `${segments.map((_, j) => `[${tag}o${j}]`).join('')}concat=n=${segments.length}:v=1:a=0[${tag}out]`,
  ].join(';\n');
}

/** Frames per stretch of a Ken Burns chain (see kenBurnsChain): 8 s at 30 fps. */
const SEGMENT = 240;

function segmentChain(cuts: FrameCut[], fps: number, W: number, H: number, tag: string): string {
  const frames = cuts.length;
  const cropA = `crop@${tag}a`;
  // The first crop's size can only change by command (its w and h are read once; and a command
  // re-reads x and y, so they come the same way, as short numbers); the rest are per-frame
  // expressions of the frame number n. (By command, the scale would be rebuilt twice a frame,
  // once for w and once for h.)
  const intervals = cuts.map(
    (c, i) => `${n((i - 0.5) / fps)}-${n((i + 0.5) / fps)} [enter] ${cropA} w ${c.x.size}, ${cropA} h ${c.y.size}, ${cropA} x ${c.x.at}, ${cropA} y ${c.y.at};`,
  );
  // In short batches: sendcmd (5.1) gives every word it parses a buffer as long as the rest of its
  // text, so one long list costs megabytes per scene, and every scene's list is parsed at start.
  const sendcmds: string[] = [];
  for (let k = 0; k < intervals.length; k += 8) sendcmds.push(`sendcmd=c='${intervals.slice(k, k + 8).join('')}'`);
  const [first] = cuts;
  const hold = `settb=1/${n(fps)},loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${n(fps)}*TB)`;
  const per = (pick: (c: FrameCut) => number) => `'${lookup(cuts.map(pick))}'`;
  return (
    `${hold},${sendcmds.join(',')},` +
    // The rate is set here, on the cut-out still, and not at the end: `fps` keeps a reference to
    // each frame it passes on, so a frame leaving it could not be drawn on in place, and the
    // captions would copy every frame first (~0.3 ms a 1080×1920 frame). The scaler's frames are its own.
    `${cropA}=w=${first!.x.size}:h=${first!.y.size}:x=${first!.x.at}:y=${first!.y.at},fps=${n(fps)},` +
    // One thread (every filter's own `threads` option, which the scale filter hands to its scaler):
    // the sizes change every frame, so the scaler is rebuilt every frame, and a threaded one
    // rebuilds a context per thread. With the encoder already on every core, that cost ~1.5 s of
    // bench:render (23.4 → 21.8 s of FFmpeg) and bought nothing.
    `scale=w=${per((c) => c.x.scaled)}:h=${per((c) => c.y.scaled)}:eval=frame:flags=bilinear:threads=1,` +
    // the scale's changing sizes leave an odd aspect on the frames; the pixels are square
    `crop=w=${W}:h=${H}:x=${per((c) => c.x.offset)}:y=${per((c) => c.y.offset)},setsar=1`
  );
}

/**
 * An FFmpeg expression whose value at frame n is values[n]: a balanced tree of `if(lt(n,k),…,…)`,
 * so each evaluation takes a handful of comparisons. Runs of one value are a single leaf.
 */
export function lookup(values: number[], from = 0, to = values.length): string {
  if (values.slice(from, to).every((v) => v === values[from])) return String(values[from]);
  const mid = (from + to) >> 1;
  return `if(lt(n,${mid}),${lookup(values, from, mid)},${lookup(values, mid, to)})`;
}
