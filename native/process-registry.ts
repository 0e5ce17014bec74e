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

type Observer = (entry: RegisteredProcess) => (() => void) | void;
const observers = new Set<Observer>();

/**
 * Watches processes as they are registered (the queue's worker records each job's children in
 * the job's session, so that recovery after a crash kills exactly those and nothing else). The
 * observer may return a function called when the process is unregistered.
 */
export function onRegister(observer: Observer): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

export function register(entry: RegisteredProcess): () => void {
  killAllOnExit();
  running.add(entry);
  const undo: Array<() => void> = [];
  for (const o of observers) {
    try {
      const u = o(entry);
      if (u) undo.push(u);
    } catch {
      // an observer's bookkeeping never stops a process from running
    }
  }
  return () => {
    running.delete(entry);
    for (const u of undo) {
      try {
        u();
      } catch {
        // as above
      }
    }
  };
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
