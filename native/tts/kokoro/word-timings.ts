import type { TokenChunk } from './phonemize';

/**
 * Word times inside one model run from its per-token durations. The durations say how many frames
 * each symbol lasts, so a word spans exactly the frames of its symbols; frames are turned into
 * seconds by the audio the run really produced (samples ÷ total frames), which keeps the timing
 * exact whatever frame size or speed the export uses.
 */
export function wordSpans(chunk: TokenChunk, durations: number[], samples: number, sampleRate: number): Map<number, { start: number; end: number }> {
  const total = durations.reduce((a, b) => a + Math.max(0, b), 0);
  const secondsPerFrame = total > 0 ? samples / total / sampleRate : 0;
  // cum[k] = frames before padded position k (position 0 is the opening padding)
  const cum = [0];
  for (const d of durations) cum.push(cum[cum.length - 1]! + Math.max(0, d));
  const spans = new Map<number, { start: number; end: number }>();
  chunk.wordOf.forEach((w, t) => {
    if (w < 0) return;
    const start = cum[t + 1]! * secondsPerFrame;
    const end = cum[t + 2]! * secondsPerFrame;
    const s = spans.get(w);
    spans.set(w, s ? { start: Math.min(s.start, start), end: Math.max(s.end, end) } : { start, end });
  });
  return spans;
}
