import { flattenArgs, formatNumber as n } from '../../native/ffmpeg/args';
import type { EncoderProfile } from '../../native/ffmpeg/encoders';
import { audioGraph, type LoudnessMode } from './audio-graph';
import { crossfade } from './crossfade';
import { fontsDir } from './assets';
import { filterArg } from './escape';
import { InputList, type PlanInput } from './inputs';
import type { PreparedRender } from './prepare';
import { sceneVideoChain } from './scene-video';
import type { Timeline } from './timeline';

/** The whole render as data: what goes in, the one filter graph, and the exact FFmpeg arguments. */
export interface RenderPlan {
  format: { width: number; height: number; fps: number; duration: number; frames: number };
  timeline: Timeline;
  /** media files read inside the graph by `movie` sources (see scene-video.ts) */
  sources: Array<{ scene: number; path: string }>;
  /** `-i` inputs: the sound files */
  inputs: PlanInput[];
  filterGraph: string;
  encoder: string;
  /** FFmpeg arguments without the output path; the graph is passed as a script file */
  args(graphScript: string, output: string): string[];
}

export interface PlanOptions {
  encoder: EncoderProfile;
  loudness: LoudnessMode;
  /** FFmpeg has xfade (5.1+ does; some minimal builds don't) */
  hasXfade: boolean;
  /** the picture alone (a still for the editor): no sound chain, no sound inputs */
  videoOnly?: boolean;
}

/**
 * The joining of scene streams. xfade (in FFmpeg 5.x) works only in 4:4:4 or RGB, so feeding it
 * whole scenes converts every frame of the video twice, which cost more than the encoder itself.
 * Instead each scene is cut into head (its incoming transition), body and tail (its outgoing one);
 * only a tail and the next head go through xfade, and everything is joined with concat, which
 * passes frames through untouched. The result is frame-for-frame the same as chaining xfades.
 * A plain fade (and a dissolve) is a `blend` in yuv420p rather than an xfade (crossfade.ts).
 */
export function transitionChain(timeline: Timeline, hasXfade: boolean, fps: number): string {
  const slots = timeline.slots;
  if (slots.length === 1) return '[v0]null[vcat]';
  if (!hasXfade) return fadeThroughBlack(timeline);
  const chains: string[] = [];
  const segments: string[] = [];
  const frames = (seconds: number) => Math.round(seconds * fps);
  slots.forEach((slot, i) => {
    const total = frames(slot.duration);
    const head = slot.transitionIn.type === 'cut' ? 0 : frames(slot.transitionIn.duration);
    const next = slots[i + 1]?.transitionIn;
    const tail = !next || next.type === 'cut' ? 0 : frames(next.duration);
    const parts: Array<[string, number, number]> = [];
    if (head > 0) parts.push([`h${i}`, 0, head]);
    if (total - head - tail > 0) parts.push([`b${i}`, head, total - tail]);
    if (tail > 0) parts.push([`t${i}`, total - tail, total]);
    const cut = ([label, from, to]: [string, number, number]) => `trim=start_frame=${from}:end_frame=${to},setpts=PTS-STARTPTS[${label}]`;
    if (parts.length === 1) chains.push(`[v${i}]${cut(parts[0]!)}`);
    else {
      chains.push(`[v${i}]split=${parts.length}${parts.map(([l]) => `[${l}in]`).join('')}`);
      for (const part of parts) chains.push(`[${part[0]}in]${cut(part)}`);
    }
    if (head > 0) {
      const type = slot.transitionIn.type;
      const dip = type === 'fadeblack' ? 'black' : type === 'fadewhite' ? 'white' : undefined;
      if (dip) {
        // A dip: the outgoing scene fades to the colour over the first half, the incoming one from
        // it over the second. (xfade's fadeblack drops the outgoing scene within the first fifth
        // and then fades in slowly: it read as a cut to black.) No blending, so no xfade needed.
        const half = Math.floor(head / 2);
        chains.push(`[t${i - 1}]trim=end_frame=${half},fade=t=out:start_frame=0:nb_frames=${half}:color=${dip}[xa${i}]`);
        chains.push(`[h${i}]trim=start_frame=${half},setpts=PTS-STARTPTS,fade=t=in:start_frame=0:nb_frames=${head - half}:color=${dip}[xb${i}]`);
        segments.push(`[xa${i}]`, `[xb${i}]`);
      } else {
        // xfade's own dissolve scatters random pixels (it looks like TV static): a dissolve is a crossfade
        const xfade = type === 'dissolve' ? 'fade' : type;
        // a plain crossfade needs no xfade (see crossfade.ts: a fraction of its memory, no lost frame)
        if (xfade === 'fade') chains.push(crossfade(`t${i - 1}`, `h${i}`, `x${i}`, head / fps));
        // an overlap of one frame is that frame of the outgoing scene
        else if (head < 2) chains.push(`[t${i - 1}][h${i}]concat=n=2:v=1:a=0,trim=end_frame=1[x${i}]`);
        else {
          // Timed over one frame less than the overlap: xfade (5.1) ends when its first input does
          // and passes the incoming scene's last overlap frame through unblended, so over `head`
          // frames a wipe went 0 %, 5 %, … 90 % and jumped to 100 %. Over head − 1 frames it moves
          // in even steps and its last frame is the new scene, whichever way xfade treats that frame.
          // And the overlap's first frame is the outgoing scene's own, not xfade's: at a progress of
          // exactly 1 xfade (5.1) reads one pixel past the row for the slides (a green line down
          // the left edge for one frame). Its frame 0 is dropped and the tail's first frame used.
          chains.push(
            `[t${i - 1}]split=2[ta${i}][tb${i}];[ta${i}]trim=end_frame=1[xo${i}];` +
              `[tb${i}][h${i}]xfade=transition=${xfade}:duration=${n((head - 1) / fps)}:offset=0,trim=start_frame=1,setpts=PTS-STARTPTS,format=yuv420p[xi${i}];` +
              `[xo${i}][xi${i}]concat=n=2:v=1:a=0[x${i}]`,
          );
        }
        segments.push(`[x${i}]`);
      }
    }
    if (total - head - tail > 0) segments.push(`[b${i}]`);
  });
  chains.push(`${segments.join('')}concat=n=${segments.length}:v=1:a=0[vcat]`);
  return chains.join(';\n');
}

