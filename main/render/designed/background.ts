import type { DesignStyle } from '../../../preload/contract/project';
import { mix, type DesignPalette } from './palette';

/**
 * A moving background, as pictures and motions: a base picture (a gradient, larger than the frame
 * when a window drifts across it) and soft shapes overlaid on it. Every motion is an FFmpeg
 * expression of `T`, the frame's time on the whole timeline (the renderer writes `(t+T0)` for it,
 * T0 being the scene's start), never of a frame index within one run: a scene rendered alone, or
 * a chunk of the video on another machine, draws exactly the pixels of the full render.
 */
export interface BackgroundPlan {
  base: { svg: string; w: number; h: number; crop?: { x: string; y: string } };
  shapes: Array<{ svg: string; w: number; h: number; x: string; y: string }>;
}

const f = (x: number) => Number(x.toFixed(4)).toString();

/** A soft disc: a radial gradient from the colour (at `opacity`) to transparent. */
function softDisc(size: number, color: string, opacity: number): string {
  return (
    `<defs><radialGradient id="d"><stop offset="0" stop-color="${color}" stop-opacity="${f(opacity)}"/>` +
    `<stop offset="0.55" stop-color="${color}" stop-opacity="${f(opacity * 0.45)}"/><stop offset="1" stop-color="${color}" stop-opacity="0"/></radialGradient></defs>` +
    `<circle cx="${size / 2}" cy="${size / 2}" r="${size / 2}" fill="url(#d)"/>`
  );
}

/** A linear gradient over a w × h picture (top-left → bottom-right), with a soft darkening at the edges. */
function gradient(w: number, h: number, [a, b]: [string, string], extra = ''): string {
  return (
    `<defs><linearGradient id="b" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient>` +
    `<radialGradient id="v" cx="0.5" cy="0.45" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.22"/></radialGradient></defs>` +
    `<rect width="${w}" height="${h}" fill="url(#b)"/>${extra}<rect width="${w}" height="${h}" fill="url(#v)"/>`
  );
}

/** Slow drifting discs: each circles its own point, at its own period (so the pattern never visibly repeats). */
function blobs(W: number, H: number, p: DesignPalette, d: DesignStyle['background'], count: number, first = 0): BackgroundPlan['shapes'] {
  const spots = [[0.2, 0.22], [0.82, 0.5], [0.3, 0.82], [0.7, 0.12]] as const;
  const sizes = [0.95, 0.8, 0.7, 0.6];
  const out: BackgroundPlan['shapes'] = [];
  for (let k = first; k < first + count; k++) {
    const size = Math.round(Math.max(W, H) * 0.44 * sizes[k % 4]!);
    const [sx, sy] = spots[k % 4]!;
    const period = (17 + 6 * k) / Math.max(0.05, d.speed);
    const w = (2 * Math.PI) / period;
    const ax = W * 0.16;
    const ay = H * 0.1;
    out.push({
      svg: softDisc(size, p.shapes[k % p.shapes.length]!, 0.25 + 0.6 * d.intensity),
      w: size,
      h: size,
      x: `${f(sx * W - size / 2)}+${f(ax)}*sin(${f(w)}*T+${f(k * 2.1)})`,
      y: `${f(sy * H - size / 2)}+${f(ay)}*cos(${f(w * 0.8)}*T+${f(k * 1.3)})`,
    });
  }
  return out;
}

export function backgroundPlan(W: number, H: number, design: DesignStyle, p: DesignPalette): BackgroundPlan {
  const d = design.background;
  const speed = Math.max(0.05, d.speed);
  switch (d.kind) {
    case 'aurora': {
      // wide bands of the shapes' colours on a base taller than the frame; the window drifts up and down
      const h = Math.round(H * 1.4);
      const bands = p.shapes
        .slice(0, 2)
        .map((c, k) => `<ellipse cx="${f(W * (k ? 0.7 : 0.3))}" cy="${f(h * (k ? 0.62 : 0.35))}" rx="${f(W * 0.9)}" ry="${f(h * 0.12)}" fill="${c}" fill-opacity="${f(0.2 + 0.45 * d.intensity)}" transform="rotate(${k ? 14 : -12} ${f(W / 2)} ${f(h / 2)})" filter="url(#s)"/>`)
        .join('');
      const blur = `<defs><filter id="s" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${f(H * 0.05)}"/></filter></defs>`;
      const period = 24 / speed;
      return {
        base: { svg: gradient(W, h, p.base, blur + bands), w: W, h, crop: { x: '0', y: `${f((h - H) / 2)}*(1+sin(${f((2 * Math.PI) / period)}*T))` } },
        shapes: blobs(W, H, p, d, 1, 1),
      };
    }
    case 'stripes': {
      // soft diagonal bands sliding sideways: a base one period wider than the frame, the window moving across it
      const period = Math.round(W * 0.3);
      const w = W + period;
      const light = mix(p.base[0], p.shapes[0]!, 0.12 + 0.25 * d.intensity);
      let bands = '';
      for (let x = -H; x < w + H; x += period) bands += `<polygon points="${x},${H} ${x + period / 2},${H} ${x + period / 2 + H * 0.6},0 ${x + H * 0.6},0" fill="${light}" fill-opacity="0.55"/>`;
      const pxPerSecond = W * 0.025 * speed;
      return {
        base: { svg: gradient(w, H, p.base, bands), w, h: H, crop: { x: `mod(${f(pxPerSecond)}*T,${period})`, y: '0' } },
        shapes: blobs(W, H, p, d, 1, 1),
      };
    }
    case 'particles': {
      // small soft dots rising at their own speeds, wrapping from top to bottom, over one drifting disc
      const dots: BackgroundPlan['shapes'] = [];
      for (let k = 0; k < 10; k++) {
        const size = Math.round(Math.min(W, H) * (0.018 + 0.012 * (k % 3)));
        const x0 = W * ((k * 0.137 + 0.05) % 1);
        const travel = H + 2 * size;
        const v = H * (0.035 + 0.012 * (k % 4)) * speed;
        dots.push({
          svg: `<circle cx="${size / 2}" cy="${size / 2}" r="${size / 2}" fill="${p.shapes[k % p.shapes.length]}" fill-opacity="${f(0.35 + 0.5 * d.intensity)}"/>`,
          w: size,
          h: size,
          x: `${f(x0)}+${f(W * 0.015)}*sin(${f(0.5 + 0.07 * k)}*T+${k})`,
          y: `${f(H + size)}-mod(${f(v)}*T+${f(((k * 0.31) % 1) * travel)},${f(travel)})`,
        });
      }
      return { base: { svg: gradient(W, H, p.base), w: W, h: H }, shapes: [...blobs(W, H, p, d, 1), ...dots] };
    }
    case 'blobs':
    default:
      return { base: { svg: gradient(W, H, p.base), w: W, h: H }, shapes: blobs(W, H, p, d, 3) };
  }
}
