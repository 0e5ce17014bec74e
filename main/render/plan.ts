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
  /** the audio half of the graph alone, ending in `[aout]` (the farm mixes the sound once, on its own) */
  audioGraph: string;
  encoder: string;
  /** FFmpeg arguments without the output path; the graph is passed as a script file */
  args(graphScript: string, output: string, container?: OutputContainer): string[];
  /** an audio-only render of `audioGraph`, encoded as the whole render encodes its sound */
  audioArgs(graphScript: string, output: string): string[];
  /** the video graph of a run of whole scenes, and the frames it covers (a farm chunk) */
  chunk(range: SceneRange): { graph: string; start: number; end: number };
}

/**
 * How the MP4 is laid out: a file (index first, for players that seek at once) or fragments of
 * half a second written as they are encoded, so a player can start on the first while the rest is
 * still being made (the editor's "Play"); `from` drops the frames before that many seconds.
 */
export type OutputContainer = { kind: 'file' } | { kind: 'fragmented'; from?: number };
const FRAGMENT_SECONDS = 0.5;

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
  if (slots.length === 1) return `[v${slots[0]!.index}]null[vcat]`;
  if (!hasXfade) return fadeThroughBlack(timeline);
  const chains: string[] = [];
  const segments: string[] = [];
  const frames = (seconds: number) => Math.round(seconds * fps);
  // Labels carry each scene's own index, so a chunk (a run of scenes, see videoGraph) joins its
  // scenes with the same chains as the whole timeline.
  slots.forEach((slot, k) => {
    const i = slot.index;
    const total = frames(slot.duration);
    const head = slot.transitionIn.type === 'cut' ? 0 : frames(slot.transitionIn.duration);
    const next = slots[k + 1]?.transitionIn;
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
  // concat takes a segment's length from its frames' mean spacing, which a one-frame segment (an
  // overlap of one frame, the outgoing frame before an xfade) does not have: it counted as no time,
  // the next frame landed on the same timestamp, and the encoder dropped one (a video with a few
  // transitions came out a frame short and later scenes a frame early). Every frame here is one
  // frame of the timeline, in order, so each is stamped by its number.
  chains.push(`${segments.join('')}concat=n=${segments.length}:v=1:a=0,setpts=N/(${n(fps)}*TB)[vcat]`);
  return chains.join(';\n');
}

/**
 * Without xfade, each scene gives up the overlap at its tail, fades out to black over half the
 * transition and the next fades in over the other half; the total length is unchanged.
 */
function fadeThroughBlack(timeline: Timeline): string {
  const { slots } = timeline;
  const parts = slots.map((s, k) => {
    const i = s.index;
    const next = slots[k + 1]?.transitionIn.duration ?? 0;
    const length = s.duration - next;
    const fades = [
      s.transitionIn.duration > 0 && `fade=t=in:st=0:d=${n(s.transitionIn.duration / 2)}`,
      next > 0 && `fade=t=out:st=${n(length - next / 2)}:d=${n(next / 2)}`,
    ].filter(Boolean);
    return `[v${i}]trim=duration=${n(length)},setpts=PTS-STARTPTS${fades.length ? ',' + fades.join(',') : ''}[f${i}]`;
  });
  return [...parts, `${slots.map((s) => `[f${s.index}]`).join('')}concat=n=${slots.length}:v=1:a=0[vcat]`].join(';\n');
}

/** A run of whole scenes, [from, to): the part of the timeline one render chunk draws (main/farm). */
export interface SceneRange {
  from: number;
  to: number;
}

/**
 * The video half of the one graph, ending in `[vout]`: every scene's chain, their joins, and the
 * finish (captions, pixel format, the encoder's tail). Given a range of scenes (one that no
 * transition crosses) it draws just those, with the same chains: their frames are stamped at
 * their timeline time while the captions are burned, so caption animation carries on across a
 * chunk's start, and restamped from zero for the encoder.
 */
export function videoGraph(prepared: PreparedRender, opts: PlanOptions, range?: SceneRange): string {
  const { project, frame, timeline, media } = prepared;
  const clipFps = (i: number) => {
    const v = project.scenes[i]!.visual;
    return v.type === 'video' ? media.get(v.path)?.video?.fps : undefined;
  };
  const { from, to } = range ?? { from: 0, to: project.scenes.length };
  const slots = timeline.slots.slice(from, to);
  const videoChains = slots.map((slot) => sceneVideoChain(project, project.scenes[slot.index]!, slot, frame, clipFps(slot.index), prepared.fittedStills?.get(slot.index), prepared.designed?.get(slot.index), prepared.timeOffset));
  const offset = timeline.slots[from]!.start;
  const finish = [
    offset > 0 && `setpts=PTS+${n(offset)}/TB`,
    ...(prepared.assFiles ?? (prepared.assFile ? [prepared.assFile] : [])).map((ass) => `subtitles=filename=${filterArg(ass)}:fontsdir=${filterArg(prepared.fontsDir ?? fontsDir())}`),
    offset > 0 && 'setpts=PTS-STARTPTS',
    'format=yuv420p',
    opts.encoder.filterTail,
  ].filter(Boolean);
  return [...videoChains, transitionChain(range ? { ...timeline, slots } : timeline, opts.hasXfade, frame.fps), `[vcat]${finish.join(',')}[vout]`].join(';\n');
}

/** The first frame of each scene range, and the frame after its last, in the whole render. */
export function rangeFrames(timeline: Timeline, fps: number, range: SceneRange): { start: number; end: number } {
  const at = (i: number) => (i >= timeline.slots.length ? timeline.frames : Math.round(timeline.slots[i]!.start * fps));
  return { start: at(range.from), end: at(range.to) };
}

/**
 * The encoder's arguments for the video stream, shared by the whole render and by a render
 * chunk (main/farm): chunks joined by stream copy must be encoded exactly alike.
 */
export function videoEncodeArgs(encoder: EncoderProfile, settings: { quality: number; speed: 'fast' | 'balanced' | 'quality' }, fps: number) {
  return [encoder.outputArgs(settings.quality, settings.speed), '-r', n(fps)];
}

export function planRender(prepared: PreparedRender, opts: PlanOptions): RenderPlan {
  const { project, frame, timeline, media } = prepared;
  const inputs = new InputList();
  const audio = opts.videoOnly ? null : audioGraph(project, timeline, inputs, media, opts.loudness, clipSoundInput(project, inputs));
  const audioPart = audio ?? `anullsrc=r=48000:cl=stereo,atrim=duration=${n(timeline.duration)}[aout]`;
  const graph = [videoGraph(prepared, opts), opts.videoOnly ? null : audioPart].filter((x): x is string => x !== null).join(';\n');

  const encoder = opts.encoder;
  return {
    format: { ...frame, duration: timeline.duration, frames: timeline.frames },
    timeline,
    sources: project.scenes.flatMap((s, scene) => (s.visual.type === 'image' || s.visual.type === 'video' ? [{ scene, path: s.visual.path }] : [])),
    inputs: inputs.items,
    filterGraph: graph,
    audioGraph: audioPart,
    encoder: encoder.name,
    args: (graphScript, output, container = { kind: 'file' }) =>
      flattenArgs([
        '-hide_banner', '-nostdin', '-y', '-v', 'error', '-progress', 'pipe:1', '-nostats',
        encoder.globalArgs(),
        inputs.args(),
        '-filter_complex_script', graphScript,
        '-map', '[vout]', '-map', '[aout]',
        videoEncodeArgs(encoder, project.settings, frame.fps),
        AUDIO_CODEC,
        '-frames:v', timeline.frames,
        container.kind === 'file'
          ? ['-movflags', '+faststart']
          : [
              container.from ? ['-ss', n(container.from)] : null,
              // a fragment starts at each key frame; each is written out (flushed) as soon as it is whole
              '-force_key_frames', `expr:gte(t,n_forced*${n(FRAGMENT_SECONDS)})`,
              '-movflags', 'frag_keyframe+empty_moov+default_base_moof', '-flush_packets', 1,
            ],
        '-metadata', `title=${project.title}`,
        output,
      ]),
    chunk: (range) => ({ graph: videoGraph(prepared, opts, range), ...rangeFrames(timeline, frame.fps, range) }),
    audioArgs: (graphScript, output) =>
      flattenArgs([
        '-hide_banner', '-nostdin', '-y', '-v', 'error', '-progress', 'pipe:1', '-nostats',
        inputs.args(),
        '-filter_complex_script', graphScript,
        '-map', '[aout]', '-vn',
        AUDIO_CODEC,
        output,
      ]),
  };
}

/** The sound as the render encodes it; the farm's full-length audio pass uses the same. */
const AUDIO_CODEC = ['-c:a', 'aac', '-b:a', '192k', '-ar', '48000'];

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
