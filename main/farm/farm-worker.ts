import { createReadStream, existsSync, linkSync, copyFileSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash, randomBytes } from 'node:crypto';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { isCancelled } from '../../preload/contract/errors';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { locateTools, type RuntimeConfig } from '../config/runtime-config';
import { chunkArgs } from './chunk-args';
import { chunkSpecSchema, sha256File, type ChunkSpec } from './chunk-spec';
import { CANCEL_CHANNEL, chunkQueue, farmJobKey, upscaleQueue, type ChunkJobData } from './farm-keys';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { redisOptions, type FarmUrl } from './farm-url';
import { coordinatorFetch, fetchBlob, FarmJobGone, isUnreachable, type CoordinatorAccess } from './fetch-blob';
import { advertise, type WorkerAdvert } from './worker-advert';
import { localGraph } from './portable-graph';
import { upscaleChunkSpecSchema, type UpscaleChunkSpec } from './upscale-spec';
import type { UpscaleEngine } from '../upscale/engine';
import type { ModelMeta } from '../../preload/contract/upscale';

export interface FarmWorkerOptions {
  farm: FarmUrl;
  /** the worker's own folder: its cache of fetched files (by hash) and its scratch space */
  home: string;
  config: RuntimeConfig;
  log?: (line: string) => void;
  /** how long a chunk's lock lasts without renewal: a worker killed mid-chunk gives it up after this */
  lockSeconds?: number;
  /** the longest a chunk whose coordinator cannot be reached waits before it is tried again (default 30 s) */
  coordinatorRetryMaxSeconds?: number;
  /** a name for logs and the coordinator (default host:pid) */
  name?: string;
}

/** Logs when a Redis client loses its server and when it has it again, not every retry. */
function watchConnection(redis: Redis, display: string, log: (line: string) => void): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    log(`redis: cannot reach ${display} (${err.message}); trying again until it answers`);
  });
  redis.on('ready', () => {
    if (down) log(`redis: ${display} answers again`);
    down = false;
  });
}

/**
 * A farm worker: takes chunk jobs from BullMQ, learns from Redis where the coordinator of each is
 * and the job's token, fetches the chunk's description and files by hash (cached, resumable),
 * renders it with FFmpeg, and uploads the result with its hash. It needs FFmpeg and a folder of
 * its own, nothing else: no shared disk, no project, no provider keys.
 */
export class FarmWorker {
  readonly name: string;
  /** one BullMQ worker per encoder this machine verified (routing by capability) */
  private workers: Array<Worker<ChunkJobData>> = [];
  /** one chunk at a time on this machine: the others' queues are paused meanwhile */
  private busy: Promise<void> = Promise.resolve();
  private sub: Redis | undefined;
  private redis: Redis | undefined;
  private stopAdvert: (() => Promise<void>) | undefined;
  private refreshAdvert: () => void = () => undefined;
  /** BullMQ job id → its chunk, for cancels told over pub/sub and for the heartbeat */
  private readonly running = new Map<string, ChunkJobData>();
  /** BullMQ job id → how many times in a row its coordinator could not be reached */
  private readonly unreachable = new Map<string, number>();
  private readonly cacheDir: string;
  private readonly workRoot: string;
  /** chunks rendered but not yet accepted by their coordinator, by chunk id */
  private readonly renderedDir: string;
  /** the upscaler last used, kept open for the next chunk of the same upscale */
  private engine: { key: string; engine: UpscaleEngine } | undefined;
  /** how long the chunk in hand took to fetch its inputs (for its log line) */
  private fetchMs = 0;

  constructor(private readonly opts: FarmWorkerOptions) {
    this.name = opts.name ?? `${hostname()}:${process.pid}`;
    mkdirSync(opts.home, { recursive: true });
    this.cacheDir = join(opts.home, 'farm', 'cache');
    this.workRoot = join(opts.home, 'farm', 'work');
    this.renderedDir = join(opts.home, 'farm', 'rendered');
  }

  private log(line: string) {
    this.opts.log?.(line);
  }

