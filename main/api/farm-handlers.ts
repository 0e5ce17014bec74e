import { join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { FarmSettings, FarmSettingsView, FarmStatus, SetFarmRequest } from '../../preload/contract/farm';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { chooseFarm, type RuntimeConfig } from '../config/runtime-config';
import { keyFileStore } from '../providers/secrets/key-file-store';
import type { SecretStore } from '../providers/secrets/secret-store';
import { putSetting } from '../queue/job-store';
import type { Db } from '../store/open-database';
import type { FarmUrlDoor } from '../farm/farm-url';
import { loadSettings, SETTINGS_KEY } from './settings-store';
import type { StudioContext } from './studio-context';

type FarmHandlers = Pick<StudioHandlers, 'getFarm' | 'setFarm' | 'farmStatus'>;

/** where the farm's Redis password is kept (the OS keychain in the app, a key file otherwise) */
const SECRET_ID = 'farm-redis-password';

/** The farm's full URL, password included, for this process's own connections only. */
export function farmUrlWithPassword(farm: FarmSettings, secrets: SecretStore): string | undefined {
  if (!farm.url) return undefined;
  const password = secrets.get(SECRET_ID);
  if (!password) return farm.url;
  const u = new URL(farm.url);
  u.password = encodeURIComponent(password);
  return u.toString().replace(/\/$/, '');
}

/** At start: the studio coordinates the farm its settings name, if exports are to use it. */
export function applyFarmSettings(db: Db, config: RuntimeConfig, secrets: SecretStore): void {
  const farm = loadSettings(db).farm;
  const url = farm.enabled ? farmUrlWithPassword(farm, secrets) : undefined;
  chooseFarm(config, url ? { url } : undefined);
}

function farmView(db: Db, secrets: SecretStore): FarmSettingsView {
  return { ...loadSettings(db).farm, passwordSet: Boolean(secrets.get(SECRET_ID)) };
}

/** The URL as settings keep it: without its password (which goes to the secret store). */
function cleanUrl(url: string): { clean: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidInputError(`Render farm: not a URL: ${url} (expected redis://host:port)`, [{ path: 'url', message: 'expected redis://host:port' }]);
  }
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  return { clean: parsed.toString().replace(/\/$/, ''), password };
}

function refuseFarmChangeFromAgents(req: SetFarmRequest, current: FarmSettings, secrets: SecretStore): void {
  const url = req.url ? cleanUrl(req.url) : { clean: '' };
  const password = url.password ?? req.password;
  const samePassword = password === undefined || (password !== null && password === secrets.get(SECRET_ID));
  if (url.clean !== current.url || !samePassword) {
    throw new InvalidInputError(
      'the render farm’s Redis and its password are set in the desktop app (Settings → Render farm) or with `reelforge serve --farm redis://…`, not over the bridge: whoever holds its token could otherwise send your exports and their media to another Redis',
      [{ path: url.clean !== current.url ? 'url' : 'password', message: 'set in the desktop app or with reelforge serve --farm' }],
    );
  }
}

/**
 * Saves Settings → Render farm from a trusted door (the desktop app, `reelforge serve --farm`):
 * the URL without its password, the password in the secret store; and this studio coordinates it.
 */
export async function saveFarmSettings(db: Db, config: RuntimeConfig, secrets: SecretStore, req: SetFarmRequest, door: FarmUrlDoor = 'settings'): Promise<FarmSettingsView> {
  const { url, password, enabled, chunkSeconds } = req;
  const { parseFarmUrl } = await import('../farm/farm-url');
  let clean = '';
  let typed = password;
  if (url) {
    const given = cleanUrl(url);
    clean = given.clean;
    // a password written in the URL is kept like one typed in its own field
    if (given.password) typed = given.password;
    const pass = typed === null ? undefined : typed ?? secrets.get(SECRET_ID);
    const withPass = new URL(clean);
    if (pass) withPass.password = encodeURIComponent(pass);
    parseFarmUrl(withPass.toString(), { door }); // the same refusals as --farm: an open Redis beyond this machine
  }
  if (typed === null || !url) secrets.delete(SECRET_ID);
  else if (typed) secrets.set(SECRET_ID, typed);
  const farm: FarmSettings = { url: clean, enabled: Boolean(clean) && enabled, chunkSeconds };
  // saved with the other settings (the same record); not through updateSettings, which has no password to keep apart
  putSetting(db, SETTINGS_KEY, { ...loadSettings(db), farm });
  applyFarmSettings(db, config, secrets);
  return farmView(db, secrets);
}

