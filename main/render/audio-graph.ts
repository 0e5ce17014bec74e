import { formatNumber as n } from '../../native/ffmpeg/args';
import type { MediaInfo } from '../../native/ffmpeg/probe';
import type { ProjectDocument } from '../../preload/contract/project';
import type { InputList } from './inputs';
import type { Timeline } from './timeline';

/** What the first, audio-only pass measured (loudnorm's own JSON names). */
export interface LoudnessMeasurement {
  input_i: string;
  input_tp: string;
  input_lra: string;
  input_thresh: string;
  target_offset: string;
}

export type LoudnessMode = { kind: 'measure' } | { kind: 'apply'; measured: LoudnessMeasurement } | { kind: 'none' };

const TRUE_PEAK = -1.5;
const LRA = 20;
const fmt = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

/**
 * The audio half of the graph: every narration placed at its scene's narration start, clip sound
 * where a video scene asks for it, the music bed looped to length with fades and ducked under the
 * narration by a sidechain compressor, then loudness-normalised to the target. Returns the chain
 * text ending in `[aout]`, or null when the project has no sound at all (the caller adds silence).
 *
 * Normalisation uses two passes over the audio (never the video): `measure` prints loudnorm's
 * statistics, `apply` feeds them back so loudnorm can apply one linear gain, which lands within a
 * fraction of a LU of the target where single-pass dynamic mode can be off by more on short videos.
 */
export function audioGraph(
  project: ProjectDocument,
  timeline: Timeline,
  inputs: InputList,
  media: Map<string, MediaInfo>,
  loudness: LoudnessMode,
  visualInput: (scene: number) => number | undefined,
): string | null {
  const T = timeline.duration;
  const chains: string[] = [];
  const voices: string[] = [];

  project.scenes.forEach((scene, i) => {
    const slot = timeline.slots[i]!;
    if (scene.audio) {
      const k = inputs.add(scene.audio, 'narration', [], i);
      const ms = Math.round(slot.narrationStart * 1000);
      chains.push(`[${k}:a]${fmt},adelay=delays=${ms}:all=1[n${i}]`);
      voices.push(`[n${i}]`);
    }
    const v = scene.visual;
    if (v.type === 'video' && v.volume > 0 && media.get(v.path)?.audio) {
      const vi = visualInput(i);
      if (vi === undefined) return;
      const ms = Math.round(slot.start * 1000);
      chains.push(`[${vi}:a]${fmt},atrim=duration=${n(slot.duration)},volume=${n(v.volume)},adelay=delays=${ms}:all=1[c${i}]`);
      voices.push(`[c${i}]`);
    }
  });
  if (project.audio.narration) {
    const k = inputs.add(project.audio.narration, 'narration');
    chains.push(`[${k}:a]${fmt}[nall]`);
    voices.push('[nall]');
  }

  const music = project.audio.music;
  let musicLabel: string | null = null;
  if (music) {
    const k = inputs.add(music.path, 'music', ['-stream_loop', '-1']);
    const fadeOut = Math.min(2, T / 4);
    chains.push(
      `[${k}:a]${fmt},atrim=duration=${n(T)},volume=${n(music.volume)},` +
        `afade=t=in:d=${n(Math.min(1, T / 4))},afade=t=out:st=${n(T - fadeOut)}:d=${n(fadeOut)}[music]`,
    );
    musicLabel = '[music]';
  }
  if (!voices.length && !musicLabel) return null;

  const pad = `apad=whole_dur=${n(T)},atrim=duration=${n(T)}`;
  let mix: string;
  if (voices.length) {
    const voiceBus = voices.length === 1 ? `${voices[0]}anull` : `${voices.join('')}amix=inputs=${voices.length}:normalize=0:dropout_transition=0`;
    chains.push(`${voiceBus},${pad}[voice]`);
    if (musicLabel && music?.ducking) {
      chains.push('[voice]asplit=2[voicemix][voicekey]');
      chains.push(`${musicLabel}[voicekey]sidechaincompress=threshold=0.015:ratio=10:attack=15:release=350:makeup=1[ducked]`);
      chains.push('[voicemix][ducked]amix=inputs=2:normalize=0:duration=first[mix]');
    } else if (musicLabel) {
      chains.push(`[voice]${musicLabel}amix=inputs=2:normalize=0:duration=first[mix]`);
    } else {
      chains.push('[voice]anull[mix]');
    }
    mix = '[mix]';
  } else {
    chains.push(`${musicLabel}${pad}[mix]`);
    mix = '[mix]';
  }

  const target = project.audio.loudness;
  if (loudness.kind === 'measure') {
    chains.push(`${mix}loudnorm=I=${n(target)}:TP=${TRUE_PEAK}:LRA=${LRA}:print_format=json[aout]`);
  } else if (loudness.kind === 'apply') {
    const m = loudness.measured;
    chains.push(
      `${mix}loudnorm=I=${n(target)}:TP=${TRUE_PEAK}:LRA=${LRA}:measured_I=${m.input_i}:measured_TP=${m.input_tp}` +
        `:measured_LRA=${m.input_lra}:measured_thresh=${m.input_thresh}:offset=${m.target_offset}:linear=true,${fmt}[aout]`,
    );
  } else {
    chains.push(`${mix}${fmt}[aout]`);
  }
  return chains.join(';\n');
}

/** loudnorm prints its JSON block last on stderr. */
export function parseLoudnormJson(stderr: string): LoudnessMeasurement | undefined {
  const start = stderr.lastIndexOf('{');
  const end = stderr.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const data = JSON.parse(stderr.slice(start, end + 1)) as Record<string, string>;
    if (!data.input_i || data.input_i === '-inf') return undefined;
    return data as unknown as LoudnessMeasurement;
  } catch {
    return undefined;
  }
}
