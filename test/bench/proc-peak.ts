import { readFileSync } from 'node:fs';

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
