import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { readGrowing } from '../../media/growing-file';
import { contentType } from './media-access';

/** Serves one file, honouring a single `Range: bytes=` request (players seek with them). */
export function sendFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return void res.writeHead(404).end('not found');
  }
  // a file removed or unreadable between the check and the read ends this response, not the server
  const stream = (opts?: { start: number; end: number }) => createReadStream(file, opts).on('error', () => res.destroy()).pipe(res);
  const base = { 'content-type': contentType(file), 'accept-ranges': 'bytes', 'cache-control': 'no-store', ...headers };
  // <video> seeks with Range requests; without them Chromium cannot scrub a preview.
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && size > 0) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(206, { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) });
    if (req.method === 'HEAD') res.end();
    else stream({ start, end });
    return;
  }
  res.writeHead(200, { ...base, 'content-length': String(size) });
  if (req.method === 'HEAD') res.end();
  else stream();
}

/**
 * Serves a file still being written (a streamed preview) from its start, following the writer
 * until the file is whole: no length, no ranges (what is not written yet cannot be sought). The
 * reading stops when the client goes away; a failed writer ends the response abruptly, so the
 * player sees an error, not a short video.
 */
export function sendGrowingFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': contentType(file), 'cache-control': 'no-store', ...headers });
  if (req.method === 'HEAD') return void res.end();
  const gone = new AbortController();
  const body = Readable.from(readGrowing(file, gone.signal)).on('error', () => res.destroy());
  res.on('close', () => {
    gone.abort();
    body.destroy();
  });
  body.pipe(res);
}
