import { formatNumber as n } from '../../native/ffmpeg/args';
import type { MediaInfo } from '../../native/ffmpeg/probe';
import type { ProjectDocument } from '../../preload/contract/project';
import type { InputList } from './inputs';
import type { Timeline } from './timeline';

/** What the first, audio-only pass measured with ebur128 (EBU R128 / ITU BS.1770). */
export interface LoudnessMeasurement {
  /** integrated loudness, LUFS */
  integrated: number;
  /** true peak, dBTP */
  truePeak: number;
}

/**
 * `mix`: the measuring pass's own output, the finished mix before any gain (a float WAV). A render
 * given it reads that file instead of decoding and mixing every sound again in its filter thread.
 */
export type LoudnessMode = { kind: 'measure' } | { kind: 'apply'; measured: LoudnessMeasurement; mix?: string } | { kind: 'none'; mix?: string };

/**
 * How the music ducks under the voice: once the voice bus is louder than `threshold` (linear RMS),
 * the music is turned down by (voice level − threshold) × (1 − 1/ratio) dB; a voice at −14 dBFS
 * takes the music down by about 20 dB.
 */
export const DUCKING = { threshold: 0.015, ratio: 10, attackMs: 15, releaseMs: 350 } as const;

/** the ceiling for peaks after the gain, dBTP (platforms ask for −1) */
const PEAK_CEILING = -1;
const fmt = 'aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo';

/**
 * The audio half of the graph: every narration placed at its scene's narration start, clip sound
 * where a video scene asks for it, the music bed looped to length with fades and ducked under the
 * narration by a sidechain compressor, then loudness-normalised to the target. Returns the chain
 * text ending in `[aout]`, or null when the project has no sound at all (the caller adds silence).
 *
 * Normalisation uses two passes over the audio (never the video): `measure` runs ebur128 on the
 * mix, `apply` adds the one gain that brings it to the target, and a limiter only when that gain
 * would push peaks over the ceiling. This lands within a fraction of a LU of the target, where
 * loudnorm's single-pass dynamic mode drifts on short videos; and unlike loudnorm it needs no
 * 192 kHz resampling, which cost over a second of the render's single filter thread.
 */
export function audioGraph(
  project: ProjectDocument,
  timeline: Timeline,
  inputs: InputList,
  media: Map<string, MediaInfo>,
  loudness: LoudnessMode,
  visualInput: (scene: number) => number | undefined,
): string | null {
  if (loudness.kind !== 'measure' && loudness.mix) {
    const k = inputs.add(loudness.mix, 'mix');
    return `[${k}:a]${finishing(project, loudness)}[aout]`;
  }
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
  const mix = '[mix]';
  if (voices.length) {
    const voiceBus = voices.length === 1 ? `${voices[0]}anull` : `${voices.join('')}amix=inputs=${voices.length}:normalize=0:dropout_transition=0`;
    chains.push(`${voiceBus},${pad}[voice]`);
    if (musicLabel && music?.ducking) {
      chains.push('[voice]asplit=2[voicemix][voicekey]');
      chains.push(`${musicLabel}[voicekey]sidechaincompress=threshold=${DUCKING.threshold}:ratio=${DUCKING.ratio}:attack=${DUCKING.attackMs}:release=${DUCKING.releaseMs}:makeup=1[ducked]`);
      chains.push('[voicemix][ducked]amix=inputs=2:normalize=0:duration=first[mix]');
    } else if (musicLabel) {
      chains.push(`[voice]${musicLabel}amix=inputs=2:normalize=0:duration=first[mix]`);
    } else {
      chains.push('[voice]anull[mix]');
    }
  } else {
    chains.push(`${musicLabel}${pad}[mix]`);
  }

  // ebur128 passes the sound through unchanged: the measuring pass writes it out as the mix
  chains.push(`${mix}${loudness.kind === 'measure' ? 'ebur128=peak=true:framelog=verbose' : finishing(project, loudness)}[aout]`);
  return chains.join(';\n');
}

/** After the mix: the one gain to the target (and a limiter only where peaks would pass the ceiling). */
function finishing(project: ProjectDocument, loudness: Exclude<LoudnessMode, { kind: 'measure' }>): string {
  if (loudness.kind === 'none') return fmt;
  const { integrated, truePeak } = loudness.measured;
  const gain = project.audio.loudness - integrated;
  const limit = truePeak + gain > PEAK_CEILING ? `,alimiter=limit=${n(10 ** (PEAK_CEILING / 20))}:attack=5:release=50:level=false` : '';
  return `volume=${n(gain)}dB${limit},${fmt}`;
}

/** ebur128 prints a summary when it closes; its `I:` and true `Peak:` lines are the measurement. */
export function parseEbur128Summary(stderr: string): LoudnessMeasurement | undefined {
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = Number(/I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary)?.[1]);
  const truePeak = Number(/Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1]);
  // Silence measures as -inf (or the -70 LUFS gate): nothing to normalise.
  if (!Number.isFinite(integrated) || integrated <= -70) return undefined;
  return { integrated, truePeak: Number.isFinite(truePeak) ? truePeak : integrated };
}
