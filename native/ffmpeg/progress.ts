/**
 * Parses FFmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each block closed by
 * `progress=continue` or `progress=end`. Pure and incremental: feed it chunks as they arrive.
 */
export interface FfmpegProgress {
  frame: number;
  fps: number;
  /** media time written so far, seconds */
  time: number;
  /** encoding speed relative to real time (1.5 = 1.5× real time) */
  speed: number;
  /** 0..1 when the expected duration is known */
  ratio?: number;
  /** seconds left, when it can be estimated */
  eta?: number;
  done: boolean;
}

export class ProgressParser {
  private buffer = '';
  private fields = new Map<string, string>();
  private readonly startedAt: number;

  constructor(
    private readonly totalSeconds?: number,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Returns the progress reports completed by this chunk (usually zero or one). */
  push(chunk: string): FfmpegProgress[] {
    this.buffer += chunk;
    const reports: FfmpegProgress[] = [];
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.fields.set(key, value);
      if (key === 'progress') {
        reports.push(this.report(value === 'end'));
        this.fields.clear();
      }
    }
    return reports;
  }

  private report(done: boolean): FfmpegProgress {
    const f = this.fields;
    const num = (k: string) => {
      const v = Number.parseFloat(f.get(k) ?? '');
      return Number.isFinite(v) ? v : 0;
    };
    // out_time_us is the precise one; out_time_ms is (despite its name) also microseconds.
    const micros = f.has('out_time_us') ? num('out_time_us') : num('out_time_ms');
    const time = Math.max(0, micros / 1e6);
    const speed = num('speed'); // "1.23x" parses to 1.23; "N/A" to 0
    const progress: FfmpegProgress = { frame: num('frame'), fps: num('fps'), time, speed, done };
    if (this.totalSeconds && this.totalSeconds > 0) {
      progress.ratio = done ? 1 : Math.min(1, time / this.totalSeconds);
      const elapsed = (this.now() - this.startedAt) / 1000;
      if (done) progress.eta = 0;
      else if (progress.ratio > 0.01 && elapsed > 0) {
        progress.eta = (elapsed / progress.ratio) * (1 - progress.ratio);
      }
    }
    return progress;
  }
}
