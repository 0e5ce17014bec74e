import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { capabilitiesOf, locateTools } from '../config/runtime-config';
import { refuseOutputOverInput } from '../files/output-guard';
import { partialPath } from '../files/partial-file';
import { mediaRefs } from '../project/load-project';
import { buildPlan, type RenderOptions, type RenderResult } from '../render/render-project';
import { chunkId, chunkSpecSchema, describeRefs, type ChunkSpec } from './chunk-spec';
import { dispatchChunks } from './farm-dispatch';
import { chunkQueue } from './farm-keys';
import type { FarmUrl } from './farm-url';
import { portableGraph } from './portable-graph';
import { splitAtCuts } from './split-chunks';
import { verifyChunk } from './verify-chunk';

export { localAddressTowards } from './farm-dispatch';

export interface FarmRenderOptions extends RenderOptions {
  farm: FarmUrl;
  /** the job's id in the coordinator's SQLite queue: chunk jobs in Redis are named after it */
  farmJob: string;
  /** kept across a coordinator restart: verified chunks found here are not rendered again */
  workDir: string;
  /** scenes are grouped into chunks of at least this many seconds (at cuts only) */
  chunkSeconds?: number;
  /** the address workers reach this coordinator at (default: the one this machine reaches Redis from) */
  advertiseHost?: string;
  /** tries per chunk before the render fails */
  attempts?: number;
  /** how often the coordinator looks at its chunks (ms) */
  pollMs?: number;
}

export interface FarmRenderResult extends RenderResult {
  chunks: Array<{ index: number; id: string; frames: number; worker?: string; reused: boolean }>;
}

/**
 * Renders a project on the farm. This machine (the coordinator) prepares the real plan (media
 * probed, stills fitted, captions written, the sound mixed and measured), cuts its video into runs
 * of whole scenes at cuts, and puts one job per chunk on BullMQ; workers fetch each chunk's part
 * of the graph and its files by hash from this process, render it with the render's own encoder
 * settings and send it back. Meanwhile the sound is encoded here, once, full length; the chunks
 * are joined by stream copy and muxed with it. The output appears only when complete.
 */
export async function renderOnFarm(opts: FarmRenderOptions): Promise<FarmRenderResult> {
  const output = resolve(opts.output);
  refuseOutputOverInput(output, mediaRefs(opts.project).map((r) => ({ file: r.file, what: `the project's media ${r.path}` })));
  const workDir = resolve(opts.workDir);
  const planDir = join(workDir, 'plan');
  mkdirSync(planDir, { recursive: true });
  mkdirSync(dirname(output), { recursive: true });
  const log = opts.log ?? (() => undefined);
  const tools = opts.tools ?? locateTools(opts.config);
  const caps = opts.capabilities ?? (await capabilitiesOf(opts.config, tools, { signal: opts.signal }));

  // where the coordinator's time goes, in its log: what a farm adds to a render is found here
  const t0 = performance.now();
  const secs = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;
  const plan = await buildPlan({ ...opts, tools, capabilities: caps, workDir: planDir, measureLoudness: true });
  const planned = performance.now();
  const profile = encoderProfile(plan.encoder)!;
  const ranges = splitAtCuts(plan.timeline, opts.chunkSeconds ?? 20);
  const blobs = new Map<string, string>();
  const specs: ChunkSpec[] = [];
  for (const [index, range] of ranges.entries()) {
    const part = plan.chunk(range);
    const portable = portableGraph(part.graph);
    const body = {
      version: 1 as const,
      startFrame: part.start,
      frames: part.end - part.start,
      graph: portable.graph,
      files: await describeRefs(portable.refs, blobs),
      encoder: plan.encoder,
      quality: opts.project.settings.quality,
      speed: opts.project.settings.speed,
      fps: plan.format.fps,
    };
    specs.push(chunkSpecSchema.parse({ ...body, farmJob: opts.farmJob, id: chunkId(body), index, count: ranges.length }));
  }
  log(`farm: ${specs.length} chunk${specs.length === 1 ? '' : 's'} (${specs.map((s) => s.frames).join('+')} frames), ${blobs.size} files to serve; planned in ${((planned - t0) / 1000).toFixed(1)} s, described in ${secs(planned)}`);

  const partial = partialPath(output, '.mp4');
  try {
    // the sound, once, full length, while the workers render
    const audioFile = join(workDir, 'audio.m4a');
    const audioScript = join(planDir, 'audio-graph.txt');
    writeFileSync(audioScript, plan.audioGraph);
    const audioStart = performance.now();
    const audio = runFfmpeg(tools.ffmpeg.path, plan.audioArgs(audioScript, audioFile), { signal: opts.signal, tag: opts.tag, log: opts.log, background: opts.background })
      .then(() => log(`farm: the sound encoded in ${secs(audioStart)}`));
    audio.catch(() => undefined);
    const dispatched = performance.now();

    opts.onProgress?.({ stage: 'render', ratio: 0.03 });
    const expect = { width: plan.format.width, height: plan.format.height, codec: profile.codec === 'hevc' ? 'hevc' : 'h264' };
    const done = await dispatchChunks({
      farm: opts.farm,
      farmJob: opts.farmJob,
      workDir,
      advertiseHost: opts.advertiseHost,
      queue: chunkQueue(plan.encoder),
      able: (w) => w.encoders.includes(plan.encoder),
      needs: plan.encoder,
      specs,
      blobs,
      jobData: (s) => ({ farmJob: opts.farmJob, chunk: s.id, index: s.index, count: s.count, encoder: s.encoder }),
      verify: (spec, file) => verifyChunk(tools.ffprobe.path, spec, expect, file),
      attempts: opts.attempts,
      pollMs: opts.pollMs,
      signal: opts.signal,
      log,
      onProgress: (r) => opts.onProgress?.({ stage: 'render', ratio: 0.03 + 0.92 * r }),
    });
    log(`farm: all ${specs.length} chunks here after ${secs(dispatched)}`);
    const waited = performance.now();
    await audio;
    if (performance.now() - waited > 100) log(`farm: waited ${secs(waited)} for the sound`);
    const joinStart = performance.now();

    // joined by stream copy, then the sound added: nothing is encoded again
    const list = join(workDir, 'chunks.txt');
    writeFileSync(list, specs.map((s) => `file '${done.files.get(s.id)!.replace(/'/g, "'\\''")}'\n`).join(''));
    await runFfmpeg(tools.ffmpeg.path, [
      '-hide_banner', '-nostdin', '-y', '-v', 'error',
      '-f', 'concat', '-safe', '0', '-i', list, '-i', audioFile,
      '-map', '0:v:0', '-map', '1:a:0', '-c', 'copy',
      '-movflags', '+faststart', '-metadata', `title=${opts.project.title}`,
      partial,
    ], { signal: opts.signal, tag: opts.tag, log: opts.log });
    renameSync(partial, output);
    log(`farm: joined in ${secs(joinStart)}; ${secs(t0)} in all`);
    opts.onProgress?.({ stage: 'render', ratio: 1 });
    return {
      output,
      durationSeconds: plan.format.duration,
      frames: plan.format.frames,
      encoder: plan.encoder,
      chunks: specs.map((s) => ({ index: s.index, id: s.id, frames: s.frames, worker: done.workers.get(s.id), reused: done.reused.has(s.id) })),
    };
  } finally {
    rmSync(partial, { force: true });
  }
}
