import { spawn } from 'node:child_process';
import { constants, setPriority } from 'node:os';
import { CancelledError } from '../preload/contract/errors';
import { quoteCommand } from './ffmpeg/quote';
import { register, terminate } from './process-registry';

export interface ProcessOptions {
  signal?: AbortSignal;
  /** groups processes in the registry (a job id), so "cancel job" kills them together */
  tag?: string;
  /**
   * written to stdin, which is then closed; without it stdin is not connected. A promise is
   * written when it settles: the program starts now and waits for what it will read (a warm start).
   */
  input?: string | Promise<string>;
  /** receives stdout as it arrives; stdout is then not collected */
  onStdout?: (chunk: string) => void;
  /** how many characters of stderr to keep */
  stderrTailChars?: number;
  /** receives the quoted command line before the process starts */
  log?: (commandLine: string) => void;
  /** below-normal CPU priority: queued work yields to the app the user is working in */
  background?: boolean;
}

export interface ProcessOutcome {
  commandLine: string;
  stdout: string;
  stderrTail: string;
}

/** The program could not be started (not installed, not executable). */
export class ProcessStartError extends Error {
  override name = 'ProcessStartError';
  constructor(
    readonly commandLine: string,
    readonly errno: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The program ran and failed. */
export class ProcessExitError extends Error {
  override name = 'ProcessExitError';
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | null,
    readonly exitSignal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(exitSignal ? `was killed by ${exitSignal}` : `exited with code ${exitCode}`);
  }
}

/**
 * Runs a native program to completion, registered in the process registry so that cancelling a
 * job or quitting the app kills it. Aborting the signal terminates it (SIGTERM, then SIGKILL after
 * a grace period) and rejects with CancelledError once it has exited. FFmpeg and the TTS engines
 * both run through here; each maps the two failure kinds to its own user-facing errors.
 */
export function runProcess(binary: string, args: readonly string[], opts: ProcessOptions = {}): Promise<ProcessOutcome> {
  const commandLine = quoteCommand(binary, args);
  opts.log?.(commandLine);
  if (opts.signal?.aborted) return Promise.reject(new CancelledError());
  const tailChars = opts.stderrTailChars ?? 4000;
  return new Promise((resolve, reject) => {
    const stdin = opts.input === undefined ? 'ignore' : 'pipe';
    const child = spawn(binary, args, { stdio: [stdin, 'pipe', 'pipe'], windowsHide: true });
    const unregister = register({ child, tag: opts.tag ?? '', commandLine });
    if (opts.background && child.pid) {
      try {
        setPriority(child.pid, constants.priority.PRIORITY_BELOW_NORMAL);
      } catch {
        // not allowed here (some sandboxes): it runs at normal priority, which is only slower for the UI
      }
    }
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (opts.onStdout) opts.onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-tailChars);
    });
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the program may exit before reading its input
      const pipe = child.stdin;
      if (typeof opts.input === 'string') pipe.end(opts.input);
      else void Promise.resolve(opts.input).then((text) => pipe.end(text), () => pipe.end());
    }
    const onAbort = () => {
      cancelled = true;
      void terminate(child);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
    };
    child.once('error', (err) => {
      done();
      reject(new ProcessStartError(commandLine, (err as NodeJS.ErrnoException).code, `could not start ${binary}: ${err.message}`));
    });
    child.once('close', (code, sig) => {
      done();
      if (cancelled) return reject(new CancelledError());
      if (code === 0) return resolve({ commandLine, stdout, stderrTail: stderr });
      reject(new ProcessExitError(commandLine, code, sig, stderr));
    });
  });
}
