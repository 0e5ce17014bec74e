import { mapTimingsBack, type NormalizedText } from '../../native/tts/normalize/normalize-text';
import { splitWords } from '../../native/tts/words';
import type { WordTiming } from '../../native/tts/types';
import type { Pronunciation } from '../../preload/contract/project';

const EDGE = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

/**
 * The project's (and template's) pronunciations applied to a narration before any engine sees it:
 * every voice, local or cloud, is given the respelling, and the word timings it returns are mapped
 * back onto the script's own words, so captions still show "Reelforge" while the voice says
 * "reel forge". Words match whole, ignoring case and the punctuation around them.
 */
export function applyPronunciations(text: string, list: readonly Pronunciation[] | undefined): NormalizedText {
  const words = splitWords(text);
  const say = new Map((list ?? []).map((p) => [p.word.trim().toLowerCase(), p.say.trim()]));
  const groups = words.map((w, i) => {
    const [, lead = '', core = '', trail = ''] = EDGE.exec(w.text) ?? [];
    const respelt = say.get(core.toLowerCase());
    return { from: i, to: i + 1, spoken: respelt ? `${lead}${respelt}${trail}` : w.text };
  });
  const changed = groups.some((g) => g.spoken !== words[g.from]!.text);
  return { words, groups, spoken: changed ? groups.map((g) => g.spoken).join(' ') : text, changed };
}

/** The engine's timings of the respelt text → timings of the script's words. */
export function timingsOfScript(n: NormalizedText, timed: WordTiming[]): WordTiming[] {
  return mapTimingsBack(n, timed);
}

/** A template's list, then the project's (the project's wins for a word both name). */
export function pronunciationsOf(...lists: Array<readonly Pronunciation[] | undefined>): Pronunciation[] {
  const byWord = new Map<string, Pronunciation>();
  for (const list of lists) for (const p of list ?? []) byWord.set(p.word.trim().toLowerCase(), p);
  return [...byWord.values()];
}
