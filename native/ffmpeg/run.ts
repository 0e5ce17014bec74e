import { StudioError } from '../../preload/contract/errors';
import { runProcess, ProcessExitError, ProcessStartError } from '../run-process';
import { ProgressParser, type FfmpegProgress } from './progress';

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
  /** run at below-normal priority (a queued render), so the studio stays smooth meanwhile */
  background?: boolean;
  /** written to stdin (a filter graph read from `pipe:0`); a promise: FFmpeg starts now and waits for it */
  input?: string | Promise<string>;
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
 * FFmpeg 5 exits 0 when writing the trailer or closing the output fails (a full disk while muxing
 * with `-c copy`), leaving a truncated file: these lines on stderr mean the output is not whole.
 */
export function outputWriteFailure(stderr: string): string | undefined {
  return /^.*(?:Error writing trailer|Error closing file|No space left on device).*$/m.exec(stderr)?.[0].trim();
}

/**
 * Runs FFmpeg (or ffprobe) to completion. Progress is read from `-progress pipe:1` when the args
 * ask for it; stdout is otherwise collected. Cancelling rejects with CancelledError (see
 * runProcess); a failed run rejects with FfmpegError carrying the stderr tail and command line.
 */
export async function runFfmpeg(binary: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const parser = args.includes('-progress') ? new ProgressParser(opts.totalSeconds) : undefined;
  try {
    const { commandLine, stdout, stderrTail } = await runProcess(binary, args, {
      signal: opts.signal,
      tag: opts.tag,
      stderrTailChars: opts.stderrTailChars,
      log: opts.log,
      background: opts.background,
      input: opts.input,
      onStdout: parser && ((chunk) => parser.push(chunk).forEach((p) => opts.onProgress?.(p))),
    });
    const lost = outputWriteFailure(stderrTail);
    if (lost) throw new FfmpegError(`${binary.split(/[\\/]/).pop()} could not finish writing its output (${lost})`, commandLine, stderrTail, 0);
    return { commandLine, stdout, stderrTail };
  } catch (err) {
    if (err instanceof ProcessStartError) {
      throw new StudioError(err.errno === 'ENOENT' ? 'FFMPEG_MISSING' : 'FFMPEG_FAILED', err.message, { commandLine: err.commandLine });
    }
    if (err instanceof ProcessExitError) {
      throw new FfmpegError(`${binary.split(/[\\/]/).pop()} ${err.message}`, err.commandLine, err.stderrTail, err.exitCode);
    }
    throw err;
  }
}
