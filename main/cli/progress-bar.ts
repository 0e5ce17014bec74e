/**
 * Progress for a terminal (one redrawn bar) or for a log/pipe (a plain line every few percent), so
 * that CI logs and `| tee` stay readable.
 */
export interface ProgressView {
  update(ratio: number, label: string, eta?: number): void;
  done(message: string): void;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function createProgressView(stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }, quiet = false): ProgressView {
  if (quiet) return { update() {}, done() {} };
  if (stream.isTTY) {
    let last = '';
    return {
      update(ratio, label, eta) {
        const pct = Math.floor(ratio * 100);
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 40));
        const filled = Math.round(ratio * width);
        const line = `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${label} ETA ${formatEta(eta)}`;
        if (line !== last) stream.write(line + '\x1b[K');
        last = line;
      },
      done(message) {
        stream.write(`\r\x1b[K${message}\n`);
      },
    };
  }
  let lastStep = -1;
  return {
    update(ratio, label, eta) {
      const step = Math.floor(ratio * 10);
      if (step === lastStep) return;
      lastStep = step;
      stream.write(`progress ${Math.floor(ratio * 100)}% ${label} eta=${formatEta(eta)}\n`);
    },
    done(message) {
      stream.write(`${message}\n`);
    },
  };
}
