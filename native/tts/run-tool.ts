import { spawn } from 'node:child_process';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import { register, terminate } from '../process-registry';
import { quoteCommand } from '../ffmpeg/quote';

export interface ToolResult {
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  input?: string;
  signal?: AbortSignal;
  tag?: string;
  /** which engine this is, for messages */
  label: string;
}

/**
 * Runs a TTS program (espeak-ng, say, PowerShell, our espeak-ng events helper) to completion.
 * Like runFfmpeg, it registers the child so that cancelling a job or quitting the app kills it,
 * but it feeds stdin and keeps the whole stdout, which carries the engine's timing data.
 */
export function runTool(binary: string, args: readonly string[], opts: ToolOptions): Promise<ToolResult> {
  if (opts.signal?.aborted) return Promise.reject(new CancelledError());
  const commandLine = quoteCommand(binary, args);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const unregister = register({ child, tag: opts.tag ?? '', commandLine });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-4000)));
    child.stdin.on('error', () => undefined); // the tool may exit before reading its input
    child.stdin.end(opts.input ?? '');
    const onAbort = () => {
      cancelled = true;
      void terminate(child);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      reject(new StudioError(missing ? 'TTS_UNAVAILABLE' : 'TTS_FAILED', `could not start ${opts.label} (${binary}): ${err.message}`, { commandLine }));
    });
    child.once('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      unregister();
      if (cancelled) return reject(new CancelledError());
      if (code === 0) return resolve({ stdout, stderr });
      const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
      reject(new StudioError('TTS_FAILED', `${opts.label} ${how}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { commandLine, stderr, exitCode: code }));
    });
  });
}

/** Whether a program can be started at all (on PATH and executable). */
export async function canRun(binary: string, args: readonly string[]): Promise<boolean> {
  try {
    await runTool(binary, args, { label: binary });
    return true;
  } catch {
    return false;
  }
}
