/**
 * Tile planning. Every window has the same shape (ONNX Runtime then reuses one allocation plan,
 * and a GPU provider compiles once), windows never leave the image (edge windows slide inward
 * instead of being padded with made-up pixels), and neighbouring windows overlap by at least
 * 2 × pad so each output pixel comes from a window where it sits at least `pad` pixels from any
 * cut edge. That is what makes tiled output match a whole-image run.
 */
export interface Span {
  /** where the window starts, and its core (the part of it that is kept) */
  start: number;
  coreStart: number;
  coreEnd: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Tile {
  window: Rect;
  core: Rect;
}

export interface TilePlan {
  windowWidth: number;
  windowHeight: number;
  tiles: Tile[];
}

/**
 * Windows of size S = min(tile + 2·pad, length), evenly spaced with a step of at most S − 2·pad;
 * each boundary between cores sits in the middle of the overlap.
 */
export function planAxis(length: number, tile: number, pad: number): { size: number; spans: Span[] } {
  if (length <= 0) throw new Error(`cannot tile an empty axis (${length})`);
  const size = Math.min(tile + 2 * pad, length);
  if (size === length) return { size, spans: [{ start: 0, coreStart: 0, coreEnd: length }] };
  const count = 1 + Math.ceil((length - size) / Math.max(1, size - 2 * pad));
  const starts = Array.from({ length: count }, (_, i) => Math.round((i * (length - size)) / (count - 1)));
  const spans = starts.map((start, i) => {
    const prev = starts[i - 1];
    const next = starts[i + 1];
    const coreStart = prev === undefined ? 0 : Math.floor((start + prev + size) / 2);
    const coreEnd = next === undefined ? length : Math.floor((next + start + size) / 2);
    return { start, coreStart, coreEnd };
  });
  return { size, spans };
}

export function planTiles(width: number, height: number, tile: number, pad: number): TilePlan {
  const xs = planAxis(width, tile, pad);
  const ys = planAxis(height, tile, pad);
  const tiles: Tile[] = [];
  for (const y of ys.spans) {
    for (const x of xs.spans) {
      tiles.push({
        window: { x: x.start, y: y.start, w: xs.size, h: ys.size },
        core: { x: x.coreStart, y: y.coreStart, w: x.coreEnd - x.coreStart, h: y.coreEnd - y.coreStart },
      });
    }
  }
  return { windowWidth: xs.size, windowHeight: ys.size, tiles };
}

/**
 * The largest tile whose window fits the memory budget. Activation memory per input pixel is
 * estimated from the model's widest layer (channels × area relative to the input) × 4 bytes × a
 * working-set factor that covers the layer's input, output and convolution workspace.
 */
export function chooseTileSize(opts: { peakChannelsPerInputPixel: number; pad: number; budgetBytes: number; candidates?: readonly number[] }): number {
  const candidates = opts.candidates ?? [512, 384, 256, 192, 128, 96, 64, 48, 32];
  const bytesPerPixel = opts.peakChannelsPerInputPixel * 4 * 6;
  for (const t of candidates) {
    const side = t + 2 * opts.pad;
    if (side * side * bytesPerPixel <= opts.budgetBytes) return t;
  }
  return candidates[candidates.length - 1]!;
}
