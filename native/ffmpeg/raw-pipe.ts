import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { CancelledError } from '../../preload/contract/errors';
import { register, terminate } from '../process-registry';
import { quoteCommand } from './quote';
import { FfmpegError } from './run';

/**
 * FFmpeg with its stdin and stdout as binary pipes (raw frames in or out), for the cases runFfmpeg
 * does not cover. Registered in the process registry like every other FFmpeg; `done` settles
 * when it exits, with FfmpegError (and the stderr tail) on failure or CancelledError after abort.
 */
export interface PipedFfmpeg {
  stdin: Writable;
  stdout: Readable;
  commandLine: string;
  done: Promise<void>;
  kill(): Promise<void>;
}

export function spawnFfmpegPipe(binary: string, args: readonly string[], opts: { signal?: AbortSignal; tag?: string; log?: (line: string) => void } = {}): PipedFfmpeg {
  const commandLine = quoteCommand(binary, args);
  opts.log?.(commandLine);
  if (opts.signal?.aborted) throw new CancelledError();
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const unregister = register({ child, tag: opts.tag ?? '', commandLine });
  let stderr = '';
  let cancelled = false;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    stderr = (stderr + c).slice(-4000);
  });
  // A consumer that stops early (or an FFmpeg that exits first) must not crash the process with EPIPE.
  child.stdin.on('error', () => undefined);
  const onAbort = () => {
    cancelled = true;
    void terminate(child);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new FfmpegError(`could not start ${binary}: ${err.message}`, commandLine, '', null)));
    child.once('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      if (cancelled) return reject(new CancelledError());
      if (code === 0) return resolve();
      reject(new FfmpegError(`ffmpeg ${sig ? `was killed by ${sig}` : `exited with code ${code}`}`, commandLine, stderr, code));
    });
  });
  done.catch(() => undefined); // observed by whoever awaits it; never an unhandled rejection
  return { stdin: child.stdin, stdout: child.stdout, commandLine, done, kill: () => terminate(child) };
}

/**
 * Yields exactly `frameBytes` at a time. Reading is pulled by the consumer, so a slow consumer
 * pauses the stream and FFmpeg blocks on its full pipe: memory stays at a frame or two.
 */
export async function* readFrames(stream: Readable, frameBytes: number): AsyncGenerator<Uint8Array> {
  let frame = Buffer.allocUnsafe(frameBytes);
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - at);
      chunk.copy(frame, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === frameBytes) {
        yield frame;
        frame = Buffer.allocUnsafe(frameBytes);
        filled = 0;
      }
    }
  }
  if (filled !== 0) throw new Error(`the stream ended inside a frame (${filled} of ${frameBytes} bytes)`);
}

/** Writes with back-pressure: waits for 'drain' when the pipe is full, fails if the reader went away. */
export async function writeWithBackpressure(stream: Writable, data: Uint8Array): Promise<void> {
  if (stream.destroyed || stream.writableEnded) throw new Error('the pipe is closed');
  if (stream.write(data)) return;
  const ac = new AbortController();
  try {
    await Promise.race([
      once(stream, 'drain', { signal: ac.signal }),
      once(stream, 'close', { signal: ac.signal }).then(() => {
        throw new Error('the pipe closed while writing');
      }),
    ]);
  } finally {
    ac.abort();
  }
}

export async function endStream(stream: Writable): Promise<void> {
  if (stream.writableFinished || stream.destroyed) return;
  stream.end();
  await Promise.race([once(stream, 'finish'), once(stream, 'close')]).catch(() => undefined);
}
