import type { Pcm } from './wav';

/** A stretch of audio with speech in it, in seconds. */
export interface Segment {
  start: number;
  end: number;
}

export interface SegmentOptions {
  /** analysis frame, seconds */
  frame?: number;
  /** a silence shorter than this is part of the speech around it (stop consonants, breaths) */
  minGap?: number;
  /** speech shorter than this is a click, not a word */
  minSpeech?: number;
}

/** RMS level of each frame, in dBFS (-120 for digital silence). */
export function frameLevels(pcm: Pcm, frame = 0.01): number[] {
  const size = Math.max(1, Math.round(pcm.sampleRate * frame));
  const out: number[] = [];
  for (let i = 0; i < pcm.samples.length; i += size) {
    let sum = 0;
    const end = Math.min(pcm.samples.length, i + size);
    for (let j = i; j < end; j++) sum += pcm.samples[j]! * pcm.samples[j]!;
    const rms = Math.sqrt(sum / (end - i));
    out.push(rms > 1e-6 ? 20 * Math.log10(rms) : -120);
  }
  return out;
}

/**
 * Silence detection on the audio itself. The threshold adapts to the recording: 10 dB over its
 * noise floor, and never less than 40 dB under its peak, so digital silence (espeak-ng) and a
 * noisy neural voice are both handled without a setting.
 */
export function speechThreshold(levels: number[]): number {
  const sorted = [...levels].sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)] ?? -120;
  const peak = sorted[sorted.length - 1] ?? 0;
  return Math.max(floor + 10, peak - 40, -60);
}

export function speechSegments(pcm: Pcm, opts: SegmentOptions = {}): Segment[] {
  const frame = opts.frame ?? 0.01;
  const minGap = opts.minGap ?? 0.08;
  const minSpeech = opts.minSpeech ?? 0.03;
  const levels = frameLevels(pcm, frame);
  const threshold = speechThreshold(levels);
  const raw: Segment[] = [];
  let open: number | undefined;
  levels.forEach((db, i) => {
    if (db >= threshold && open === undefined) open = i;
    if (db < threshold && open !== undefined) {
      raw.push({ start: open * frame, end: i * frame });
      open = undefined;
    }
  });
  if (open !== undefined) raw.push({ start: open * frame, end: levels.length * frame });
  const merged: Segment[] = [];
  for (const s of raw) {
    const last = merged[merged.length - 1];
    if (last && s.start - last.end < minGap) last.end = s.end;
    else merged.push({ ...s });
  }
  return merged.filter((s) => s.end - s.start >= minSpeech);
}
