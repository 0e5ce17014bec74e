import { readdirSync, readFileSync } from 'node:fs';

/**
 * Peak resident memory of running processes, sampled from /proc/<pid>/status (VmHWM is the
 * kernel's own high-water mark, so sampling only has to catch the process before it exits).
 * Linux only; elsewhere it reports 0.
 */
export class PeakSampler {
  private peaks = new Map<number, number>();
  private timer: NodeJS.Timeout;

  constructor(pids: () => number[], everyMs = 100) {
    this.timer = setInterval(() => {
      for (const pid of pids()) {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) this.peaks.set(pid, Math.max(this.peaks.get(pid) ?? 0, Number(m[1]) * 1024));
        } catch {
          // exited between listing and reading
        }
      }
    }, everyMs);
  }

  /** the largest peak of any one sampled process, bytes */
  stop(): number {
    clearInterval(this.timer);
    return Math.max(0, ...this.peaks.values());
  }
}

export const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Direct and indirect children of a process, from /proc/<pid>/stat (Linux only; elsewhere none). */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // the command name is in parentheses and may hold spaces; the ppid is the 2nd field after it
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(e), ppid);
    } catch {
      // exited while listing
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [pid, ppid] of parentOf) if (ppid === p) {
      out.push(pid);
      queue.push(pid);
    }
  }
  return out;
}

export interface TreePeak {
  /** VmHWM of each process seen, with the first words of its command line */
  processes: { pid: number; command: string; peakBytes: number }[];
  /** the largest sum of VmRSS over the whole tree at one sampling instant */
  simultaneousBytes: number;
}

/**
 * Peak memory of a process and everything it spawns (FFmpeg children included): each process's
 * own high-water mark (VmHWM), and the largest total resident set of the tree seen at one instant.
 */
export class TreeSampler {
  private procs = new Map<number, { command: string; peakBytes: number }>();
  private simultaneous = 0;
  private timer: NodeJS.Timeout;

  constructor(root: number, everyMs = 50) {
    const sample = () => {
      let total = 0;
      for (const pid of [root, ...descendants(root)]) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, 'utf8');
          const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
          total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
          const known = this.procs.get(pid);
          const command = known?.command ?? readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, 3).join(' ');
          this.procs.set(pid, { command, peakBytes: Math.max(known?.peakBytes ?? 0, hwm) });
        } catch {
          // exited between listing and reading
        }
      }
      this.simultaneous = Math.max(this.simultaneous, total);
    };
    sample();
    this.timer = setInterval(sample, everyMs);
  }

  stop(): TreePeak {
    clearInterval(this.timer);
    return {
      processes: [...this.procs].map(([pid, p]) => ({ pid, ...p })),
      simultaneousBytes: this.simultaneous,
    };
  }
}
