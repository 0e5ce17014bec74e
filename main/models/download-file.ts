import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';

export interface DownloadProgress {
  received: number;
  /** bytes in the whole file, when the server says */
  total?: number;
  /** true when this run continued an earlier partial download */
  resumed: boolean;
}

export interface DownloadOptions {
  sha256: string;
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/**
 * Downloads `url` to `dest`: into `dest.part` first, continuing where an earlier attempt stopped
 * (an HTTP Range request; a server that ignores it starts the file again), checking the SHA-256 of
 * the whole file, and renaming it into place only when it matches — so `dest` is either absent or
 * complete and right. A mismatching file is deleted, never kept.
 */
export async function downloadFile(url: string, dest: string, opts: DownloadOptions): Promise<void> {
  const part = `${dest}.part`;
  mkdirSync(dirname(dest), { recursive: true });
  const have = existsSync(part) ? statSync(part).size : 0;
  const res = await (opts.fetch ?? fetch)(url, { signal: opts.signal, headers: have ? { Range: `bytes=${have}-` } : {} });
  if (res.status === 416 && have) {
    // the part is already whole (or longer than the file): check it as it is
  } else if (!res.ok || !res.body) {
    throw new StudioError('NOT_FOUND', `download failed: ${url} answered ${res.status} ${res.statusText}`);
  }
  const resumed = res.status === 206 && have > 0;
  const hash = createHash('sha256');
  if (resumed) for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  else if (res.status !== 416) rmSync(part, { force: true });
  if (res.status !== 416) {
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? (resumed ? have : 0) + length : undefined;
    let received = resumed ? have : 0;
    opts.onProgress?.({ received, total, resumed });
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        received += chunk.length;
        opts.onProgress?.({ received, total, resumed });
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
    await pipeline(body, count, createWriteStream(part, { flags: resumed ? 'a' : 'w' }), { signal: opts.signal });
  } else {
    for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
  }
  const got = hash.digest('hex');
  if (got !== opts.sha256.toLowerCase()) {
    rmSync(part, { force: true });
    throw new InvalidInputError(`checksum mismatch for ${url}: expected sha256 ${opts.sha256}, got ${got}; the partial file was deleted`);
  }
  renameSync(part, dest);
}
