import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { capabilitiesOf, locateTools } from '../config/runtime-config';
import { refuseOutputOverInput } from '../files/output-guard';
import { partialPath } from '../files/partial-file';
import { mediaRefs } from '../project/load-project';
import { buildPlan, type RenderOptions, type RenderResult } from '../render/render-project';
import { chunkId, chunkSpecSchema, describeRefs, type ChunkSpec } from './chunk-spec';
import { CoordinatorServer, resultPath } from './coordinator-server';
import { CANCEL_CHANNEL, chunkJobId, chunkQueue, farmJobKey, type ChunkJobData } from './farm-keys';
import { isLoopback, redisOptions, type FarmUrl } from './farm-url';
import { portableGraph } from './portable-graph';
import { splitAtCuts } from './split-chunks';
import { verifyChunk } from './verify-chunk';
import { listWorkers } from './worker-advert';

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

/** The address of this machine that the Redis host sees: the one workers can reach it at. */
export async function localAddressTowards(host: string, port: number): Promise<string> {
  if (isLoopback(host)) return '127.0.0.1';
  return new Promise((resolvePromise, reject) => {
    const s = connect({ host, port }, () => {
      const a = s.localAddress ?? '127.0.0.1';
      s.destroy();
      resolvePromise(a.replace(/^::ffff:/, ''));
    });
    s.once('error', reject);
  });
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
  const resultsDir = join(workDir, 'chunks');
  mkdirSync(planDir, { recursive: true });
  mkdirSync(dirname(output), { recursive: true });
  const log = opts.log ?? (() => undefined);
  const tools = opts.tools ?? locateTools(opts.config);
  const caps = opts.capabilities ?? (await capabilitiesOf(opts.config, tools, { signal: opts.signal }));

  const plan = await buildPlan({ ...opts, tools, capabilities: caps, workDir: planDir, measureLoudness: true });
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
  log(`farm: ${specs.length} chunk${specs.length === 1 ? '' : 's'} (${specs.map((s) => s.frames).join('+')} frames), ${blobs.size} files to serve`);

  // the token outlives a coordinator restart, so workers mid-chunk keep working for the resumed job
  const tokenFile = join(workDir, 'farm-token');
  const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : randomBytes(32).toString('base64url');
  writeFileSync(tokenFile, token, { mode: 0o600 });

  const server = new CoordinatorServer();
  const connection = redisOptions(opts.farm);
  const queue = new Queue<ChunkJobData>(chunkQueue(plan.encoder), { connection });
  const redis = new Redis(connection);
  const workers = new Map<string, string>();
  const partial = partialPath(output, '.mp4');
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const host = opts.advertiseHost ?? (await localAddressTowards(opts.farm.host, opts.farm.port));
    const url = await server.start(isLoopback(host) ? '127.0.0.1' : host);
    server.serve(opts.farmJob, {
      token,
      blobs,
      specs: new Map(specs.map((s) => [s.id, s])),
      resultsDir,
      verify: (spec, file) => verifyChunk(tools.ffprobe.path, spec, { width: plan.format.width, height: plan.format.height, codec: profile.codec === 'hevc' ? 'hevc' : 'h264' }, file),
      onResult: (spec, worker) => {
        workers.set(spec.id, worker);
        log(`farm: chunk ${spec.index + 1}/${spec.count} received from ${worker}`);
      },
    });
    await redis.hset(farmJobKey(opts.farmJob), { url, token });
    log(`farm: serving chunks at ${url} through ${opts.farm.display}`);

    const reused = new Set(specs.filter((s) => existsSync(resultPath({ resultsDir }, s.id))).map((s) => s.id));
    if (reused.size) log(`farm: ${reused.size} chunk${reused.size === 1 ? '' : 's'} already here from an earlier run`);
    const add = (s: ChunkSpec) =>
      queue.add('chunk', { farmJob: opts.farmJob, chunk: s.id, index: s.index, count: s.count, encoder: s.encoder }, {
        jobId: chunkJobId(opts.farmJob, s.id),
        attempts: opts.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600 },
      });
    for (const s of specs) if (!reused.has(s.id)) await add(s);

    // the sound, once, full length, while the workers render
    const audioFile = join(workDir, 'audio.m4a');
    const audioScript = join(planDir, 'audio-graph.txt');
    writeFileSync(audioScript, plan.audioGraph);
    const audio = runFfmpeg(tools.ffmpeg.path, plan.audioArgs(audioScript, audioFile), { signal: opts.signal, tag: opts.tag, log: opts.log, background: opts.background });
    audio.catch(() => undefined);

    opts.onProgress?.({ stage: 'render', ratio: 0.03 });
    const able = (await listWorkers(redis)).filter((w) => w.encoders.includes(plan.encoder));
    log(able.length ? `farm: ${able.length} worker${able.length === 1 ? '' : 's'} with ${plan.encoder}: ${able.map((w) => w.name).join(', ')}` : `farm: no worker with ${plan.encoder} is up yet; its chunks wait for one`);
    for (;;) {
      if (cancelled) throw new CancelledError();
      let done = 0;
      let partialWork = 0;
      for (const s of specs) {
        if (existsSync(resultPath({ resultsDir }, s.id))) {
          done++;
          continue;
        }
        const job = await queue.getJob(chunkJobId(opts.farmJob, s.id));
        if (!job) {
          // lost from Redis (a restart without persistence, or removed by hand): put it back
          await add(s);
          continue;
        }
        const state = await job.getState();
        if (state === 'failed') throw new StudioError('FFMPEG_FAILED', `chunk ${s.index + 1}/${s.count} failed on the farm after ${job.attemptsMade} tries: ${job.failedReason}`);
        if (typeof job.progress === 'number') partialWork += Math.min(1, Math.max(0, job.progress));
      }
      opts.onProgress?.({ stage: 'render', ratio: 0.03 + 0.92 * ((done + partialWork) / specs.length) });
      if (done === specs.length) break;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
    await audio;

    // joined by stream copy, then the sound added: nothing is encoded again
    const list = join(workDir, 'chunks.txt');
    writeFileSync(list, specs.map((s) => `file '${resultPath({ resultsDir }, s.id).replace(/'/g, "'\\''")}'\n`).join(''));
    await runFfmpeg(tools.ffmpeg.path, [
      '-hide_banner', '-nostdin', '-y', '-v', 'error',
      '-f', 'concat', '-safe', '0', '-i', list, '-i', audioFile,
      '-map', '0:v:0', '-map', '1:a:0', '-c', 'copy',
      '-movflags', '+faststart', '-metadata', `title=${opts.project.title}`,
      partial,
    ], { signal: opts.signal, tag: opts.tag, log: opts.log });
    renameSync(partial, output);
    opts.onProgress?.({ stage: 'render', ratio: 1 });
    return {
      output,
      durationSeconds: plan.format.duration,
      frames: plan.format.frames,
      encoder: plan.encoder,
      chunks: specs.map((s) => ({ index: s.index, id: s.id, frames: s.frames, worker: workers.get(s.id), reused: reused.has(s.id) })),
    };
  } catch (err) {
    if (cancelled || opts.signal?.aborted) await cancelOnFarm(queue, redis, opts.farmJob, specs).catch(() => undefined);
    throw cancelled || opts.signal?.aborted ? new CancelledError() : err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    rmSync(partial, { force: true });
    server.forget(opts.farmJob);
    await server.close();
    await redis.del(farmJobKey(opts.farmJob)).catch(() => undefined);
    redis.disconnect();
    await queue.close();
  }
}

/** Cancel: waiting chunks are removed, running ones stopped by their workers (told over pub/sub). */
async function cancelOnFarm(queue: Queue<ChunkJobData>, redis: Redis, farmJob: string, specs: ChunkSpec[]): Promise<void> {
  await redis.publish(CANCEL_CHANNEL, farmJob);
  for (const s of specs) await queue.remove(chunkJobId(farmJob, s.id)).catch(() => undefined);
  await redis.del(farmJobKey(farmJob));
}
