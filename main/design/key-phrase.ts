import { functionWords, isContent, tokenize, type Token } from './words';

/**
 * A sentence's key phrase, by one rule: within a clause (punctuation ends one), the contiguous run
 * of at most `maxWords` words that starts and ends on a content word and holds the most content
 * words, function words inside it allowed ("cup of coffee"). Longer content words weigh a little
 * more (they carry the meaning: "bitterness" over "make"); a run that starts or ends inside a run
 * of content words loses more than a word weighs ("a power line", not "a power"); a tie goes to the earlier
 * phrase. The result is always a real phrase of the sentence, as written.
 */
export function keyPhraseOf(sentence: string, language = 'en', maxWords = 5, tokens = tokenize(sentence)): string {
  const span = keyPhraseSpan(tokens, language, maxWords);
  return span ? tokens.slice(span.from, span.to).map((t) => t.text).join(' ') : '';
}

const CUT = 1.5;

export function keyPhraseSpan(tokens: Token[], language: string, maxWords: number): { from: number; to: number } | undefined {
  const fn = functionWords(language);
  const content = tokens.map((t) => isContent(t, fn));
  let best: { from: number; to: number; score: number } | undefined;
  // a phrase cut out of a run of content words ("a power | line", "town | museum") is not a phrase
  const joinedBefore = (k: number) => k > 0 && content[k - 1]! && !tokens[k - 1]!.breakAfter;
  const joinedAfter = (k: number) => k + 1 < tokens.length && content[k + 1]! && !tokens[k]!.breakAfter;
  for (let from = 0; from < tokens.length; from++) {
    if (!content[from]) continue;
    let score = joinedBefore(from) ? -CUT : 0;
    for (let to = from; to < tokens.length && to - from < maxWords; to++) {
      if (content[to]) score += 1 + Math.min(tokens[to]!.text.length, 12) / 12;
      else score -= 0.15;
      const total = score - (joinedAfter(to) ? CUT : 0);
      if (content[to] && (!best || total > best.score + 1e-9)) best = { from, to: to + 1, score: total };
      if (tokens[to]!.breakAfter) break;
    }
  }
  if (best) return { from: best.from, to: best.to };
  // a sentence of function words only: its first words
  return tokens.length ? { from: 0, to: Math.min(tokens.length, maxWords) } : undefined;
}
