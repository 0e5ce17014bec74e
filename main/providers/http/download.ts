import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { CancelledError, StudioError } from '../../../preload/contract/errors';
import { RetryableError, withRetries } from '../../net/retrying';
import { breakerFor } from '../../net/circuit-breaker';
import { redact, rememberHeaderSecrets, safeUrl } from '../redact';
import type { CallOptions } from './provider-http';

export interface DownloadOptions extends CallOptions {
  /** refuse anything larger (the stated size is checked before a byte is written) */
  maxBytes: number;
  headers?: Record<string, string>;
  /** provider name for messages */
  provider: string;
  onProgress?: (bytes: number, total?: number) => void;
}

/**
 * Downloads into `dest` through `dest.part`: an interrupted download (a dropped connection, a
 * crash, a cancel) resumes where it stopped with a Range request, and the file appears under its
 * name only when complete. A finished file already at `dest` is kept, never fetched again.
 */
export async function downloadResumable(url: string, dest: string, opts: DownloadOptions): Promise<{ path: string; bytes: number; resumed: boolean }> {
  if (existsSync(dest)) return { path: dest, bytes: statSync(dest).size, resumed: false };
  const part = `${dest}.part`;
  rememberHeaderSecrets(opts.headers);
  let resumed = false;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const bytes = await withRetries(
    async () => {
      const have = existsSync(part) ? statSync(part).size : 0;
      const controller = new AbortController();
      const onAbort = () => controller.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs);
      };
      arm();
      try {
        const res = await fetch(url, { headers: { ...opts.headers, ...(have ? { range: `bytes=${have}-` } : {}) }, signal: controller.signal });
        if (res.status === 429 || res.status >= 500) throw new RetryableError(`HTTP ${res.status}`, res.headers.get('retry-after'));
        if (res.status === 416 && have) {
          // the partial file is already whole (a crash between the last byte and the rename)
          await res.body?.cancel();
          return have;
        }
        if (!res.ok) throw new StudioError('PROVIDER_FAILED', `${opts.provider}: downloading ${safeUrl(url)} failed: HTTP ${res.status}`, { status: res.status });
        const append = res.status === 206 && have > 0;
        if (append) resumed = true;
        const start = append ? have : 0;
        const total = totalSize(res, start);
        if (total !== undefined && total > opts.maxBytes) {
          await res.body?.cancel();
          rmSync(part, { force: true });
          throw new StudioError('PROVIDER_FAILED', `${opts.provider}: ${safeUrl(url)} is ${mb(total)}, over the ${mb(opts.maxBytes)} limit for one download`, { bytes: total });
        }
        const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
        let written = start;
        try {
          for await (const c of res.body as unknown as AsyncIterable<Uint8Array>) {
            arm();
            written += c.length;
            if (written > opts.maxBytes) {
              controller.abort();
              throw new StudioError('PROVIDER_FAILED', `${opts.provider}: ${safeUrl(url)} grew past the ${mb(opts.maxBytes)} limit for one download`);
            }
            if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
            opts.onProgress?.(written, total);
          }
        } finally {
          out.end();
          await finished(out).catch(() => undefined);
        }
        if (total !== undefined && written < total) throw new RetryableError(`the connection dropped at ${written} of ${total} bytes`);
        return written;
      } catch (err) {
        if (opts.signal?.aborted) throw new CancelledError();
        if (err instanceof StudioError) {
          if (/limit for one download/.test(err.message)) rmSync(part, { force: true });
          throw err;
        }
        if (err instanceof RetryableError) throw err;
        if (timedOut) throw new RetryableError(`no data for ${timeoutMs} ms`);
        throw new RetryableError(`the connection failed: ${redact((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message)}`);
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
      }
    },
    {
      signal: opts.signal,
      maxRetries: opts.maxRetries ?? 5,
      backoff: opts.backoff,
      breaker: opts.breaker ?? breakerFor(`download:${new URL(url).host}`, { failureThreshold: 8, cooldownMs: 30_000, code: 'PROVIDER_FAILED' }),
      label: `${opts.provider} download of ${safeUrl(url)}`,
      what: `${opts.provider} download`,
      failCode: 'PROVIDER_FAILED',
      log: opts.log && ((l) => opts.log!(redact(l))),
    },
  );
  renameSync(part, dest);
  return { path: dest, bytes, resumed };
}

function totalSize(res: Response, start: number): number | undefined {
  const range = res.headers.get('content-range');
  const m = range && /\/(\d+)\s*$/.exec(range);
  if (m) return Number(m[1]);
  const len = res.headers.get('content-length');
  return len ? start + Number(len) : undefined;
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
