import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import { flattenArgs, formatNumber as n } from '../../native/ffmpeg/args';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { probeOnce } from './probe-cache';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { planRender } from './plan';
import { prepareRender } from './prepare';

export interface StillOptions {
  /** the document to draw (media paths absolute), usually one scene of a project at preview size */
  project: ProjectDocument;
  /** seconds into the document; clamped to its last frame */
  at: number;
  /** a .png path; written whole or not at all */
  output: string;
  config: RuntimeConfig;
  signal?: AbortSignal;
  tag?: string;
}

/**
 * One frame of a document, drawn by the same plan an export runs (timeline, scene chains, Ken
 * Burns, libass captions, fonts), without its sound: the graph's picture is cut at `at` and the
 * first frame from there written as a PNG. Nothing here imitates the render; it is the render,
 * stopped after one frame.
 */
export async function renderStill(opts: StillOptions): Promise<{ output: string; at: number; duration: number }> {
  const tools = locateTools(opts.config);
  // one scene has no transition to join: FFmpeg's filter list (a probe on a new machine) is asked only for more
  const hasXfade = opts.project.scenes.length > 1 ? (await capabilitiesOf(opts.config, tools, { signal: opts.signal })).filters.includes('xfade') : true;
  mkdirSync(dirname(opts.output), { recursive: true });
  const work = mkdtempSync(join(dirname(opts.output), '.still-'));
  try {
    const prepared = await prepareRender(opts.project, { ffprobe: tools.ffprobe.path, workDir: work, signal: opts.signal, probe: probeOnce });
    const plan = planRender(prepared, { encoder: encoderProfile('libx264')!, loudness: { kind: 'none' }, hasXfade, videoOnly: true });
    const { fps, duration } = plan.format;
    // the last whole frame at most: past the end the graph has no picture to give
    const frame = Math.max(0, Math.min(Math.round(opts.at * fps), plan.format.frames - 1));
    const at = frame / fps;
    const graph = join(work, 'graph.txt');
    writeFileSync(graph, plan.filterGraph);
    const partial = join(work, 'frame.png');
    await runFfmpeg(
      tools.ffmpeg.path,
      flattenArgs([
        '-hide_banner', '-nostdin', '-y', '-v', 'error',
        plan.inputs.map((i) => [i.options, '-i', i.path]),
        '-filter_complex_script', graph,
        '-map', '[vout]',
        // an output seek: the graph runs from the start (Ken Burns, captions are timed from 0) and frames before `at` are dropped
        at > 0 ? ['-ss', n(at)] : null,
        '-frames:v', 1, '-f', 'image2', '-c:v', 'png',
        partial,
      ]),
      { signal: opts.signal, tag: opts.tag },
    );
    renameSync(partial, opts.output);
    return { output: opts.output, at, duration };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
