import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { UpscaleProgress } from '../../preload/contract/upscale';
import { flattenArgs } from '../../native/ffmpeg/args';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { chooseEncoder } from '../render/choose-encoder';
import { chunkName, commitChunk, inputIdentity, openCheckpoint, partName, writeConcatList, type ChunkManifest } from './chunk-checkpoint';
import { openEngine, type UpscaleEngineOptions } from './engine';
import { upscaleFrames } from './upscale-frames';
import { mapSourceStreams, type StreamMapping } from './stream-map';
import type { StreamInfo } from '../../native/ffmpeg/probe';
import { refuseOutputOverInput } from '../files/output-guard';
import { writeViaPartial } from '../files/partial-file';

/**
 * Video upscaling as a stream: FFmpeg decodes to RGB24 on a pipe, the model upscales frame by
 * frame, FFmpeg encodes. Frames are pulled, so memory holds a few frames whatever the length.
 * Output is written in chunks of `chunkFrames` frames, each its own encode with a checkpoint, so
 * a killed run resumes at the first unfinished chunk; the chunks are joined without re-encoding
 * and the source's audio, subtitles, attachments, chapters and metadata are carried over.
 */
export interface UpscaleVideoOptions extends UpscaleEngineOptions {
  input: string;
  output: string;
  /** chunks and checkpoints; defaults to a hidden folder next to the output. A job passes its session folder. */
  workDir?: string;
  /** frames per chunk (resume granularity); default about 10 s of video */
  chunkFrames?: number;
  /** video encoder: auto (verified hardware first, libx264 fallback) or a name */
  encoder?: string;
  /** CRF-like quality, 0–51, lower is better */
  quality?: number;
  signal?: AbortSignal;
  onProgress?: (p: UpscaleProgress) => void;
  /** the process's runtime configuration: which FFmpeg, where its capabilities are cached */
  config: RuntimeConfig;
  /** process-registry tag (the job id) */
  tag?: string;
  /** keep the chunks after success (default: removed) */
  keepWorkDir?: boolean;
}

export interface UpscaleVideoResult {
  output: string;
  frames: number;
  width: number;
  height: number;
  chunks: number;
  /** chunks found finished from an earlier run and not redone */
  resumedChunks: number;
  provider: string;
  encoder: string;
  tile: number;
  seconds: number;
  /**
   * Where `seconds` went: start-up (probe, encoder check, model and session, spawning the decoder),
   * the frames themselves (decode → model → encode, every chunk finished), and the final join
   * (concat mux with the source's other streams).
   */
  timings: { startup: number; frames: number; join: number };
  /** streams of the source that could not be carried into the output's container */
  dropped: string[];
}

export const videoExtensions = ['.mp4', '.mov', '.mkv', '.webm', '.m4v', '.avi'];

