import { mapTimingsBack, normalizeForSpeech } from './normalize/normalize-text';
import type { TtsEngine } from './types';

/**
 * Every engine reads numbers, money and abbreviations the same way: the text is normalised for
 * the voice's language before the engine sees it, and the word timings it returns are mapped back
 * onto the script's own words, so captions show "3.5%" while the voice says the words.
 */
export function withNormalizedText(engine: TtsEngine): TtsEngine {
  return {
    ...engine,
    async synthesize(text, voice, options) {
      const n = normalizeForSpeech(text, voice.language);
      if (!n.changed) return engine.synthesize(text, voice, options);
      const r = await engine.synthesize(n.spoken, voice, options);
      return { ...r, words: mapTimingsBack(n, r.words) };
    },
  };
}
