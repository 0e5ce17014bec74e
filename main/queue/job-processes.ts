import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onRegister } from '../../native/process-registry';
import { isSameProcessAlive, killHard, processStartId } from './os-processes';
import { sessionDirs } from './session';

/**
 * A job's native processes (FFmpeg, the voice) are written down in its session as they start —
 * PID and process start time — and crossed off when they end. After a crash, recovery kills
 * exactly what is still on that list and still the same process; never a `tail -f` of the job's
 * log or anything else whose command line merely mentions the session.
 */
const folder = (sessionDir: string) => join(sessionDirs(sessionDir).logs, 'processes');

/** Records the children of the jobs `sessionOf` knows (by process-registry tag = job id). */
export function recordJobProcesses(sessionOf: (tag: string) => string | undefined): () => void {
  return onRegister((entry) => {
    const session = sessionOf(entry.tag);
    const pid = entry.child.pid;
    if (!session || !pid) return;
    const dir = folder(session);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${pid}.json`);
    writeFileSync(file, JSON.stringify({ pid, start: processStartId(pid) ?? null, command: entry.commandLine.slice(0, 500) }));
    return () => rmSync(file, { force: true });
  });
}

/** Kills the processes a dead worker left running for this job; returns how many. */
export function killRecordedProcesses(sessionDir: string): number {
  const dir = folder(sessionDir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let killed = 0;
  for (const name of names) {
    const file = join(dir, name);
    try {
      const { pid, start } = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; start: string | null };
      if (Number.isInteger(pid) && pid > 0 && isSameProcessAlive(pid, start)) {
        killHard(pid);
        killed++;
      }
    } catch {
      // an unreadable record names no process
    }
    rmSync(file, { force: true });
  }
  return killed;
}
