import { isIP } from 'node:net';
import { InvalidInputError } from '../../preload/contract/errors';

/** Where the farm's Redis is, as `--farm redis://[:password@]host:port[/db]` names it. */
export interface FarmUrl {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** the URL with the password masked, for logs and messages */
  display: string;
}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Where a farm URL was given, so a refusal names that place: the command line's option, or the
 * fields of Settings → Render farm (whose password has a field of its own).
 */
export type FarmUrlDoor = 'cli' | 'settings' | 'job';

const doors: Record<FarmUrlDoor, { field: string; addPassword(host: string, port: number): string }> = {
  cli: { field: '--farm', addPassword: (host, port) => `give it as redis://:PASSWORD@${host}:${port}` },
  settings: { field: 'Redis URL', addPassword: () => 'type it in the Password field' },
  job: { field: 'The render farm’s Redis URL (--farm or Settings → Render farm)', addPassword: (host, port) => `give it as redis://:PASSWORD@${host}:${port}` },
};

/**
 * Parses the farm's Redis URL. A Redis without a password is refused unless it is on this
 * machine's loopback: anyone who reaches an open Redis can hand workers jobs and read the tokens
 * that let them fetch a project's media.
 */
export function parseFarmUrl(text: string, opts: { allowOpenRemote?: boolean; door?: FarmUrlDoor } = {}): FarmUrl {
  const door = doors[opts.door ?? 'cli'];
  const refuse = (message: string) => new InvalidInputError(`${door.field}: ${message}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(`not a URL: ${text} (expected redis://[:password@]host:port)`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw refuse(`${url.protocol} is not a Redis URL (expected redis://[:password@]host:port, or rediss:// for TLS)`);
  }
  if (!url.hostname) throw refuse('the URL names no host (expected redis://[:password@]host:port)');
  const port = url.port ? Number(url.port) : 6379;
  const db = url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw refuse(`${url.pathname.slice(1)} is not a Redis database number`);
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!password && !isLoopback(host) && !opts.allowOpenRemote) {
    throw refuse(`the Redis at ${host}:${port} is not on this machine and the URL has no password; set one on the Redis (requirepass) and ${door.addPassword(host, port)}`);
  }
  const display = `${url.protocol}//${password ? `${username ?? ''}:***@` : ''}${url.host}${db ? `/${db}` : ''}`;
  return { host, port, username, password, db, tls: url.protocol === 'rediss:', display };
}

/** The connection options BullMQ's Redis client takes. */
export function redisOptions(farm: FarmUrl) {
  return {
    host: farm.host,
    port: farm.port,
    username: farm.username,
    password: farm.password,
    db: farm.db,
    ...(farm.tls ? { tls: {} } : {}),
    // BullMQ's workers block on Redis; it asks for no per-request retry limit
    maxRetriesPerRequest: null,
  };
}
