import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import { CoordinatorServer, resultPath, type FarmChunk } from './coordinator-server';
import { CANCEL_CHANNEL, chunkJobId, farmJobKey, type ChunkJobData } from './farm-keys';
import { isLoopback, redisOptions, type FarmUrl } from './farm-url';
import { listWorkers, type WorkerAdvert } from './worker-advert';

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

export interface DispatchOptions<S extends FarmChunk> {
  farm: FarmUrl;
  /** the job's id in the coordinator's SQLite queue (or a stable id kept in `workDir`): chunk jobs in Redis are named after it */
  farmJob: string;
  /** kept across a coordinator restart: the token, and the verified chunks under chunks/ */
  workDir: string;
  advertiseHost?: string;
  /** the BullMQ queue the chunks go on: routing by capability (an encoder, an ONNX Runtime provider) */
  queue: string;
  /** what a worker must have to take them, for the log line naming who can */
  able(worker: WorkerAdvert): boolean;
  /** what the workers need, in words ("libx264", "ONNX Runtime cpu and libx264") */
  needs: string;
  specs: S[];
  /** content hash → the file on this machine, served to workers by hash only */
  blobs: Map<string, string>;
  /** what the chunk's job carries in Redis (ids only) */
  jobData(spec: S): ChunkJobData;
  /** checks an uploaded result before it is kept; throws to refuse it */
  verify(spec: S, file: string): Promise<void>;
  attempts?: number;
  /** how often the coordinator looks at its chunks (ms) */
  pollMs?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** the chunks' share done, 0..1 (finished chunks and the running ones' progress) */
  onProgress?(ratio: number): void;
}

export interface DispatchResult {
  /** chunk id → its verified file on this machine */
  files: Map<string, string>;
  /** chunk id → the worker whose upload was kept */
  workers: Map<string, string>;
  /** chunks already here from an earlier run of the same job */
  reused: Set<string>;
}

/**
 * Hands chunks to the farm and waits for all of them: serves their descriptions and files over
 * HTTP with the job's token (named in Redis with this machine's address), puts one BullMQ job per
 * chunk on the queue (ids deterministic, so a chunk is one job however often it is added), keeps
 * the first verified upload of each, and puts back a chunk Redis lost. On cancel, waiting chunks
 * are removed and running ones stopped on their workers (told over pub/sub). Afterwards the job's
 * key in Redis and its door are gone, so a late worker learns that the job is over.
 */
export async function dispatchChunks<S extends FarmChunk>(opts: DispatchOptions<S>): Promise<DispatchResult> {
  const log = opts.log ?? (() => undefined);
  const resultsDir = join(opts.workDir, 'chunks');
  // the token outlives a coordinator restart, so workers mid-chunk keep working for the resumed job
  const tokenFile = join(opts.workDir, 'farm-token');
  const token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : randomBytes(32).toString('base64url');
  writeFileSync(tokenFile, token, { mode: 0o600 });

  const server = new CoordinatorServer();
  const connection = redisOptions(opts.farm);
  const queue = new Queue<ChunkJobData>(opts.queue, { connection });
  const redis = new Redis(connection);
  const workers = new Map<string, string>();
  const { specs } = opts;
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
      blobs: opts.blobs,
      specs: new Map(specs.map((s) => [s.id, s])),
      resultsDir,
      verify: (spec, file) => opts.verify(spec as S, file),
      onResult: (spec, worker) => {
        workers.set(spec.id, worker);
        log(`farm: chunk ${spec.index + 1}/${spec.count} received from ${worker}`);
      },
    });
    await redis.hset(farmJobKey(opts.farmJob), { url, token });
    log(`farm: serving chunks at ${url} through ${opts.farm.display}`);

    const reused = new Set(specs.filter((s) => existsSync(resultPath({ resultsDir }, s.id))).map((s) => s.id));
    if (reused.size) log(`farm: ${reused.size} chunk${reused.size === 1 ? '' : 's'} already here from an earlier run`);
    const add = (s: S) =>
      queue.add('chunk', opts.jobData(s), {
        jobId: chunkJobId(opts.farmJob, s.id),
        attempts: opts.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600 },
      });
    for (const s of specs) if (!reused.has(s.id)) await add(s);

    const able = (await listWorkers(redis)).filter(opts.able);
    log(able.length ? `farm: ${able.length} worker${able.length === 1 ? '' : 's'} with ${opts.needs}: ${able.map((w) => w.name).join(', ')}` : `farm: no worker with ${opts.needs} is up yet; its chunks wait for one`);
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
          if (!existsSync(resultPath({ resultsDir }, s.id))) await add(s);
          continue;
        }
        const state = await job.getState();
        if (state === 'failed') throw new StudioError('FFMPEG_FAILED', `chunk ${s.index + 1}/${s.count} failed on the farm after ${job.attemptsMade} tries: ${job.failedReason}`);
        if (typeof job.progress === 'number') partialWork += Math.min(1, Math.max(0, job.progress));
      }
      opts.onProgress?.((done + partialWork) / specs.length);
      if (done === specs.length) break;
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
    return { files: new Map(specs.map((s) => [s.id, resultPath({ resultsDir }, s.id)])), workers, reused };
  } catch (err) {
    if (cancelled || opts.signal?.aborted) await cancelOnFarm(queue, redis, opts.farmJob, specs).catch(() => undefined);
    throw cancelled || opts.signal?.aborted ? new CancelledError() : err;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    server.forget(opts.farmJob);
    await server.close();
    await redis.del(farmJobKey(opts.farmJob)).catch(() => undefined);
    redis.disconnect();
    await queue.close();
  }
}

/** Cancel: waiting chunks are removed, running ones stopped by their workers (told over pub/sub). */
async function cancelOnFarm(queue: Queue<ChunkJobData>, redis: Redis, farmJob: string, specs: FarmChunk[]): Promise<void> {
  await redis.publish(CANCEL_CHANNEL, farmJob);
  for (const s of specs) await queue.remove(chunkJobId(farmJob, s.id)).catch(() => undefined);
  await redis.del(farmJobKey(farmJob));
}
