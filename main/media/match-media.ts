import type { MediaItem } from './media-library';

/**
 * How well a file fits a scene: shared keywords, where "beaches" matches "beach" (a shared stem of
 * at least 4 letters), since file names and narration rarely use the same inflection.
 */
export function keywordScore(sceneWords: string[], fileWords: string[]): number {
  let score = 0;
  for (const s of sceneWords.map((w) => w.toLocaleLowerCase())) {
    if (fileWords.includes(s)) score += 1;
    else if (fileWords.some((f) => sameStem(s, f))) score += 0.6;
  }
  return score;
}

function sameStem(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  if (n < 4) return false;
  let k = 0;
  while (k < n && a[k] === b[k]) k++;
  return k >= Math.max(4, Math.min(a.length, b.length) - 2);
}

/**
 * Picks media for scenes so that the library's order is kept: if scene 2 gets file 5, scene 3
 * can only get a file after 5. Within that rule the total keyword score is the highest possible
 * (dynamic programming, like aligning two sequences); a file is used once; a scene that shares no
 * keyword with any file it could take gets none (and the caller gives it a card).
 */
export function matchMedia(sceneKeywords: string[][], library: MediaItem[]): (MediaItem | undefined)[] {
  const visual = library.filter((m) => m.kind !== 'audio');
  const S = sceneKeywords.length;
  const F = visual.length;
  // best[s][f]: best total for scenes s.. using files f..
  const best = Array.from({ length: S + 1 }, () => new Array<number>(F + 1).fill(0));
  const take = Array.from({ length: S + 1 }, () => new Array<boolean>(F + 1).fill(false));
  const skipScene = Array.from({ length: S + 1 }, () => new Array<boolean>(F + 1).fill(false));
  for (let s = S - 1; s >= 0; s--) {
    for (let f = F; f >= 0; f--) {
      let value = best[s + 1]![f]!; // this scene gets no file
      let choice: 'none' | 'take' | 'skipFile' = 'none';
      if (f < F) {
        const score = keywordScore(sceneKeywords[s]!, visual[f]!.keywords);
        // ties go to taking the earlier file, so a file is not passed over for nothing
        if (score > 0 && score + best[s + 1]![f + 1]! >= value) {
          value = score + best[s + 1]![f + 1]!;
          choice = 'take';
        }
        if (best[s]![f + 1]! > value) {
          value = best[s]![f + 1]!;
          choice = 'skipFile';
        }
      }
      best[s]![f] = value;
      take[s]![f] = choice === 'take';
      skipScene[s]![f] = choice === 'none';
    }
  }
  const out: (MediaItem | undefined)[] = [];
  let f = 0;
  for (let s = 0; s < S; s++) {
    while (f < F && !take[s]![f] && !skipScene[s]![f]) f++;
    if (f < F && take[s]![f]) out.push(visual[f++]);
    else out.push(undefined);
  }
  return out;
}

/** Music for a template's mood: an audio file whose name or tags mention it, else the first audio file. */
export function pickMusic(mood: string, library: MediaItem[]): MediaItem | undefined {
  const audio = library.filter((m) => m.kind === 'audio');
  return audio.find((m) => keywordScore([mood], m.keywords) > 0) ?? audio[0];
}
