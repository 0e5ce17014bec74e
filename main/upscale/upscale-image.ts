import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { plainNamedLink } from '../render/percent-free-paths';
import { CancelledError, InvalidInputError } from '../../preload/contract/errors';
import { refuseOutputOverInput } from '../files/output-guard';
import { writeViaPartial } from '../files/partial-file';
import { flattenArgs } from '../../native/ffmpeg/args';
import { locateTools, type RuntimeConfig } from '../config/runtime-config';
import { probeMedia } from '../../native/ffmpeg/probe';
import { endStream, readFrames, spawnFfmpegPipe, writeWithBackpressure } from '../../native/ffmpeg/raw-pipe';
import { openEngine, type UpscaleEngine, type UpscaleEngineOptions } from './engine';
import { defaultModels } from './model-catalog';
import { downscaleFilter } from './output-scale';

/** A still image: decoded by FFmpeg to RGB24, upscaled in tiles, encoded by FFmpeg. */
export const imageExtensions = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff'];

export interface ImageResult {
  output: string;
  /** the model that upscaled it */
  model: string;
  width: number;
  height: number;
  provider: string;
  tile: number;
  seconds: number;
}

function encodeArgs(output: string): (string | number)[] {
  const ext = extname(output).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg') return ['-q:v', 2];
  if (ext === '.webp') return ['-quality', 92];
  if (ext === '.png') return ['-compression_level', 6];
  if (!imageExtensions.includes(ext)) throw new InvalidInputError(`cannot write an image as '${ext || output}' (use ${imageExtensions.join(', ')})`);
  return [];
}

export async function decodeRgb(ffmpeg: string, input: string, width: number, height: number, signal?: AbortSignal): Promise<Uint8Array> {
  const dec = spawnFfmpegPipe(ffmpeg, flattenArgs(['-hide_banner', '-nostdin', '-v', 'error', '-i', input, '-frames:v', 1, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']), { signal });
  dec.stdin.end();
  let frame: Uint8Array | undefined;
  for await (const f of readFrames(dec.stdout, width * height * 3)) frame ??= f;
  await dec.done;
  if (!frame) throw new InvalidInputError(`${input}: FFmpeg decoded no picture`);
  return frame;
}

export async function upscaleImageWith(engine: UpscaleEngine, input: string, output: string, opts: { ffmpeg: string; ffprobe: string; signal?: AbortSignal }): Promise<ImageResult> {
  const started = performance.now();
  const quality = encodeArgs(output);
  const info = await probeMedia(opts.ffprobe, input, { signal: opts.signal });
  const { width, height } = info.video ?? {};
  if (!width || !height) throw new InvalidInputError(`${input} has no picture`);
  const rgb = await decodeRgb(opts.ffmpeg, input, width, height, opts.signal);
  if (opts.signal?.aborted) throw new CancelledError();
  const s = engine.meta.scale;
  const big = await engine.upscaler.upscale(rgb, width, height, opts.signal);
  const filter = downscaleFilter(width, height, s, engine.outputScale);
  await writeViaPartial(output, async (partial) => {
    const enc = spawnFfmpegPipe(opts.ffmpeg, flattenArgs([
      '-hide_banner', '-nostdin', '-v', 'error', '-y',
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width * s}x${height * s}`, '-i', 'pipe:0',
      filter && ['-vf', filter],
      '-frames:v', 1, quality, partial,
    ]), { signal: opts.signal });
    try {
      await writeWithBackpressure(enc.stdin, big);
      await endStream(enc.stdin);
    } catch (err) {
      // A broken pipe means the encoder died: its own error (disk full, bad format) is the one to report.
      await enc.done;
      throw err;
    }
    await enc.done;
  });
  return {
    output,
    model: engine.meta.name,
    width: width * engine.outputScale,
    height: height * engine.outputScale,
    provider: engine.provider,
    tile: engine.upscaler.tile,
    seconds: (performance.now() - started) / 1000,
  };
}

export async function upscaleImage(opts: UpscaleEngineOptions & { input: string; output: string; signal?: AbortSignal; config: RuntimeConfig }): Promise<ImageResult> {
  refuseOutputOverInput(opts.output, [{ file: opts.input, what: 'the image being upscaled' }]);
  encodeArgs(opts.output);
  const { ffmpeg, ffprobe } = locateTools(opts.config);
  const engine = await openEngine({ ...opts, model: opts.model ?? defaultModels.image });
  // FFmpeg reads `%d` in an image's name as a frame pattern: such an input is read through a plain-named link
  const linkDir = opts.input.includes('%') ? mkdtempSync(join(tmpdir(), 'reelforge-input-')) : undefined;
  try {
    const input = linkDir ? plainNamedLink(resolve(opts.input), linkDir, 'input') : opts.input;
    const r = await upscaleImageWith(engine, input, opts.output, { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path, signal: opts.signal });
    return r;
  } finally {
    if (linkDir) rmSync(linkDir, { recursive: true, force: true });
    await engine.close();
  }
}
