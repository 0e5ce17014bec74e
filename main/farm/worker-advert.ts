import { statfsSync } from 'node:fs';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { WORKER_PREFIX, workerKey } from './farm-keys';
import { redisOptions, type FarmUrl } from './farm-url';

/** What a worker tells the farm about itself, renewed every few seconds (a heartbeat). */
export interface WorkerAdvert {
  name: string;
  host: string;
  /** video encoders this machine really encoded with (the capability check), hardware or not */
  encoders: string[];
  /** ONNX Runtime execution providers that ran a kernel here */
  providers: string[];
  freeDiskBytes: number;
  /** BullMQ ids of the work it is doing now */
  current: string[];
  /** the same work as the studio shows it: which chunk of which farm job (a coordinator's job id) */
  work: Array<{ job: string; index: number; count: number }>;
  /** ms since the epoch of the last heartbeat */
  at: number;
}

const HEARTBEAT_MS = 5000;

async function onnxProviders(): Promise<string[]> {
  try {
    const { probeProviders } = await import('../../native/onnx/providers');
    return (await probeProviders()).filter((p) => p.available).map((p) => p.name);
  } catch {
    return [];
  }
}

/** Starts a worker's heartbeat: its advert under its own key, expiring if the worker dies. */
export async function advertise(farm: FarmUrl, name: string, config: RuntimeConfig, home: string, current: () => Array<{ id: string; job: string; index: number; count: number }>): Promise<{ advert: WorkerAdvert; refresh(): void; stop(): Promise<void> }> {
  const caps = await capabilitiesOf(config, locateTools(config));
  const base = {
    name,
    host: hostname(),
    encoders: caps.videoEncoders.filter((e) => e.works).map((e) => e.name),
    providers: await onnxProviders(),
  };
  const redis = new Redis(redisOptions(farm));
  redis.on('error', () => undefined); // the worker's own client says when Redis is away
  const snapshot = (): WorkerAdvert => {
    const fs = statfsSync(home);
    const now = current();
    return { ...base, freeDiskBytes: fs.bavail * fs.bsize, current: now.map((w) => w.id), work: now.map(({ job, index, count }) => ({ job, index, count })), at: Date.now() };
  };
  const beat = async () => {
    await redis.set(workerKey(name), JSON.stringify(snapshot()), 'PX', HEARTBEAT_MS * 3);
  };
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), HEARTBEAT_MS);
  return {
    advert: snapshot(),
    /** a heartbeat now: the work it took or finished shows at once */
    refresh: () => void beat().catch(() => undefined),
    async stop() {
      clearInterval(timer);
      await redis.del(workerKey(name)).catch(() => undefined);
      redis.disconnect();
    },
  };
}

/** The workers whose heartbeat is fresh, as the coordinator (and Settings → Render farm) lists them. */
export async function listWorkers(redis: Pick<Redis, 'scan' | 'mget'>): Promise<WorkerAdvert[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${WORKER_PREFIX}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  if (!keys.length) return [];
  const values = await redis.mget(...keys);
  return values.flatMap((v) => {
    try {
      return v ? [JSON.parse(v) as WorkerAdvert] : [];
    } catch {
      return [];
    }
  });
}
