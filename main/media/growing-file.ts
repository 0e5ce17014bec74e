import { open } from 'node:fs/promises';

/**
 * Files still being written that a player may read while they grow (the editor's streamed
 * preview). The media doors (the bridge's /media, the app's media protocol) serve such a file as
 * a stream that follows the writer until it says the file is whole, instead of the few bytes
 * that happen to be on disk when the request arrives.
 */
interface Growing {
  finished: boolean;
  failed?: string;
  waiters: Set<() => void>;
  readers: number;
  onAbandoned?: () => void;
}

const growing = new Map<string, Growing>();

/**
 * Marks `path` as being written; the writer calls `finish` (whole) or `fail` (the reader's stream
 * errors). `onAbandoned` runs when the last reader goes away before the file is whole (the page
 * was closed or reloaded): nobody is watching, so the writer may stop.
 */
export function markGrowing(path: string, opts: { onAbandoned?: () => void } = {}): { finish(): void; fail(message: string): void } {
  const g: Growing = { finished: false, waiters: new Set(), readers: 0, onAbandoned: opts.onAbandoned };
  growing.set(path, g);
  const end = (failed?: string) => {
    if (g.finished) return;
    g.finished = true;
    g.failed = failed;
    if (growing.get(path) === g) growing.delete(path);
    for (const w of g.waiters) w();
  };
  return { finish: () => end(), fail: (message) => end(message) };
}

export const isGrowing = (path: string) => growing.has(path);

const POLL_MS = 40;

/**
 * The bytes of a growing file from the start, chunk by chunk as they are written, ending when the
 * writer finishes (or throwing when it fails). `signal` stops reading (the player went away).
 */
export async function* readGrowing(path: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const g = growing.get(path);
  const file = await open(path, 'r');
  if (g) g.readers++;
  try {
    const buf = Buffer.alloc(256 * 1024);
    let pos = 0;
    for (;;) {
      if (signal?.aborted) return;
      const { bytesRead } = await file.read(buf, 0, buf.length, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        yield Buffer.from(buf.subarray(0, bytesRead));
        continue;
      }
      // at the end of what is written: done if the writer is, else wait for more
      if (!g || g.finished) {
        if (g?.failed) throw new Error(g.failed);
        // the writer may have written its last bytes between our read and its finish
        const { bytesRead: tail } = await file.read(buf, 0, buf.length, pos);
        if (tail === 0) return;
        pos += tail;
        yield Buffer.from(buf.subarray(0, tail));
        continue;
      }
      await new Promise<void>((res) => {
        const t = setTimeout(done, POLL_MS);
        function done() {
          clearTimeout(t);
          g!.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          res();
        }
        g!.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
  } finally {
    await file.close();
    if (g && --g.readers === 0 && !g.finished && signal?.aborted) g.onAbandoned?.();
  }
}
