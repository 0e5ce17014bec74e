import type { Aspect } from '../../preload/contract/project';

/** A rectangle as fractions of the frame (0–1), so one table serves every resolution of a format. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where text may go in a format. `safe` is the whole area no app draws over; `stage` is the part a
 * scene's own text (titles, stats, quotes, steps, illustrations) uses; `captions` is the band the
 * captions use. Stage and captions never overlap, so a scene's text and the captions cannot collide.
 */
export interface FrameLayout {
  safe: Box;
  stage: Box;
  captions: Box;
  /** the most caption lines a page may have in this format */
  captionLines: number;
}

// Platform figures move when the apps change: they live here, as data, and nowhere else.
// 9:16 is the union of TikTok, Reels and Shorts for a 1080×1920 frame: words inside x 60–916 px and
// y 220–1470 px (right-hand buttons and the bottom description band kept clear); captions in the
// lower part of that box. 16:9, 1:1 and 4:5 have no app chrome on most players: a 5 % title-safe
// margin.
const layouts: Record<Aspect, FrameLayout> = {
  '9:16': {
    safe: { x: 0.056, y: 0.115, w: 0.792, h: 0.65 },
    stage: { x: 0.056, y: 0.115, w: 0.792, h: 0.43 },
    captions: { x: 0.056, y: 0.565, w: 0.792, h: 0.2 },
    captionLines: 2,
  },
  '4:5': {
    safe: { x: 0.05, y: 0.05, w: 0.9, h: 0.9 },
    stage: { x: 0.05, y: 0.05, w: 0.9, h: 0.6 },
    captions: { x: 0.05, y: 0.67, w: 0.9, h: 0.28 },
    captionLines: 2,
  },
  '1:1': {
    safe: { x: 0.05, y: 0.05, w: 0.9, h: 0.9 },
    stage: { x: 0.05, y: 0.05, w: 0.9, h: 0.6 },
    captions: { x: 0.05, y: 0.67, w: 0.9, h: 0.28 },
    captionLines: 2,
  },
  '16:9': {
    safe: { x: 0.05, y: 0.05, w: 0.9, h: 0.9 },
    stage: { x: 0.05, y: 0.05, w: 0.9, h: 0.62 },
    captions: { x: 0.05, y: 0.69, w: 0.9, h: 0.26 },
    captionLines: 3,
  },
};

/** The aspect a frame size is closest to (a custom size uses the nearest format's table). */
export function aspectOf(width: number, height: number): Aspect {
  const r = width / height;
  const known: [Aspect, number][] = [['9:16', 9 / 16], ['4:5', 4 / 5], ['1:1', 1], ['16:9', 16 / 9]];
  return known.reduce((best, k) => (Math.abs(Math.log(r / k[1])) < Math.abs(Math.log(r / best[1])) ? k : best))[0];
}

export function frameLayout(width: number, height: number): FrameLayout {
  return layouts[aspectOf(width, height)];
}

/** A box in pixels of a width × height frame, rounded to whole pixels. */
export function toPixels(b: Box, width: number, height: number): { x: number; y: number; w: number; h: number } {
  return { x: Math.round(b.x * width), y: Math.round(b.y * height), w: Math.round(b.w * width), h: Math.round(b.h * height) };
}
