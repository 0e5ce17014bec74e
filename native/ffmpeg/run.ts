import { spawn } from 'node:child_process';
import { StudioError, CancelledError } from '../../preload/contract/errors';
import { register, terminate } from '../process-registry';
import { ProgressParser, type FfmpegProgress } from './progress';
import { quoteCommand } from './quote';

export interface RunOptions {
  signal?: AbortSignal;
  /** expected output duration in seconds, for progress ratio and ETA */
  totalSeconds?: number;
  onProgress?: (p: FfmpegProgress) => void;
  /** receives the quoted command line before the process starts */
  log?: (line: string) => void;
  /** groups processes in the registry (a job id); "cancel job" kills its tag */
  tag?: string;
  /** how many characters of stderr to keep for error messages */
  stderrTailChars?: number;
}

export interface RunResult {
  commandLine: string;
  stderrTail: string;
  stdout: string;
}

export class FfmpegError extends StudioError {
  override name = 'FfmpegError';
  constructor(
    message: string,
    readonly commandLine: string,
    readonly stderrTail: string,
    readonly exitCode: number | null,
  ) {
    super('FFMPEG_FAILED', `${message}\n--- ffmpeg said ---\n${stderrTail.trim()}`, { commandLine, stderrTail, exitCode });
  }
}

/**
 * Runs FFmpeg (or ffprobe) to completion. Progress is read from `-progress pipe:1` when the args
 * ask for it; stdout is otherwise collected. Aborting the signal terminates the process (SIGTERM,
 * then SIGKILL after a grace period) and rejects with CancelledError once it has exited.
 */
export function runFfmpeg(binary: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const commandLine = quoteCommand(binary, args);
  opts.log?.(commandLine);
  if (opts.signal?.aborted) return Promise.reject(new CancelledError());
  const tailChars = opts.stderrTailChars ?? 4000;
  const wantsProgress = args.includes('-progress');

  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const unregister = register({ child, tag: opts.tag ?? '', commandLine });
    const parser = new ProgressParser(opts.totalSeconds);
    let stderr = '';
    let stdout = '';
    let cancelled = false;

    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (wantsProgress) for (const p of parser.push(chunk)) opts.onProgress?.(p);
      else stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-tailChars);
    });

    const onAbort = () => {
      cancelled = true;
      void terminate(child);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FFMPEG_MISSING' : 'FFMPEG_FAILED';
      reject(new StudioError(code, `could not start ${binary}: ${err.message}`, { commandLine }));
    });
    child.once('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      if (cancelled) return reject(new CancelledError());
      if (code === 0) return resolve({ commandLine, stderrTail: stderr, stdout });
      const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      reject(new FfmpegError(`${binary.split(/[\\/]/).pop()} ${how}`, commandLine, stderr, code));
    });
  });
}