/**
 * Without xfade, each scene gives up the overlap at its tail, fades out to black over half the
 * transition and the next fades in over the other half; the total length is unchanged.
 */
function fadeThroughBlack(timeline: Timeline): string {
  const { slots } = timeline;
  const parts = slots.map((s, i) => {
    const next = slots[i + 1]?.transitionIn.duration ?? 0;
    const length = s.duration - next;
    const fades = [
      s.transitionIn.duration > 0 && `fade=t=in:st=0:d=${n(s.transitionIn.duration / 2)}`,
      next > 0 && `fade=t=out:st=${n(length - next / 2)}:d=${n(next / 2)}`,
    ].filter(Boolean);
    return `[v${i}]trim=duration=${n(length)},setpts=PTS-STARTPTS${fades.length ? ',' + fades.join(',') : ''}[f${i}]`;
  });
  return [...parts, `${slots.map((_, i) => `[f${i}]`).join('')}concat=n=${slots.length}:v=1:a=0[vcat]`].join(';\n');
}

export function planRender(prepared: PreparedRender, opts: PlanOptions): RenderPlan {
  const { project, frame, timeline, media } = prepared;
  const inputs = new InputList();
  const clipFps = (i: number) => {
    const v = project.scenes[i]!.visual;
    return v.type === 'video' ? media.get(v.path)?.video?.fps : undefined;
  };
  const videoChains = project.scenes.map((scene, i) => sceneVideoChain(project, scene, timeline.slots[i]!, frame, clipFps(i), prepared.fittedStills?.get(i), prepared.designed?.get(i), prepared.timeOffset));

  const finish = [
    ...(prepared.assFiles ?? (prepared.assFile ? [prepared.assFile] : [])).map((ass) => `subtitles=filename=${filterArg(ass)}:fontsdir=${filterArg(prepared.fontsDir ?? fontsDir())}`),
    'format=yuv420p',
    opts.encoder.filterTail,
  ].filter(Boolean);
  const audio = opts.videoOnly ? null : audioGraph(project, timeline, inputs, media, opts.loudness, clipSoundInput(project, inputs));
  const graph = [
    ...videoChains,
    transitionChain(timeline, opts.hasXfade, frame.fps),
    `[vcat]${finish.join(',')}[vout]`,
    opts.videoOnly ? null : (audio ?? `anullsrc=r=48000:cl=stereo,atrim=duration=${n(timeline.duration)}[aout]`),
  ].filter((x): x is string => x !== null).join(';\n');

  const { speed, quality } = project.settings;
  const encoder = opts.encoder;
  return {
    format: { ...frame, duration: timeline.duration, frames: timeline.frames },
    timeline,
    sources: project.scenes.flatMap((s, scene) => (s.visual.type === 'image' || s.visual.type === 'video' ? [{ scene, path: s.visual.path }] : [])),
    inputs: inputs.items,
    filterGraph: graph,
    encoder: encoder.name,
    args: (graphScript, output) =>
      flattenArgs([
        '-hide_banner', '-nostdin', '-y', '-v', 'error', '-progress', 'pipe:1', '-nostats',
        encoder.globalArgs(),
        inputs.args(),
        '-filter_complex_script', graphScript,
        '-map', '[vout]', '-map', '[aout]',
        encoder.outputArgs(quality, speed),
        '-r', n(frame.fps),
        '-c:a', 'aac', '-b:a', '192k', '-ar', '48000',
        '-frames:v', timeline.frames,
        '-movflags', '+faststart',
        '-metadata', `title=${project.title}`,
        output,
      ]),
  };
}

/** A video scene's own sound is read as an `-i` input of its file, added when the mix asks for it. */
function clipSoundInput(project: PreparedRender['project'], inputs: InputList) {
  return (scene: number): number | undefined => {
    const v = project.scenes[scene]!.visual;
    if (v.type !== 'video') return undefined;
    return inputs.add(v.path, 'clip-sound', [v.start > 0 && ['-ss', n(v.start)], v.loop && ['-stream_loop', '-1']].flat().filter((x): x is string => typeof x === 'string'), scene);
  };
}

/**
 * The audio-only first pass (see audio-graph.ts): it mixes every sound, measures the mix's loudness,
 * and writes the mix to `mixFile` (32-bit float WAV: a mix can peak above full scale before its
 * gain, and nothing is rounded), which the render then reads instead of mixing again.
 */
export function loudnessPassArgs(prepared: PreparedRender, graphScript: string, mixFile: string): { args: string[]; graph: string } | null {
  const { project, timeline, media } = prepared;
  const inputs = new InputList();
  const graph = audioGraph(project, timeline, inputs, media, { kind: 'measure' }, clipSoundInput(project, inputs));
  if (!graph) return null;
  return {
    graph,
    args: flattenArgs(['-hide_banner', '-nostdin', '-y', '-v', 'info', inputs.args(), '-filter_complex_script', graphScript, '-map', '[aout]', '-vn', '-c:a', 'pcm_f32le', '-f', 'wav', mixFile]),
  };
}
