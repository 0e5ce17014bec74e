import type { MediaInfo } from '../../native/ffmpeg/probe';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import type { FfmpegCapabilities } from '../../native/ffmpeg/capabilities';
import type { FfmpegTools } from '../../native/ffmpeg/locate';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { parseEbur128Summary, type LoudnessMode } from './audio-graph';
import { chooseEncoder } from './choose-encoder';
import { fitStills } from './fit-stills';
import { loudnessPassArgs, planRender, type RenderPlan } from './plan';
import { prepareRender } from './prepare';
import { rawDesignedPictures } from './designed/designed-assets';
import { refuseOutputOverInput } from '../files/output-guard';
import { partialPath as partialOf } from '../files/partial-file';
import { mediaRefs } from '../project/load-project';

export interface RenderProgress {
  stage: 'prepare' | 'loudness' | 'render';
  /** 0..1 within the whole render */
  ratio: number;
  eta?: number;
  fps?: number;
  frame?: number;
}

export interface RenderOptions {
  /** media paths already absolute (loadProjectFile / parseProject resolve them) */
  project: ProjectDocument;
  output: string;
  /** where temporary files go; a private temp folder (removed afterwards) when not given */
  workDir?: string;
  encoder?: string;
  signal?: AbortSignal;
  onProgress?: (p: RenderProgress) => void;
  /** process-registry tag, so a job's processes can be killed together */
  tag?: string;
  log?: (line: string) => void;
  /** the process's runtime configuration: its FFmpeg, capability cache and VA-API device */
  config: RuntimeConfig;
  /** FFmpeg as already located (else the configuration's) */
  tools?: FfmpegTools;
  capabilities?: FfmpegCapabilities;
  /** FFmpeg at below-normal priority: a queued render must not make the studio stutter */
  background?: boolean;
  /** what an earlier step already learned of each media file (the queue's prepare-media stage), instead of probing it again */
  probe?: (ffprobe: string, file: string, o: { signal?: AbortSignal }) => Promise<MediaInfo>;
  /** where this project starts on a longer timeline, seconds (a part of a video rendered alone): moving backgrounds continue from there */
  timeOffset?: number;
}

export interface RenderResult {
  output: string;
  durationSeconds: number;
  frames: number;
  encoder: string;
}

/** Everything up to the FFmpeg arguments: probing, timeline, captions, encoder choice, the graph. */
export async function buildPlan(opts: RenderOptions & { workDir: string; measureLoudness: boolean; prefit?: boolean }): Promise<RenderPlan> {
  const tools = opts.tools ?? locateTools(opts.config);
  const caps = opts.capabilities ?? (await capabilitiesOf(opts.config, tools, { signal: opts.signal }));
  const chosen = chooseEncoder(caps, opts.encoder ?? opts.project.settings.encoder);
  // the encoder as the capability check ran it: on the configuration's VA-API device
  const encoder = { ...chosen, globalArgs: () => chosen.globalArgs(opts.config.vaapiDevice) };
  opts.onProgress?.({ stage: 'prepare', ratio: 0 });
  const prepared = await prepareRender(opts.project, { ffprobe: tools.ffprobe.path, workDir: opts.workDir, signal: opts.signal, timeOffset: opts.timeOffset, probe: opts.probe });

  const mix = join(opts.workDir, 'mix.wav');
  const pass = loudnessPassArgs(prepared, join(opts.workDir, 'loudness-graph.txt'), mix);
  const measure = async (): Promise<LoudnessMode> => {
    if (!pass) return { kind: 'none' };
    if (!opts.measureLoudness) return { kind: 'measure' };
    opts.onProgress?.({ stage: 'loudness', ratio: 0.01 });
    writeFileSync(join(opts.workDir, 'loudness-graph.txt'), pass.graph);
    const { stderrTail } = await runFfmpeg(tools.ffmpeg.path, pass.args, { signal: opts.signal, tag: opts.tag, log: opts.log, stderrTailChars: 20_000, background: opts.background });
    const measured = parseEbur128Summary(stderrTail);
    // Silence measures as -inf: nothing to normalise. Either way the render reads the pass's mix.
    return measured ? { kind: 'apply', measured, mix } : { kind: 'none', mix };
  };
  // A plan that is going to run (the one the loudness is measured for) reads its stills already
  // fitted (fit-stills.ts); the pass runs beside the loudness pass, and both end before anything
  // is thrown, so no process outlives a failed plan.
  // `prefit: false` (a streamed preview, which must start at once): the graph fits its stills and
  // reads designed pictures itself, as the editor's stills do, instead of two passes beforehand
  const prefit = opts.prefit ?? opts.measureLoudness;
  const fitting = prefit
    ? fitStills(prepared, { ffmpeg: tools.ffmpeg.path, workDir: opts.workDir, signal: opts.signal, tag: opts.tag, log: opts.log, background: opts.background })
    : Promise.resolve(undefined);
  // designed scenes' pictures as raw frames (designed-assets.ts: FFmpeg's memory stays flat per scene)
  const rawPictures = prefit && prepared.designed?.size
    ? rawDesignedPictures(prepared.designed, (args) => runFfmpeg(tools.ffmpeg.path, args, { signal: opts.signal, tag: opts.tag, log: opts.log, background: opts.background }))
    : Promise.resolve(prepared.designed);
  const [loudness, fitted, designed] = await Promise.allSettled([measure(), fitting, rawPictures]);
  if (loudness.status === 'rejected') throw loudness.reason;
  if (fitted.status === 'rejected') throw fitted.reason;
  if (designed.status === 'rejected') throw designed.reason;
  return planRender({ ...prepared, fittedStills: fitted.value, designed: designed.value }, { encoder, loudness: loudness.value, hasXfade: caps.filters.includes('xfade') });
}

/** A temp name next to the output (same file system, so the final rename is atomic). */
export const partialPath = (output: string) => partialOf(output, '.mp4');

/**
 * Renders a project to a video file. The file appears at `output` only when it is complete:
 * FFmpeg writes a hidden partial file beside it which is renamed at the end and removed on any
 * failure or cancel.
 */
export async function renderProject(opts: RenderOptions): Promise<RenderResult> {
  const output = resolve(opts.output);
  refuseOutputOverInput(output, mediaRefs(opts.project).map((r) => ({ file: r.file, what: `the project's media ${r.path}` })));
  const ownWorkDir = !opts.workDir;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'reelforge-render-'));
  mkdirSync(workDir, { recursive: true });
  mkdirSync(dirname(output), { recursive: true });
  const partial = partialPath(output);
  try {
    const tools = opts.tools ?? locateTools(opts.config);
    const plan = await buildPlan({ ...opts, tools, workDir, measureLoudness: true });
    const graphScript = join(workDir, 'graph.txt');
    writeFileSync(graphScript, plan.filterGraph);
    const base = 0.03; // the share of the bar taken by probing and the loudness pass
    await runFfmpeg(tools.ffmpeg.path, plan.args(graphScript, partial), {
      signal: opts.signal,
      tag: opts.tag,
      log: opts.log,
      totalSeconds: plan.format.duration,
      background: opts.background,
      onProgress: (p) =>
        opts.onProgress?.({ stage: 'render', ratio: base + (1 - base) * (p.ratio ?? 0), eta: p.eta, fps: p.fps, frame: p.frame }),
    });
    renameSync(partial, output);
    return { output, durationSeconds: plan.format.duration, frames: plan.format.frames, encoder: plan.encoder };
  } finally {
    rmSync(partial, { force: true });
    if (ownWorkDir) rmSync(workDir, { recursive: true, force: true });
  }
}
