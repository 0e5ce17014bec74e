import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { CancelledError } from '../../preload/contract/errors';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { locateTools } from '../config/runtime-config';
import { refuseOutputOverInput } from '../files/output-guard';
import { mediaRefs } from '../project/load-project';
import { buildPlan, type RenderOptions, type RenderProgress } from './render-project';
import { firstFragmentEnd } from './fragments';

export interface StreamRender {
  /** resolves once the first fragment is on disk (a player can start), with the stream's length */
  ready: Promise<{ durationSeconds: number }>;
  /** resolves when the whole stream is written; rejects on failure or cancel */
  done: Promise<{ durationSeconds: number }>;
}

const POLL_MS = 30;

/**
 * Renders a project as a fragmented MP4 that can be played while it is written: the same plan an
 * export runs (one renderer), muxed in half-second fragments instead of a file indexed at its
 * end. `from` seconds are dropped at the start. The output is written in place (a player reads
 * it as it grows); the caller owns it and removes it when the stream is no longer wanted.
 */
export function renderStream(opts: RenderOptions & { from?: number; onProgress?: (p: RenderProgress) => void }): StreamRender {
  const output = resolve(opts.output);
  let readyResolve!: (v: { durationSeconds: number }) => void;
  let readyReject!: (e: unknown) => void;
  const ready = new Promise<{ durationSeconds: number }>((res, rej) => {
    readyResolve = res;
    readyReject = rej;
  });
  ready.catch(() => undefined); // a caller that only awaits `done` is told there

  const done = (async () => {
    let finished = false;
    let workDir: string | undefined;
    try {
      refuseOutputOverInput(output, mediaRefs(opts.project).map((r) => ({ file: r.file, what: `the project's media ${r.path}` })));
      workDir = mkdtempSync(join(tmpdir(), 'reelforge-stream-'));
      mkdirSync(dirname(output), { recursive: true });
      const tools = opts.tools ?? locateTools(opts.config);
      // the sound measured as an export measures it; stills and designed pictures fitted in the graph (no passes before the first frame)
      const plan = await buildPlan({ ...opts, tools, workDir, measureLoudness: true, prefit: false });
      const graphScript = join(workDir, 'graph.txt');
      writeFileSync(graphScript, plan.filterGraph);
      const from = Math.max(0, Math.min(opts.from ?? 0, plan.format.duration - 1 / plan.format.fps));
      const durationSeconds = plan.format.duration - from;
      const running = runFfmpeg(tools.ffmpeg.path, plan.args(graphScript, output, { kind: 'fragmented', from }), {
        signal: opts.signal,
        tag: opts.tag,
        log: opts.log,
        totalSeconds: durationSeconds,
        background: opts.background,
        onProgress: (p) => opts.onProgress?.({ stage: 'render', ratio: p.ratio ?? 0, eta: p.eta, fps: p.fps, frame: p.frame }),
      });
      running.then(() => (finished = true), () => (finished = true));
      // the first fragment, or the end of a stream shorter than one
      const head = Buffer.alloc(HEAD_BYTES);
      void (async () => {
        while (!finished && !opts.signal?.aborted) {
          if (await hasFirstFragment(output, head)) return readyResolve({ durationSeconds });
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      })();
      await running;
      readyResolve({ durationSeconds });
      return { durationSeconds };
    } catch (err) {
      readyReject(opts.signal?.aborted ? new CancelledError() : err);
      throw err;
    } finally {
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }
  })();
  return { ready, done };
}

/** the header and a half-second fragment of a preview fit in a few hundred kB */
const HEAD_BYTES = 4 * 1024 * 1024;

async function hasFirstFragment(file: string, buf: Buffer): Promise<boolean> {
  try {
    const f = await open(file, 'r');
    try {
      const { bytesRead } = await f.read(buf, 0, buf.length, 0);
      return firstFragmentEnd(buf.subarray(0, bytesRead)) !== undefined;
    } finally {
      await f.close();
    }
  } catch {
    return false; // not created yet
  }
}
