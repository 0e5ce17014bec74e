/**
 * The one words-per-second rule: how long a narration lasts before a voice has spoken it (scene
 * splitting, the studio's timeline and its New video hint, a project's length in its card). A
 * template may set its own pace; everything else uses the default.
 */
export const DEFAULT_WORDS_PER_MINUTE = 165;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Seconds `text` takes at `wordsPerMinute`; 0 for no words. */
export function estimateNarrationSeconds(text: string, wordsPerMinute = DEFAULT_WORDS_PER_MINUTE): number {
  return (wordCount(text) / wordsPerMinute) * 60;
}
