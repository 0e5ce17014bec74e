import { flattenArgs } from '../../native/ffmpeg/args';
import type { EncoderProfile } from '../../native/ffmpeg/encoders';
import { endStream, readFrames, spawnFfmpegPipe, writeWithBackpressure, type PipedFfmpeg } from '../../native/ffmpeg/raw-pipe';
import { CancelledError } from '../../preload/contract/errors';
import type { UpscaleEngine } from './engine';
import { downscaleFilter } from './output-scale';

/**
 * The upscaling loop itself, shared by a local upscale and a farm worker's chunk: FFmpeg decodes
 * frames [startFrame, endFrame) of the source to RGB24 on a pipe, the model upscales each, and
 * FFmpeg encodes every `chunkFrames` of them into a file of their own (a new encode, so each
 * starts on a keyframe and the files join by stream copy). Same arguments on every machine, so a
 * chunk made on a worker is the chunk this machine would have made.
 */
export interface UpscaleFramesOptions {
  ffmpeg: string;
  input: string;
  /** the source's video size and frame rate (as FFprobe gives it, e.g. 30000/1001) */
  width: number;
  height: number;
  frameRate: string;
  engine: UpscaleEngine;
  encoder: EncoderProfile;
  quality: number;
  vaapiDevice?: string;
  startFrame: number;
  /** first frame not upscaled; the end of the video when absent */
  endFrame?: number;
  chunkFrames: number;
  /** the file chunk `index` (counted from this run's first) is encoded to */
  chunkFile(index: number): string;
  /** called once chunk `index`'s encoder has exited cleanly */
  onChunk?(index: number): void;
  /** called after each frame is handed to the encoder */
  onFrame?(): void;
  signal?: AbortSignal;
  tag?: string;
  log?: (line: string) => void;
}

export function upscaleEncoderArgs(o: Pick<UpscaleFramesOptions, 'width' | 'height' | 'frameRate' | 'engine' | 'encoder' | 'quality' | 'vaapiDevice'>, output: string): string[] {
  const s = o.engine.meta.scale;
  const { width, height, encoder } = o;
  const filter = [downscaleFilter(width, height, s, o.engine.outputScale), 'format=yuv420p', encoder.filterTail].filter(Boolean).join(',');
  return flattenArgs([
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    encoder.globalArgs(o.vaapiDevice),
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width * s}x${height * s}`, '-framerate', o.frameRate, '-i', 'pipe:0',
    '-vf', filter,
    encoder.outputArgs(o.quality, 'balanced'),
    // x264 keeps its lookahead of full frames in memory: at 2160p the default lookahead alone
    // peaked at 1.65 GB in bench:upscale; 10 frames measured 0.96 GB at the same CPU cost.
    encoder.name === 'libx264' && width * s * height * s > 2560 * 1440 && ['-rc-lookahead', '10'],
    '-an', '-sn', '-f', 'mp4', output,
  ]);
}

export function upscaleDecoderArgs(input: string, startFrame: number, endFrame?: number): string[] {
  // Frame-exact: trim counts decoded frames, unlike a time seek.
  const trim = [startFrame ? `start_frame=${startFrame}` : '', endFrame !== undefined ? `end_frame=${endFrame}` : ''].filter(Boolean).join(':');
  return flattenArgs([
    '-hide_banner', '-nostdin', '-v', 'error',
    '-i', input, '-map', '0:v:0',
    trim ? ['-vf', `trim=${trim}`] : null,
    endFrame !== undefined ? ['-frames:v', endFrame - startFrame] : null,
    '-vsync', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
  ]);
}

/** Runs the loop; returns how many frames were upscaled and how many chunk files were finished. */
export async function upscaleFrames(o: UpscaleFramesOptions): Promise<{ frames: number; chunks: number }> {
  const { width, height, engine, signal } = o;
  const decoder = spawnFfmpegPipe(o.ffmpeg, upscaleDecoderArgs(o.input, o.startFrame, o.endFrame), { signal, tag: o.tag, log: o.log });
  decoder.stdin.end();
  let enc: PipedFfmpeg | undefined;
  let inChunk = 0;
  let chunk = 0;
  let frames = 0;
  let pendingWrite: Promise<void> = Promise.resolve();
  const finishChunk = async () => {
    if (!enc) return;
    await pendingWrite;
    await endStream(enc.stdin);
    await enc.done;
    o.onChunk?.(chunk);
    enc = undefined;
    inChunk = 0;
    chunk++;
  };
  try {
    const source = readFrames(decoder.stdout, width * height * 3);
    // One frame is read ahead and one written behind while the model works on the current one.
    // The read ahead and the write behind may fail while the loop is elsewhere (a cancel kills the
    // encoder mid-write: EPIPE); marked handled here so such a failure is not an unhandled rejection
    // that ends the process. Awaited below, they still throw.
    const handled = <T>(p: Promise<T>) => (p.catch(() => undefined), p);
    let next = handled(source.next());
    for (;;) {
      const item = await next;
      if (item.done) break;
      next = handled(source.next());
      const big = await engine.upscaler.upscale(item.value, width, height, signal);
      enc ??= spawnFfmpegPipe(o.ffmpeg, upscaleEncoderArgs(o, o.chunkFile(chunk)), { signal, tag: o.tag, log: o.log });
      await pendingWrite;
      pendingWrite = handled(writeWithBackpressure(enc.stdin, big));
      inChunk++;
      frames++;
      o.onFrame?.();
      if (inChunk === o.chunkFrames) await finishChunk();
    }
    await finishChunk();
    await decoder.done;
  } catch (err) {
    await Promise.all([decoder.kill(), enc?.kill()]);
    // If the user cancelled, the pipes broke because of it: report the cancellation, not EPIPE
    // (nor the signal's own AbortError, which callers do not treat as the contract's cancellation).
    if (signal?.aborted) throw new CancelledError();
    throw err;
  }
  return { frames, chunks: chunk };
}
