import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface CoordinatorAccess {
  /** the coordinator's base URL and this farm job's token, as learnt from Redis */
  url: string;
  token: string;
  farmJob: string;
  signal?: AbortSignal;
}

/** A coordinator that answered 410: the job is finished or cancelled, so retrying is pointless. */
export class FarmJobGone extends Error {
  override name = 'FarmJobGone';
}

export async function coordinatorFetch(access: CoordinatorAccess, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${access.url}/farm/v1/jobs/${access.farmJob}/${path}`, {
    ...init,
    signal: access.signal,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${access.token}` },
  });
  if (res.status === 410) throw new FarmJobGone(`the coordinator says farm job ${access.farmJob} is finished or cancelled`);
  return res;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The coordinator could not be reached, or went away mid-transfer (it may be restarting): the
 * worker waits for it rather than spending one of the chunk's tries.
 */
export function isUnreachable(err: unknown): boolean {
  for (let e = err as { code?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code && NETWORK_CODES.has(e.code)) return true;
    if (e instanceof TypeError && /^(fetch failed|terminated)$/.test(e.message ?? '')) return true;
  }
  return false;
}

async function hashOf(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(file)) h.update(c as Buffer);
  return h.digest('hex');
}

/**
 * A file the coordinator serves by content hash, in this worker's cache: fetched once, resumed
 * with a Range request where an earlier try stopped, and kept only when its bytes hash as named.
 */
export async function fetchBlob(access: CoordinatorAccess, cacheDir: string, hash: string, ext: string, size: number): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const final = join(cacheDir, `${hash}${ext}`);
  if (existsSync(final)) return final;
  const part = join(cacheDir, `${hash}.part`);
  let have = existsSync(part) ? statSync(part).size : 0;
  if (have > size) {
    rmSync(part);
    have = 0;
  }
  if (have < size) {
    const res = await coordinatorFetch(access, `blobs/${hash}`, { headers: have > 0 ? { range: `bytes=${have}-` } : {} });
    if (res.status !== 200 && res.status !== 206) throw new Error(`fetching ${hash.slice(0, 12)}… from the coordinator: HTTP ${res.status} ${await res.text()}`);
    // a server that ignored the Range sends the whole file: start over
    const append = res.status === 206 && have > 0;
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(part, { flags: append ? 'a' : 'w' }));
  }
  const actual = await hashOf(part);
  if (actual !== hash) {
    rmSync(part, { force: true });
    throw new Error(`the file fetched as ${hash.slice(0, 12)}… hashes to ${actual.slice(0, 12)}…: fetching it again`);
  }
  renameSync(part, final);
  return final;
}