  async start(): Promise<WorkerAdvert> {
    const connection = redisOptions(this.opts.farm);
    const lock = (this.opts.lockSeconds ?? 30) * 1000;
    this.sub = new Redis(connection);
    this.redis = new Redis(connection);
    // Redis may not be up yet (a worker may start first) or may restart: the clients keep trying; say so once
    watchConnection(this.redis, this.opts.farm.display, (line) => this.log(line));
    this.sub.on('error', () => undefined);
    await this.sub.subscribe(CANCEL_CHANNEL);
    this.sub.on('message', (_channel, farmJob: string) => {
      for (const [jobId, data] of this.running) {
        if (data.farmJob === farmJob && this.workers.some((w) => w.cancelJob(jobId, 'cancelled'))) this.log(`chunk job ${jobId} cancelled by its coordinator`);
      }
    });
    const advert = await advertise(this.opts.farm, this.name, this.opts.config, this.opts.home, () => [...this.running].map(([id, d]) => ({ id, job: d.owner ?? d.farmJob, index: d.index, count: d.count })));
    this.stopAdvert = advert.stop;
    this.refreshAdvert = advert.refresh;
    const encoders = advert.advert.encoders.filter((e) => encoderProfile(e));
    // render chunks by encoder; upscale chunks by ONNX Runtime provider and encoder
    const queues = [...encoders.map(chunkQueue), ...advert.advert.providers.flatMap((p) => encoders.map((e) => upscaleQueue(p, e)))];
    for (const name of queues) {
      const worker: Worker<ChunkJobData> = new Worker<ChunkJobData>(name, (job, token, signal) => this.oneAtATime(worker, job, token, signal), {
        connection,
        concurrency: 1,
        lockDuration: lock,
        stalledInterval: lock,
        maxStalledCount: 3,
      });
      let lastError = '';
      worker.on('error', (err) => {
        if (err.message !== lastError) this.log(`queue ${name}: ${err.message}`);
        lastError = err.message;
      });
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    return advert.advert;
  }

  /** A chunk from one encoder's queue: the other queues stop fetching until it is done. */
  private async oneAtATime(from: Worker<ChunkJobData>, job: Job<ChunkJobData>, token: string | undefined, signal?: AbortSignal) {
    const others = this.workers.filter((w) => w !== from);
    const previous = this.busy;
    let release!: () => void;
    this.busy = new Promise<void>((r) => (release = r));
    await previous;
    await Promise.all(others.map((w) => w.pause(true)));
    try {
      return await this.process(job, token, signal);
    } finally {
      for (const w of others) w.resume();
      release();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await this.engine?.engine.close().catch(() => undefined);
    this.engine = undefined;
    await this.stopAdvert?.();
    this.sub?.disconnect();
    this.redis?.disconnect();
  }

  private async process(job: Job<ChunkJobData>, token: string | undefined, signal?: AbortSignal): Promise<{ worker: string; stored: boolean; sha256: string }> {
    const { farmJob, chunk, index, count } = job.data;
    this.running.set(job.id!, job.data);
    this.refreshAdvert();
    const started = Date.now();
    const work = join(this.workRoot, `${chunk}-${randomBytes(4).toString('hex')}`);
    // kept until the coordinator accepts it: a chunk rendered while its coordinator was away is sent, not rendered again
    const rendered = join(this.renderedDir, `${chunk}.mp4`);
    let access: CoordinatorAccess | undefined;
    try {
      access = await this.coordinatorOf(farmJob, signal);
      let frames: number | undefined;
      let made = '';
      if (!existsSync(rendered)) {
        const res = await coordinatorFetch(access, `chunks/${chunk}`);
        if (!res.ok) throw new Error(`the coordinator answered HTTP ${res.status} for chunk ${chunk}: ${await res.text()}`);
        const body: unknown = await res.json();
        mkdirSync(work, { recursive: true });
        const out = join(work, 'chunk.mp4');
        let last = 0;
        const progress = (ratio: number) => {
          if (Date.now() - last < 500) return;
          last = Date.now();
          void job.updateProgress(ratio).catch(() => undefined);
        };
        const making = Date.now();
        this.fetchMs = 0;
        frames = job.data.kind === 'upscale'
          ? await this.upscaleChunk(access, upscaleChunkSpecSchema.parse(body), out, progress, signal)
          : await this.renderChunk(access, chunkSpecSchema.parse(body), work, out, progress, signal);
        made = `; inputs fetched in ${(this.fetchMs / 1000).toFixed(1)} s, made in ${((Date.now() - making - this.fetchMs) / 1000).toFixed(1)} s`;
        mkdirSync(this.renderedDir, { recursive: true });
        renameSync(out, rendered);
      } else {
        this.log(`chunk ${index + 1}/${count} of ${farmJob}: already rendered here, sending it`);
      }
      const sending = Date.now();
      const sha256 = await sha256File(rendered);
      const up = await coordinatorFetch(access, `chunks/${chunk}`, {
        method: 'PUT',
        headers: { 'x-content-sha256': sha256, 'x-farm-worker': this.name, 'content-length': String(statSync(rendered).size) },
        body: Readable.toWeb(createReadStream(rendered)) as unknown as BodyInit,
        duplex: 'half',
      } as RequestInit);
      if (!up.ok) {
        rmSync(rendered, { force: true });
        throw new Error(`the coordinator refused chunk ${index + 1}/${count}: HTTP ${up.status} ${await up.text()}`);
      }
      const { stored } = (await up.json()) as { stored: boolean };
      rmSync(rendered, { force: true });
      this.unreachable.delete(job.id!);
      this.log(`chunk ${index + 1}/${count} ${job.data.kind === 'upscale' ? 'upscaled' : 'rendered'} in ${((Date.now() - started) / 1000).toFixed(1)} s${frames ? ` (${frames} frames${made}, sent in ${((Date.now() - sending) / 1000).toFixed(1)} s)` : ''}${stored ? '' : ', the coordinator already had it'}`);
      return { worker: this.name, stored, sha256 };
    } catch (err) {
      if (isCancelled(err) || signal?.aborted) {
        this.log(`chunk ${index + 1}/${count} of ${farmJob}: cancelled`);
        throw new UnrecoverableError('cancelled by the coordinator');
      }
      if (err instanceof FarmJobGone) {
        rmSync(rendered, { force: true });
        this.log(`chunk ${index + 1}/${count} of ${farmJob}: ${err.message}; stopped`);
        throw new UnrecoverableError(err.message);
      }
      if (isUnreachable(err) && token && !(await this.redis!.exists(farmJobKey(farmJob)).catch(() => 1))) {
        // its coordinator is gone because the job is over (finished or cancelled), not restarting
        rmSync(rendered, { force: true });
        this.log(`chunk ${index + 1}/${count} of ${farmJob}: its coordinator is gone and Redis no longer names the job (finished or cancelled); stopped`);
        throw new UnrecoverableError('the farm job is finished or cancelled');
      }
      if (isUnreachable(err) && token) {
        // The coordinator may be restarting (it names its new address in Redis when it is back): the
        // chunk goes back to the queue, delayed, without spending one of its tries, and this worker
        // takes other work meanwhile. It is tried again for as long as Redis names the job.
        const n = (this.unreachable.get(job.id!) ?? 0) + 1;
        this.unreachable.set(job.id!, n);
        const delay = Math.min((this.opts.coordinatorRetryMaxSeconds ?? 30) * 1000, 1000 * 2 ** Math.min(n, 10));
        this.log(`chunk ${index + 1}/${count} of ${farmJob}: its coordinator at ${access?.url ?? '?'} cannot be reached (${n} time${n === 1 ? '' : 's'} in a row); back in the queue, tried again in ${Math.round(delay / 1000)} s`);
        await job.moveToDelayed(Date.now() + delay, token);
        throw new DelayedError();
      }
      this.log(`chunk ${index + 1}/${count} failed: ${(err as Error).message.split('\n')[0]}`);
      throw err;
    } finally {
      this.running.delete(job.id!);
      this.refreshAdvert();
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** A render chunk: its part of the render's graph, with this machine's copies of its files. */
  private async renderChunk(access: CoordinatorAccess, spec: ChunkSpec, work: string, out: string, progress: (ratio: number) => void, signal?: AbortSignal): Promise<number> {
    this.log(`chunk ${spec.index + 1}/${spec.count} of ${spec.farmJob}: fetching ${spec.files.length} input${spec.files.length === 1 ? '' : 's'}`);
    const fetching = Date.now();
    const local = await this.materialize(access, spec);
    this.fetchMs = Date.now() - fetching;
    const graphScript = join(work, 'graph.txt');
    writeFileSync(graphScript, localGraph(spec.graph, local));
    const tools = locateTools(this.opts.config);
    await runFfmpeg(tools.ffmpeg.path, chunkArgs(spec, graphScript, out, this.opts.config.vaapiDevice), {
      signal,
      totalSeconds: spec.frames / spec.fps,
      background: true,
      onProgress: (p) => {
        if (p.ratio !== undefined) progress(p.ratio);
      },
    });
    return spec.frames;
  }

  /**
   * An upscale chunk: the source video and the model fetched by hash (each once per worker), the
   * chunk's frames decoded, upscaled and encoded by the same loop a local upscale runs.
   */
  private async upscaleChunk(access: CoordinatorAccess, spec: UpscaleChunkSpec, out: string, progress: (ratio: number) => void, signal?: AbortSignal): Promise<number> {
    this.log(`chunk ${spec.index + 1}/${spec.count} of ${spec.farmJob}: fetching 2 inputs (the source video and the model ${spec.model.name})`);
    const fetching = Date.now();
    const source = await fetchBlob(access, this.cacheDir, spec.source.hash, spec.source.ext, spec.source.size);
    const modelFile = await fetchBlob(access, this.cacheDir, spec.model.hash, '.onnx', spec.model.size);
    this.fetchMs = Date.now() - fetching;
    const encoder = encoderProfile(spec.encoder);
    if (!encoder) throw new UnrecoverableError(`this worker does not know the encoder ${spec.encoder}`);
    const engine = await this.engineFor(spec, modelFile);
    // loaded on first use: a worker whose ONNX Runtime cannot load still renders
    const { upscaleFrames } = await import('../upscale/upscale-frames');
    let frames = 0;
    await upscaleFrames({
      ffmpeg: locateTools(this.opts.config).ffmpeg.path,
      input: source,
      width: spec.source.width,
      height: spec.source.height,
      frameRate: spec.source.frameRate,
      engine,
      encoder,
      quality: spec.quality,
      vaapiDevice: this.opts.config.vaapiDevice,
      startFrame: spec.startFrame,
      endFrame: spec.startFrame + spec.frames,
      chunkFrames: spec.frames,
      chunkFile: () => out,
      onFrame: () => progress(++frames / spec.frames),
      signal,
    });
    if (frames !== spec.frames) throw new Error(`the source gave ${frames} frames from frame ${spec.startFrame}, the chunk has ${spec.frames}`);
    this.log(`chunk ${spec.index + 1}/${spec.count} of ${spec.farmJob}: ${frames} frames upscaled on ${engine.provider}`);
    return frames;
  }

  /** The model on ONNX Runtime, kept open for the next chunk of the same upscale (a session takes seconds to make). */
  private async engineFor(spec: UpscaleChunkSpec, modelFile: string): Promise<UpscaleEngine> {
    const key = JSON.stringify([spec.model.hash, spec.provider, spec.tile, spec.outputScale]);
    if (this.engine?.key === key) return this.engine.engine;
    await this.engine?.engine.close().catch(() => undefined);
    this.engine = undefined;
    const m = spec.model;
    const meta: ModelMeta = {
      name: m.name, scale: m.scale, architecture: m.architecture, macsPerPixel: null, sha256: m.hash, bytes: m.size,
      tilePad: m.tilePad, peakChannelsPerInputPixel: m.peakChannelsPerInputPixel, precision: m.precision,
      source: { kind: 'onnx', from: `the farm (${m.hash.slice(0, 12)}…)` }, importedAt: new Date(0).toISOString(),
    };
    const { openEngine } = await import('../upscale/engine');
    const engine = await openEngine({
      installed: { meta, path: modelFile },
      modelsDir: join(this.opts.home, 'models'),
      provider: spec.provider,
      tile: spec.tile,
      scale: spec.outputScale,
      log: (line) => this.log(line),
    });
    this.engine = { key, engine };
    return engine;
  }

  /** Where a farm job's coordinator is and the job's token, as Redis names them now. */
  private async coordinatorOf(farmJob: string, signal?: AbortSignal): Promise<CoordinatorAccess> {
    const where = await this.redis!.hgetall(farmJobKey(farmJob));
    // (the chunk stops as when the coordinator itself says the job is over: nothing is made or sent)
    if (!where.url || !where.token) throw new FarmJobGone(`farm job ${farmJob} has no coordinator in Redis: it is finished or cancelled`);
    return { url: where.url, token: where.token, farmJob, signal };
  }

  /** The chunk's files in this worker's cache; a folder (fonts) is put together from its files by hash. */
  private async materialize(access: CoordinatorAccess, spec: ChunkSpec): Promise<Map<string, string>> {
    const local = new Map<string, string>();
    for (const f of spec.files) {
      if (f.kind === 'file') {
        local.set(f.ref, await fetchBlob(access, this.cacheDir, f.hash, f.ext, f.size));
        continue;
      }
      const id = createHash('sha256').update(JSON.stringify(f.entries)).digest('hex').slice(0, 32);
      const dir = join(this.opts.home, 'farm', 'dirs', id);
      if (!existsSync(`${dir}.complete`)) {
        mkdirSync(dir, { recursive: true });
        for (const e of f.entries) {
          const cached = await fetchBlob(access, this.cacheDir, e.hash, '', e.size);
          const target = join(dir, e.name);
          rmSync(target, { force: true });
          try {
            linkSync(cached, target);
          } catch {
            copyFileSync(cached, target);
          }
        }
        writeFileSync(`${dir}.complete`, '');
      }
      local.set(f.ref, dir);
    }
    return local;
  }
}
