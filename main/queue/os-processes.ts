import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every process's command line, read once (recovery of many jobs shares one scan). After a crash,
 * the dead worker's FFmpeg may still be running and writing into the session; recovery kills those
 * whose command line names the session folder. Linux reads /proc; macOS asks `ps`; elsewhere the
 * list is empty (a process killed with its parent's job object on Windows doesn't outlive it).
 */
export function commandLines(): Array<{ pid: number; command: string }> {
  if (process.platform === 'linux') {
    const found: Array<{ pid: number; command: string }> = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
      try {
        found.push({ pid: Number(name), command: readFileSync(`/proc/${name}/cmdline`, 'utf8') });
      } catch {
        // the process ended while we looked
      }
    }
    return found;
  }
  if (process.platform === 'darwin') {
    try {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,command='], { encoding: 'utf8' });
      return out
        .split('\n')
        .map((l) => ({ pid: Number(l.trim().split(/\s+/)[0]), command: l }))
        .filter((p) => p.pid > 0 && p.pid !== process.pid);
    } catch {
      return [];
    }
  }
  return [];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function killHard(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * What tells this process apart from a later one that reuses its PID: its start time (Linux:
 * clock ticks since boot from /proc/<pid>/stat; macOS: `ps -o lstart`). Undefined where unknown.
 */
export function processStartId(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // the command name in parentheses may hold spaces: count fields after its closing paren
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[19]; // field 22 of the whole line
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'darwin') {
    try {
      return execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Alive and still the same process (not a later one with the same PID), as far as this OS can tell. */
export function isSameProcessAlive(pid: number, startId: string | null | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (!startId) return true;
  const now = processStartId(pid);
  return now === undefined || now === startId;
}
