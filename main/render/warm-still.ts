import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg } from '../../native/ffmpeg/run';

/**
 * The arguments of every still: the graph comes on standard input (`pipe:0`), its picture is the
 * `[still]` label, one frame is written as a PNG. Nothing here depends on the document, so the
 * process can start before the document is known.
 */
export function stillArgs(output: string): string[] {
  return ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-filter_complex_script', 'pipe:0', '-map', '[still]', '-frames:v', '1', '-f', 'image2', '-c:v', 'png', output];
}

/** An FFmpeg that has started and waits for its graph; `run` hands it over and waits for the frame. */
export interface StillProcess {
  ffmpeg: string;
  output: string;
  run(graph: string, signal?: AbortSignal): Promise<void>;
  /** stops it unused */
  discard(): void;
  /** false once it has ended (a spare that failed to start is not handed out) */
  alive(): boolean;
}

/** Starts FFmpeg for one still, writing to a fresh name in `dir`; it reads its graph when `run` gives it. */
export function startStill(ffmpeg: string, dir: string, tag = 'still'): StillProcess {
  mkdirSync(dir, { recursive: true });
  const output = join(dir, `.frame-${randomUUID()}.png`);
  let give: (graph: string) => void = () => undefined;
  const graph = new Promise<string>((resolve) => (give = resolve));
  const stop = new AbortController();
  const done = runFfmpeg(ffmpeg, stillArgs(output), { input: graph, signal: stop.signal, tag });
  let ended = false;
  done.then(
    () => (ended = true),
    () => (ended = true), // seen by `run`; a discarded one's end is nobody's concern
  );
  return {
    ffmpeg,
    output,
    async run(text, signal) {
      if (signal?.aborted) stop.abort();
      signal?.addEventListener('abort', () => stop.abort(), { once: true });
      give(text);
      await done;
    },
    discard: () => stop.abort(),
    alive: () => !ended,
  };
}

/**
 * One FFmpeg kept started for the editor's next frame. Starting FFmpeg (loading it and its
 * libraries) costs ~0.1–0.15 s of CPU before it reads anything: a third to a half of a small frame's
 * whole cost. So after each frame another is started, and it waits, blocked on its standard
 * input, until the next frame's graph is known. One spare at most; it is stopped after a while
 * unused, and the studio's close stops it with every other registered process.
 */
export class WarmStills {
  private spare?: StillProcess;
  private idle?: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly idleMs = 120_000,
  ) {}

  /** the spare when there is one running this FFmpeg (it is then the caller's) */
  take(ffmpeg: string): StillProcess | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (this.idle) clearTimeout(this.idle);
    if (spare && spare.ffmpeg === ffmpeg && spare.alive()) return spare;
    spare?.discard();
    return undefined;
  }

  /** starts the spare for the next frame (once the frame before it is done, so the two don't compete) */
  prepare(ffmpeg: string): void {
    if (this.spare) return;
    this.spare = startStill(ffmpeg, this.dir);
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.close(), this.idleMs);
    this.idle.unref();
  }

  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.spare?.discard();
    this.spare = undefined;
  }
}
