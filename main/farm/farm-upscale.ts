import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { UpscaleProgress } from '../../preload/contract/upscale';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { probeMedia } from '../../native/ffmpeg/probe';
import type { ProviderChoice } from '../../native/onnx/session';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { refuseOutputOverInput } from '../files/output-guard';
import { chooseEncoder } from '../render/choose-encoder';
import { defaultModels, resolveModel } from '../upscale/model-catalog';
import { joinUpscaled, videoStreamFacts } from '../upscale/upscale-video';
import { sha256File } from './chunk-spec';
import { dispatchChunks } from './farm-dispatch';
import { upscaleQueue } from './farm-keys';
import type { FarmUrl } from './farm-url';
import { upscaleChunkId, upscaleChunkSpecSchema, type UpscaleChunkSpec } from './upscale-spec';
import { verifyChunk } from './verify-chunk';

export interface FarmUpscaleOptions {
  input: string;
  output: string;
  farm: FarmUrl;
  /** the job's id (the queue's, or one kept in `workDir` by the CLI): chunk jobs in Redis are named after it */
  farmJob: string;
  /** the queue job this upscale is a stage of, where farmJob is not its id: the studio shows its chunks under it */
  owner?: string;
  /** kept across a coordinator restart: verified chunks found here are not upscaled again */
  workDir: string;
  model?: string;
  modelsDir: string;
  provider?: ProviderChoice;
  scale?: number;
  tile?: number;
  encoder?: string;
  quality?: number;
  /** frames per chunk: the unit of work a worker takes (default `chunkSeconds` of video) */
  chunkFrames?: number;
  /** seconds of video per chunk, where chunkFrames is not given (default 10) */
  chunkSeconds?: number;
  advertiseHost?: string;
  attempts?: number;
  pollMs?: number;
  config: RuntimeConfig;
  signal?: AbortSignal;
  tag?: string;
  log?: (line: string) => void;
  onProgress?: (p: UpscaleProgress) => void;
}

export interface FarmUpscaleResult {
  output: string;
  frames: number;
  width: number;
  height: number;
  encoder: string;
  provider: string;
  chunks: Array<{ index: number; id: string; frames: number; worker?: string; reused: boolean }>;
  seconds: number;
  dropped: string[];
}

const providers: readonly ProviderChoice[] = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

/**
 * A video upscale on the farm. The coordinator cuts the source's frames into chunks and puts one
 * job per chunk on the queue of the ONNX Runtime provider and encoder they need; a worker fetches
 * the source and the model by content hash, upscales its frames with the same loop a local upscale
 * runs, and sends the chunk back, verified by hash and by its frames. The chunks are joined here by
 * stream copy with the source's sound, subtitles and metadata, as a local upscale joins its own.
 */
