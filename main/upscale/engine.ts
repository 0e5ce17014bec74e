import { freemem } from 'node:os';
import { InvalidInputError } from '../../preload/contract/errors';
import type { ModelMeta } from '../../preload/contract/upscale';
import { ModelSession, type Fallback, type ProviderChoice } from '../../native/onnx/session';
import { TiledUpscaler, type TileRunner } from '../../native/onnx/tiled-upscaler';
import { chooseTileSize } from '../../native/onnx/tiles';
import { defaultModels, resolveModel } from './model-catalog';
import type { InstalledModel } from './model-store';
import { refuseOutputOverInput } from '../files/output-guard';

/** A model loaded on the best provider that works, with its tiler: what image and video upscaling share. */
export interface UpscaleEngineOptions {
  model?: string;
  /** a model already at hand (a farm worker's copy, fetched by hash): used instead of looking `model` up */
  installed?: InstalledModel;
  /** the models folder (<home>/models, the folder chosen in Settings; tests pass a temp dir) */
  modelsDir: string;
  provider?: ProviderChoice;
  /** core tile size in input pixels; chosen from free memory when absent */
  tile?: number;
  /** output scale; the model's own when absent, else a lower one reached by a Lanczos downscale */
  scale?: number;
  threads?: number;
  log?: (line: string) => void;
  /** the file being written, when there is one: refused if it is the model file itself */
  output?: string;
  /** for tests: wrap the session, e.g. to simulate a device running out of memory */
  wrapRunner?: (runner: TileRunner) => TileRunner;
}

export interface UpscaleEngine {
  meta: ModelMeta;
  upscaler: TiledUpscaler;
  provider: string;
  fallbacks: Fallback[];
  /** the scale the caller asked for (≤ the model's) */
  outputScale: number;
  close(): Promise<void>;
}

/** Activation memory that tiles may use: half of what is free, capped, since FFmpeg runs beside us. */
function tileBudget(provider: string): number {
  if (provider === 'cpu') return Math.min(freemem() * 0.4, 2 * 1024 ** 3);
  return 1.5 * 1024 ** 3; // providers don't report device memory; out-of-memory retries cover the rest
}

export async function openEngine(opts: UpscaleEngineOptions): Promise<UpscaleEngine> {
  const { meta, path } = opts.installed ?? (await resolveModel(opts.model ?? defaultModels.video, { dir: opts.modelsDir, log: opts.log }));
  if (opts.output) refuseOutputOverInput(opts.output, [{ file: path, what: `the model ${meta.name}` }]);
  const outputScale = opts.scale ?? meta.scale;
  if (!Number.isInteger(outputScale) || outputScale < 1 || outputScale > meta.scale) {
    throw new InvalidInputError(`--scale must be an integer from 1 to ${meta.scale} for ${meta.name}`);
  }
  if (opts.tile !== undefined && (!Number.isInteger(opts.tile) || opts.tile < 16)) throw new InvalidInputError('--tile must be an integer ≥ 16');
  // Before anything runs: even the smallest tile must fit in the memory this machine has free.
  const smallest = opts.tile ?? 32;
  const tileBytes = (smallest + 2 * meta.tilePad) ** 2 * meta.peakChannelsPerInputPixel * 4 * 6;
  if (tileBytes > freemem()) {
    throw new InvalidInputError(`${meta.name} needs about ${(tileBytes / 1024 ** 3).toFixed(1)} GB for one ${smallest}-pixel tile (×${meta.scale}); ${(freemem() / 1024 ** 3).toFixed(1)} GB is free. Use a smaller --tile or a smaller model.`);
  }
  const session = await ModelSession.open(path, { provider: opts.provider, threads: opts.threads, log: opts.log });
  const tile = opts.tile ?? chooseTileSize({ peakChannelsPerInputPixel: meta.peakChannelsPerInputPixel, pad: meta.tilePad, budgetBytes: tileBudget(session.provider) });
  const runner = opts.wrapRunner ? opts.wrapRunner(session) : session;
  const upscaler = new TiledUpscaler(runner, { scale: meta.scale, tile, pad: meta.tilePad, log: opts.log });
  return { meta, upscaler, provider: session.provider, fallbacks: session.fallbacks, outputScale, close: () => session.close() };
}
