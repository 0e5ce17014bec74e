import { countSyllables } from './syllables';
import type { Segment } from './speech-segments';
import type { WordTiming } from './types';

/**
 * Places words on audio that came without word timing. The speech stretches found by silence
 * detection are laid end to end ("speech time"); each word gets a share of speech time in
 * proportion to its syllables; then the pauses are pinned to the word boundaries most likely to
 * carry them (the nearest ones, preferring ends of sentences and clauses), so that proportional
 * drift is reset at every pause instead of piling up over a scene.
 */
export function alignWords(words: string[], segments: Segment[], duration: number): WordTiming[] {
  if (words.length === 0) return [];
  if (segments.length === 0) segments = [{ start: 0, end: duration }];
  const weights = words.map((w) => countSyllables(w) + 0.5);
  const total = weights.reduce((a, b) => a + b, 0);

  const lengths = segments.map((s) => s.end - s.start);
  const speechTotal = lengths.reduce((a, b) => a + b, 0);
  // speech-time position of each pause (the junction between segment g and g+1)
  const gaps: { at: number; length: number }[] = [];
  let acc = 0;
  for (let g = 0; g < segments.length - 1; g++) {
    acc += lengths[g]!;
    gaps.push({ at: acc, length: segments[g + 1]!.start - segments[g]!.end });
  }
  // predicted speech-time position of the boundary after word i (i = 0..n-2)
  const predicted: number[] = [];
  let cum = 0;
  for (let i = 0; i < words.length - 1; i++) {
    cum += weights[i]!;
    predicted.push((cum / total) * speechTotal);
  }
  const pauseLikelihood = words.map((w) => (/[.!?。！？]["'”’)]*$/u.test(w) ? 0.35 : /[,;:،、，]["'”’)]*$/u.test(w) ? 0.2 : 0));

  const anchors = matchPauses(gaps, predicted, pauseLikelihood);
  // boundaries in speech time: anchored ones sit on their pause, the rest are interpolated by weight
  const boundary: number[] = new Array(words.length + 1);
  boundary[0] = 0;
  boundary[words.length] = speechTotal;
  for (const [i, g] of anchors) boundary[i + 1] = gaps[g]!.at;
  let left = 0;
  for (let k = 1; k <= words.length; k++) {
    if (boundary[k] === undefined) continue;
    const span = weights.slice(left, k).reduce((a, b) => a + b, 0);
    let run = 0;
    for (let j = left + 1; j < k; j++) {
      run += weights[j - 1]!;
      boundary[j] = boundary[left]! + ((boundary[k]! - boundary[left]!) * run) / span;
    }
    left = k;
  }

  const toReal = (t: number, side: 'end' | 'start') => {
    let before = 0;
    for (let g = 0; g < segments.length; g++) {
      const len = lengths[g]!;
      const atJunction = Math.abs(t - (before + len)) < 1e-9;
      if (t < before + len || (atJunction && side === 'end') || g === segments.length - 1) {
        return Math.min(segments[g]!.end, segments[g]!.start + (t - before));
      }
      before += len;
    }
    return duration;
  };
  return words.map((text, i) => {
    const start = toReal(boundary[i]!, 'start');
    const end = Math.max(start, toReal(boundary[i + 1]!, 'end'));
    return { text, start: round(start), end: round(end) };
  });
}

/**
 * Monotone matching of pauses to word boundaries (dynamic programming, like aligning two
 * sequences). Leaving a long pause unmatched costs more than a short one: a short pause may be a
 * stop consonant inside a word, a long one almost always falls between words.
 */
function matchPauses(gaps: { at: number; length: number }[], predicted: number[], likelihood: number[]): [number, number][] {
  const m = gaps.length;
  const n = predicted.length;
  const INF = Number.POSITIVE_INFINITY;
  const cost = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(INF));
  const move = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  cost[0]![0] = 0;
  for (let g = 0; g <= m; g++) {
    for (let i = 0; i <= n; i++) {
      const here = cost[g]![i]!;
      if (here === INF) continue;
      if (i < n && here < cost[g]![i + 1]!) {
        cost[g]![i + 1] = here; // boundary i without a pause: most boundaries
        move[g]![i + 1] = 1;
      }
      if (g < m) {
        const skip = here + 0.12 + gaps[g]!.length * 1.5;
        if (skip < cost[g + 1]![i]!) {
          cost[g + 1]![i] = skip;
          move[g + 1]![i] = 2;
        }
      }
      if (g < m && i < n) {
        const weight = Math.min(1, gaps[g]!.length / 0.2);
        const c = here + Math.abs(predicted[i]! - gaps[g]!.at) - likelihood[i]! * weight;
        if (c < cost[g + 1]![i + 1]!) {
          cost[g + 1]![i + 1] = c;
          move[g + 1]![i + 1] = 3;
        }
      }
    }
  }
  const pairs: [number, number][] = [];
  let g = m;
  let i = n;
  while (g > 0 || i > 0) {
    const mv = move[g]![i];
    if (mv === 3) {
      pairs.push([i - 1, g - 1]);
      g--;
      i--;
    } else if (mv === 2) g--;
    else i--;
  }
  return pairs.reverse();
}

const round = (t: number) => Math.round(t * 1000) / 1000;
