import { StudioError } from '../../preload/contract/errors';
import { isOutOfMemory, type ImageTensor } from './session';
import { planTiles, type Tile } from './tiles';

/**
 * Upscales packed RGB24 images through a model, tile by tile. Output is clamped to [0,1] (a
 * Uint8ClampedArray rounds and clamps in one store), so overshoot never wraps around into dark
 * or bright speckles. On out-of-memory the tile size is halved and the image started again.
 */
export interface TileRunner {
  run(input: ImageTensor): Promise<ImageTensor>;
}

export interface TiledUpscalerOptions {
  scale: number;
  tile: number;
  pad: number;
  minTile?: number;
  log?: (line: string) => void;
}

export class TiledUpscaler {
  private tileSize: number;
  private readonly minTile: number;

  constructor(
    private readonly runner: TileRunner,
    private readonly opts: TiledUpscalerOptions,
  ) {
    this.tileSize = opts.tile;
    this.minTile = opts.minTile ?? 16;
  }

  get scale(): number {
    return this.opts.scale;
  }

  /** the tile size in use now (smaller than asked after an out-of-memory retry) */
  get tile(): number {
    return this.tileSize;
  }

  async upscale(rgb: Uint8Array, width: number, height: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (rgb.length !== width * height * 3) throw new StudioError('INTERNAL', `expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
    for (;;) {
      try {
        return await this.pass(rgb, width, height, signal);
      } catch (err) {
        if (!isOutOfMemory(err) || this.tileSize <= this.minTile) throw err;
        const next = Math.max(this.minTile, Math.floor(this.tileSize / 2));
        this.opts.log?.(`out of memory with ${this.tileSize}px tiles (${(err as Error).message}); retrying with ${next}px`);
        this.tileSize = next;
      }
    }
  }

  private async pass(rgb: Uint8Array, width: number, height: number, signal?: AbortSignal): Promise<Uint8Array> {
    const s = this.opts.scale;
    const plan = planTiles(width, height, this.tileSize, this.opts.pad);
    const outW = width * s;
    const out = new Uint8ClampedArray(outW * height * s * 3);
    const input = new Float32Array(3 * plan.windowWidth * plan.windowHeight);
    for (const tile of plan.tiles) {
      signal?.throwIfAborted();
      toPlanar(rgb, width, tile, input);
      const result = await this.runner.run({ data: input, channels: 3, height: tile.window.h, width: tile.window.w });
      if (result.width !== tile.window.w * s || result.height !== tile.window.h * s || result.channels !== 3) {
        throw new StudioError('INTERNAL', `the model returned ${result.channels}×${result.height}×${result.width} for a ${tile.window.h}×${tile.window.w} tile; expected scale ${s}`);
      }
      fromPlanar(result, tile, s, out, outW);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }
}

const inv255 = 1 / 255;

function toPlanar(rgb: Uint8Array, width: number, tile: Tile, dst: Float32Array): void {
  const { x, y, w, h } = tile.window;
  const plane = w * h;
  let i = 0;
  for (let row = 0; row < h; row++) {
    let src = ((y + row) * width + x) * 3;
    for (let col = 0; col < w; col++, i++, src += 3) {
      dst[i] = rgb[src]! * inv255;
      dst[i + plane] = rgb[src + 1]! * inv255;
      dst[i + 2 * plane] = rgb[src + 2]! * inv255;
    }
  }
}

function fromPlanar(result: ImageTensor, tile: Tile, s: number, out: Uint8ClampedArray, outW: number): void {
  const data = result.data;
  const plane = result.width * result.height;
  const { core, window } = tile;
  const x0 = (core.x - window.x) * s;
  const y0 = (core.y - window.y) * s;
  const cw = core.w * s;
  const ch = core.h * s;
  for (let row = 0; row < ch; row++) {
    let src = (y0 + row) * result.width + x0;
    let dst = ((core.y * s + row) * outW + core.x * s) * 3;
    for (let col = 0; col < cw; col++, src++, dst += 3) {
      out[dst] = data[src]! * 255;
      out[dst + 1] = data[src + plane]! * 255;
      out[dst + 2] = data[src + 2 * plane]! * 255;
    }
  }
}
