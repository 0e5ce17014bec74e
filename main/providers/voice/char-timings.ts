import type { WordTiming } from '../../../native/tts/types';
import { splitWords } from '../../../native/tts/words';

/** Per-character timings, as ElevenLabs' with-timestamps endpoint reports them. */
export interface CharAlignment {
  characters: string[];
  character_start_times_seconds: number[];
  character_end_times_seconds: number[];
}

/**
 * Character timings → word timings: the characters are joined back into the spoken text, split
 * into words exactly as captions split narration (splitWords, in code points), and each word runs
 * from its first character's start to its last character's end.
 */
export function wordsFromCharacters(a: CharAlignment): WordTiming[] {
  const n = Math.min(a.characters.length, a.character_start_times_seconds.length, a.character_end_times_seconds.length);
  // each entry is one character, but count code points: an emoji may arrive as one entry
  const starts: number[] = [];
  const ends: number[] = [];
  let text = '';
  for (let i = 0; i < n; i++) {
    const ch = a.characters[i]!;
    for (const _ of Array.from(ch)) {
      starts.push(a.character_start_times_seconds[i]!);
      ends.push(a.character_end_times_seconds[i]!);
    }
    text += ch;
  }
  return splitWords(text).map((w) => ({ text: w.text, start: starts[w.start] ?? 0, end: ends[w.end - 1] ?? starts[w.start] ?? 0 }));
}
