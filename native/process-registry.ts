import type { ChildProcess } from 'node:child_process';

/**
 * Every native process Reelforge starts (FFmpeg, ffprobe, TTS engines) is registered here, tagged
 * with the job it works for, so that "cancel this job" and "quit: kill everything" are one call
 * each and no process outlives the app.
 */
export interface RegisteredProcess {
  child: ChildProcess;
  tag: string;
  commandLine: string;
}

const running = new Set<RegisteredProcess>();
let exitHookInstalled = false;

/**
 * When this process exits for any reason (a test runner's timeout, an uncaught error, a normal
 * quit that forgot to cancel), its children must not live on: an FFmpeg stuck in a graph would
 * keep a core busy for hours. 'exit' handlers must be synchronous, so this is a plain SIGKILL.
 */
function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });
}

export function register(entry: RegisteredProcess): () => void {
  killAllOnExit();
  running.add(entry);
  return () => running.delete(entry);
}

export function runningProcesses(tag?: string): RegisteredProcess[] {
  return [...running].filter((p) => tag === undefined || p.tag === tag);
}

/**
 * Asks a process to stop (SIGTERM; on Windows, the only option is a hard kill), waits up to
 * `graceMs`, then force-kills it. Resolves when it has exited.
 */
export function terminate(child: ChildProcess, graceMs = 500): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function terminateAll(tag?: string): Promise<void> {
  await Promise.all(runningProcesses(tag).map((p) => terminate(p.child)));
}