export async function upscaleOnFarm(opts: FarmUpscaleOptions): Promise<FarmUpscaleResult> {
  const started = performance.now();
  const input = resolve(opts.input);
  const output = resolve(opts.output);
  const tools = locateTools(opts.config);
  const log = opts.log ?? (() => undefined);
  if (!existsSync(input)) throw new InvalidInputError(`no such file: ${opts.input}`);
  refuseOutputOverInput(output, [{ file: input, what: 'the video being upscaled' }]);
  const provider = opts.provider ?? 'auto';
  if (!providers.includes(provider)) throw new InvalidInputError(`unknown provider '${provider}' (known: ${providers.join(', ')})`);
  const info = await probeMedia(tools.ffprobe.path, input, { signal: opts.signal });
  const video = info.video;
  if (!video?.width || !video.height) throw new InvalidInputError(`${opts.input} has no video stream`);
  const facts = await videoStreamFacts(tools.ffprobe.path, input, opts.signal);
  // every chunk must name its frames exactly: counted when the container does not say
  const framesTotal = facts.frames ?? (await probeMedia(tools.ffprobe.path, input, { signal: opts.signal, countFrames: true })).video?.frames ?? 0;
  if (!framesTotal) throw new InvalidInputError(`${opts.input}: FFmpeg found no frames to upscale`);
  const [num, den] = facts.frameRate.split('/').map(Number);
  const chunkFrames = opts.chunkFrames ?? Math.max(1, Math.min(framesTotal, Math.round((num! / (den || 1)) * (opts.chunkSeconds ?? 10))));
  const quality = opts.quality ?? 18;
  // a named encoder need not work here, only on the workers; `auto` is this machine's best, as for a render on the farm
  const requested = opts.encoder ?? 'auto';
  const encoder = requested === 'auto' ? chooseEncoder(await capabilitiesOf(opts.config, tools, { signal: opts.signal })) : encoderProfile(requested);
  if (!encoder) throw new InvalidInputError(`unknown encoder '${requested}'`);

  const { meta, path: modelPath } = await resolveModel(opts.model ?? defaultModels.video, { dir: opts.modelsDir, log: opts.log });
  refuseOutputOverInput(output, [{ file: modelPath, what: `the model ${meta.name}` }]);
  const outputScale = opts.scale ?? meta.scale;
  if (!Number.isInteger(outputScale) || outputScale < 1 || outputScale > meta.scale) throw new InvalidInputError(`--scale must be an integer from 1 to ${meta.scale} for ${meta.name}`);
  if (opts.tile !== undefined && (!Number.isInteger(opts.tile) || opts.tile < 16)) throw new InvalidInputError('--tile must be an integer ≥ 16');
  const width = video.width * outputScale;
  const height = video.height * outputScale;
  if (width % 2 || height % 2) throw new InvalidInputError(`the output would be ${width}×${height}; 4:2:0 video needs even sides`);

  const workDir = resolve(opts.workDir);
  mkdirSync(workDir, { recursive: true });
  const sourceHash = await sha256File(input);
  const modelHash = await sha256File(modelPath);
  const blobs = new Map([[sourceHash, input], [modelHash, modelPath]]);
  const ext = extname(input);
  const count = Math.ceil(framesTotal / chunkFrames);
  const specs: UpscaleChunkSpec[] = [];
  for (let index = 0; index < count; index++) {
    const startFrame = index * chunkFrames;
    const body = {
      version: 1 as const,
      kind: 'upscale' as const,
      startFrame,
      frames: Math.min(chunkFrames, framesTotal - startFrame),
      source: { hash: sourceHash, size: statSync(input).size, ext: /^\.[A-Za-z0-9]{1,8}$/.test(ext) ? ext : '', width: video.width, height: video.height, frameRate: facts.frameRate },
      model: { hash: modelHash, size: statSync(modelPath).size, name: meta.name, scale: meta.scale, architecture: meta.architecture, tilePad: meta.tilePad, peakChannelsPerInputPixel: meta.peakChannelsPerInputPixel, precision: meta.precision },
      outputScale,
      provider,
      ...(opts.tile ? { tile: opts.tile } : {}),
      encoder: encoder.name,
      quality,
    };
    specs.push(upscaleChunkSpecSchema.parse({ ...body, farmJob: opts.farmJob, id: upscaleChunkId(body), index, count }));
  }
  log(`farm: upscaling ${framesTotal} frames in ${count} chunk${count === 1 ? '' : 's'} of ${chunkFrames} with ${meta.name} (×${outputScale}, ONNX Runtime ${provider}, ${encoder.name})`);

  const report = (ratio: number) => {
    const framesDone = Math.round(ratio * framesTotal);
    opts.onProgress?.({ framesDone, framesTotal, ratio: 0.97 * ratio, chunk: specs.filter((_, i) => (i + 1) * chunkFrames <= framesDone).length, chunks: count });
  };
  report(0);
  const done = await dispatchChunks({
    farm: opts.farm,
    farmJob: opts.farmJob,
    workDir,
    advertiseHost: opts.advertiseHost,
    queue: upscaleQueue(provider, encoder.name),
    able: (w) => w.encoders.includes(encoder.name) && (provider === 'auto' || provider === 'cpu' ? w.providers.includes('cpu') : w.providers.includes(provider)),
    needs: `ONNX Runtime ${provider === 'auto' ? 'cpu' : provider} and ${encoder.name}`,
    specs,
    blobs,
    jobData: (s) => ({ farmJob: opts.farmJob, chunk: s.id, index: s.index, count: s.count, encoder: s.encoder, kind: 'upscale', provider: s.provider, ...(opts.owner ? { owner: opts.owner } : {}) }),
    verify: (spec, file) => verifyChunk(tools.ffprobe.path, spec, { width, height, codec: encoder.codec === 'hevc' ? 'hevc' : 'h264' }, file),
    attempts: opts.attempts,
    pollMs: opts.pollMs,
    signal: opts.signal,
    log,
    onProgress: report,
  });

  const list = join(workDir, 'chunks.txt');
  writeFileSync(list, specs.map((s) => `file '${done.files.get(s.id)!.replace(/'/g, "'\\''")}'\n`).join(''));
  const streams = await joinUpscaled({ ffmpeg: tools.ffmpeg.path, list, input, output, sourceStreams: info.streams, signal: opts.signal, tag: opts.tag, log: opts.log });
  opts.onProgress?.({ framesDone: framesTotal, framesTotal, ratio: 1, chunk: count, chunks: count });
  return {
    output,
    frames: framesTotal,
    width,
    height,
    encoder: encoder.name,
    provider,
    chunks: specs.map((s) => ({ index: s.index, id: s.id, frames: s.frames, worker: done.workers.get(s.id), reused: done.reused.has(s.id) })),
    seconds: (performance.now() - started) / 1000,
    dropped: streams.dropped,
  };
}
