import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const sha256Of = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export interface ModelServer {
  url: string;
  /** every request: its Range header and the status answered */
  log: Array<{ range?: string; status: number }>;
  /** the next answer sends the file up to this byte, in a few paced chunks, then waits for release() */
  holdAt(byte: number): void;
  /** lets a held answer send the rest */
  release(): void;
  close(): Promise<void>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A loopback file server standing in for the model's host: HTTP Range (206 from an offset), a
 * content-length, the file sent in paced chunks (so a download has a measurable speed) and, when
 * asked, held half-way until the test lets it go (so pause and cancel meet a running download).
 */
export async function startModelServer(body: Buffer, opts: { chunks?: number; gapMs?: number } = {}): Promise<ModelServer> {
  const log: ModelServer['log'] = [];
  let hold: number | undefined;
  let release: (() => void) | undefined;
  let released = new Promise<void>((r) => (release = r));
  const server = createServer(async (req, res) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const from = range ? Number(range[1]) : 0;
    const status = range ? 206 : 200;
    log.push({ range: req.headers.range, status });
    res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': body.length - from, ...(range ? { 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    const stopAt = hold !== undefined && hold > from ? hold : body.length;
    hold = undefined;
    const chunks = opts.chunks ?? 6;
    const step = Math.max(1, Math.ceil((stopAt - from) / chunks));
    let closed = false;
    res.on('close', () => (closed = true));
    for (let at = from; at < stopAt && !closed; at += step) {
      res.write(body.subarray(at, Math.min(stopAt, at + step)));
      await pause(opts.gapMs ?? 80);
    }
    if (stopAt < body.length) await Promise.race([released, new Promise((r) => res.on('close', r))]);
    if (!closed) res.end(body.subarray(stopAt));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kokoro/model.onnx`,
    log,
    holdAt: (byte) => {
      hold = byte;
      released = new Promise<void>((r) => (release = r));
    },
    release: () => release?.(),
    close: () => {
      release?.();
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
