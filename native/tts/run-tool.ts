import { StudioError } from '../../preload/contract/errors';
import { runProcess, ProcessExitError, ProcessStartError } from '../run-process';

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
 * Runs a TTS program (espeak-ng, say, PowerShell, our espeak-ng events helper) to completion,
 * through the same registry-aware runner as FFmpeg; it feeds stdin and keeps the whole stdout,
 * which carries the engine's timing data.
 */
export async function runTool(binary: string, args: readonly string[], opts: ToolOptions): Promise<ToolResult> {
  try {
    const { stdout, stderrTail } = await runProcess(binary, args, { signal: opts.signal, tag: opts.tag, input: opts.input ?? '' });
    return { stdout, stderr: stderrTail };
  } catch (err) {
    if (err instanceof ProcessStartError) {
      const code = err.errno === 'ENOENT' ? 'TTS_UNAVAILABLE' : 'TTS_FAILED';
      throw new StudioError(code, `could not start ${opts.label} (${binary}): ${err.message}`, { commandLine: err.commandLine });
    }
    if (err instanceof ProcessExitError) {
      const last = err.stderrTail.trim().split('\n').slice(-3).join(' | ');
      throw new StudioError('TTS_FAILED', `${opts.label} ${err.message}: ${last}`, { commandLine: err.commandLine, stderr: err.stderrTail, exitCode: err.exitCode });
    }
    throw err;
  }
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