/**
 * Settings → Render farm: the Redis URL (its password kept in the secret store, never sent back),
 * whether this studio's exports render on the farm, and a look at the farm: Redis's version and
 * persistence, and each worker with its capabilities, heartbeat and current work.
 */
export function createFarmHandlers(ctx: StudioContext): FarmHandlers {
  const secrets = ctx.secrets ?? keyFileStore(join(ctx.dirs.home, 'keys'));
  return {
    getFarm: async () => farmView(ctx.db, secrets),
    setFarm: async (req) => {
      // Like the output folders (settings-store's refuseSettingsFromAgents): where the farm is
      // decides where exports and their media go, so whoever holds the bridge's token (the
      // browser page, a script, an agent) may turn the farm on or off and change the chunk length,
      // but not point it at another Redis nor change its password.
      if (ctx.transport !== 'ipc') refuseFarmChangeFromAgents(req, loadSettings(ctx.db).farm, secrets);
      return saveFarmSettings(ctx.db, ctx.config, secrets, req);
    },
    farmStatus: async () => {
      const farm = loadSettings(ctx.db).farm;
      const url = farmUrlWithPassword(farm, secrets);
      if (!url) return { url: '', reachable: false, error: 'no render farm is set', workers: [] };
      return lookAtFarm(url, (id) => {
        try {
          return ctx.queue.get(id).title;
        } catch {
          return undefined;
        }
      });
    },
  };
}

/** One look at the farm's Redis, as `reelforge farm status` takes it. */
export async function lookAtFarm(url: string, titleOf: (job: string) => string | undefined = () => undefined, door: FarmUrlDoor = 'settings'): Promise<FarmStatus> {
  const [{ parseFarmUrl, redisOptions }, { listWorkers }, { Redis }] = await Promise.all([import('../farm/farm-url'), import('../farm/worker-advert'), import('ioredis')]);
  const farm = parseFarmUrl(url, { door });
  const redis = new Redis({ ...redisOptions(farm), maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true, connectTimeout: 5000 });
  redis.on('error', () => undefined);
  try {
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      return { url: farm.display, reachable: false, error: `cannot reach the farm's Redis at ${farm.display}: ${(err as Error).message}`, workers: [] };
    }
    const info = await redis.info('server').catch(() => '');
    const persistence = await redis.info('persistence').catch(() => '');
    const aof = /aof_enabled:1/.test(persistence);
    const workers = await listWorkers(redis);
    return {
      url: farm.display,
      reachable: true,
      redisVersion: /redis_version:(\S+)/.exec(info)?.[1],
      persistence: aof ? 'append-only file on: accepted work survives a Redis restart' : 'append-only file off: work waiting in Redis is lost if Redis restarts (set appendonly yes)',
      workers: workers
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((w) => ({
          name: w.name,
          host: w.host,
          encoders: w.encoders,
          providers: w.providers,
          freeDiskBytes: w.freeDiskBytes,
          heartbeatSecondsAgo: Math.max(0, Math.round((Date.now() - w.at) / 1000)),
          work: (w.work ?? []).map((x) => ({ ...x, ...(titleOf(x.job) ? { title: titleOf(x.job) } : {}) })),
        })),
    };
  } finally {
    redis.disconnect();
  }
}