export async function videoStreamFacts(ffprobe: string, input: string, signal?: AbortSignal): Promise<{ frameRate: string; frames?: number }> {
  const { stdout } = await runFfmpeg(ffprobe, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=r_frame_rate,avg_frame_rate,nb_frames', '-of', 'json', input], { signal });
  const s = (JSON.parse(stdout) as { streams?: Array<Record<string, string>> }).streams?.[0] ?? {};
  const ok = (r?: string) => r && !/^0\/|\/0$/.test(r);
  const frameRate = ok(s.r_frame_rate) ? s.r_frame_rate! : ok(s.avg_frame_rate) ? s.avg_frame_rate! : '30';
  const frames = Number(s.nb_frames);
  return { frameRate, frames: Number.isFinite(frames) && frames > 0 ? frames : undefined };
}

export function defaultWorkDir(output: string): string {
  return join(dirname(output), `.${basename(output)}.upscale-work`);
}

export async function upscaleVideo(opts: UpscaleVideoOptions): Promise<UpscaleVideoResult> {
  const started = performance.now();
  const tools = locateTools(opts.config);
  const { ffmpeg: ffmpegLoc, ffprobe: ffprobeLoc } = tools;
  const ffmpeg = ffmpegLoc.path;
  const ffprobe = ffprobeLoc.path;
  if (!existsSync(opts.input)) throw new InvalidInputError(`no such file: ${opts.input}`);
  refuseOutputOverInput(opts.output, [{ file: opts.input, what: 'the video being upscaled' }]);
  const info = await probeMedia(ffprobe, opts.input, { signal: opts.signal });
  const video = info.video;
  if (!video?.width || !video.height) throw new InvalidInputError(`${opts.input} has no video stream`);
  const facts = await videoStreamFacts(ffprobe, opts.input, opts.signal);
  const framesTotal = facts.frames ?? (await probeMedia(ffprobe, opts.input, { signal: opts.signal, countFrames: true })).video?.frames ?? 0;
  const [num, den] = facts.frameRate.split('/').map(Number);
  const fps = num! / (den || 1);
  const chunkFrames = opts.chunkFrames ?? Math.max(1, Math.round(fps * 10));
  const quality = opts.quality ?? 18;
  const encoder = chooseEncoder(await capabilitiesOf(opts.config, tools, { signal: opts.signal }), opts.encoder ?? 'auto');

  const engine = await openEngine(opts);
  try {
    const { width, height } = video;
    const outW = width * engine.outputScale;
    const outH = height * engine.outputScale;
    if (outW % 2 || outH % 2) throw new InvalidInputError(`the output would be ${outW}×${outH}; 4:2:0 video needs even sides`);
    const workDir = opts.workDir ?? defaultWorkDir(opts.output);
    const manifest: ChunkManifest = {
      version: 1,
      input: inputIdentity(opts.input),
      modelSha256: engine.meta.sha256,
      outputScale: engine.outputScale,
      encoder: encoder.name,
      quality,
      chunkFrames,
      width,
      height,
      frameRate: facts.frameRate,
    };
    const { finishedChunks } = openCheckpoint(workDir, manifest);
    const startFrame = finishedChunks * chunkFrames;
    const log = opts.log;
    if (finishedChunks) log?.(`resuming: ${finishedChunks} chunk(s) (${startFrame} frames) already done in ${workDir}`);

    const chunksTotal = Math.max(1, Math.ceil(framesTotal / chunkFrames));
    let framesDone = startFrame;
    let chunk = finishedChunks;
    const runStart = performance.now();
    const report = () => {
      const elapsed = (performance.now() - runStart) / 1000;
      const doneHere = framesDone - startFrame;
      const rate = doneHere > 0 && elapsed > 0 ? doneHere / elapsed : undefined;
      opts.onProgress?.({
        framesDone,
        framesTotal,
        ratio: framesTotal ? Math.min(1, framesDone / framesTotal) : 0,
        eta: rate ? Math.max(0, framesTotal - framesDone) / rate : undefined,
        fps: rate,
        chunk,
        chunks: chunksTotal,
      });
    };
    report();

    const framesStart = performance.now();
    await upscaleFrames({
      ffmpeg,
      input: opts.input,
      width,
      height,
      frameRate: facts.frameRate,
      engine,
      encoder,
      quality,
      vaapiDevice: opts.config.vaapiDevice,
      startFrame,
      chunkFrames,
      chunkFile: (i) => join(workDir, partName(finishedChunks + i)),
      onChunk: (i) => {
        commitChunk(workDir, finishedChunks + i);
        chunk = finishedChunks + i + 1;
        report();
      },
      onFrame: () => {
        framesDone++;
        if (framesDone % 5 === 0) report();
      },
      signal: opts.signal,
      tag: opts.tag,
      log,
    });
    if (chunk === 0) throw new InvalidInputError(`${opts.input}: FFmpeg decoded no frames`);
    const framesEnd = performance.now();

    const list = writeConcatList(workDir, chunk);
    const streams = await joinUpscaled({ ffmpeg, list, input: opts.input, output: opts.output, sourceStreams: info.streams, signal: opts.signal, tag: opts.tag, log });

    if (!opts.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    const end = performance.now();
    return {
      output: opts.output,
      frames: framesDone,
      width: outW,
      height: outH,
      chunks: chunk,
      resumedChunks: finishedChunks,
      provider: engine.provider,
      encoder: encoder.name,
      tile: engine.upscaler.tile,
      seconds: (end - started) / 1000,
      timings: { startup: (framesStart - started) / 1000, frames: (framesEnd - framesStart) / 1000, join: (end - framesEnd) / 1000 },
      dropped: streams.dropped,
    };
  } finally {
    await engine.close();
  }
}

export { chunkName };

/**
 * The upscaled chunks (a concat list) joined without re-encoding, with the source's audio,
 * subtitles, attachments, chapters and metadata. The join writes a partial file beside the output,
 * renamed when FFmpeg has finished: a full disk or a kill leaves the user's path untouched, and the
 * chunks stay for a resume. Returns the streams that could not be carried over, in words.
 */
export async function joinUpscaled(o: { ffmpeg: string; list: string; input: string; output: string; sourceStreams: readonly StreamInfo[]; signal?: AbortSignal; tag?: string; log?: (line: string) => void }): Promise<StreamMapping> {
  const streams = mapSourceStreams(o.sourceStreams, o.output, 1);
  for (const d of streams.dropped) o.log?.(d);
  await writeViaPartial(o.output, (partial) =>
    runFfmpeg(o.ffmpeg, flattenArgs([
      '-hide_banner', '-nostdin', '-v', 'error', '-y',
      '-f', 'concat', '-safe', '0', '-i', o.list,
      '-i', o.input,
      '-map', '0:v:0', '-c:v', 'copy',
      streams.args,
      '-map_metadata', '1', '-map_chapters', '1',
      /\.(mp4|mov|m4v)$/i.test(o.output) ? ['-movflags', '+faststart'] : null,
      partial,
    ]), { signal: o.signal, tag: o.tag, log: o.log }),
  );
  return streams;
}
