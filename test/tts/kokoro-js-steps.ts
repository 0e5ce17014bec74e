import { phonemize as espeakWasm } from 'phonemizer';

/**
 * The reference for the Kokoro front-end cross-check: the steps kokoro-js 1.2.1 (dist/kokoro.js,
 * its `phonemize`) takes from text to phonemes, redone here with the same `phonemizer` package it
 * uses (espeak-ng compiled to WebAssembly, offline). Its own text normaliser is left out: both
 * sides are given the text after Reelforge's normaliser, so what is compared is the phoneme path.
 *
 * 1. the text is cut into runs of punctuation (with the spaces around them) and runs of words;
 * 2. each run of words is phonemised by espeak-ng (American English for the `a` voices), the
 *    clauses it answers joined by a space; punctuation runs are kept as they are;
 * 3. a few espeak symbols are mapped onto the model's (ʲ→j, r→ɹ, x→k, ɬ→l), a space goes before
 *    "hundred", a lone " z" before punctuation joins its word, and American "nine-ty" gets a flap.
 */
const PUNCTUATION = ';:,.!?¡¿—…"«»“”(){}[]';
const escaped = PUNCTUATION.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const runs = new RegExp(`(\\s*[${escaped}]+\\s*)+`, 'g');

export async function kokoroJsPhonemes(text: string, voiceLetter: 'a' | 'b' = 'a'): Promise<string> {
  const language = voiceLetter === 'a' ? 'en-us' : 'en';
  const pieces: { punctuation: boolean; text: string }[] = [];
  let at = 0;
  for (const m of text.matchAll(runs)) {
    if (at < m.index) pieces.push({ punctuation: false, text: text.slice(at, m.index) });
    if (m[0].length) pieces.push({ punctuation: true, text: m[0] });
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push({ punctuation: false, text: text.slice(at) });
  const said = await Promise.all(pieces.map(async (p) => (p.punctuation ? p.text : (await espeakWasm(p.text, language)).join(' '))));
  let s = said
    .join('')
    .replace(/ʲ/g, 'j')
    .replace(/r/g, 'ɹ')
    .replace(/x/g, 'k')
    .replace(/ɬ/g, 'l')
    .replace(/(?<=[a-zɹː])(?=hˈʌndɹɪd)/g, ' ')
    .replace(/ z(?=[;:,.!?¡¿—…"«»“” ]|$)/g, 'z');
  if (voiceLetter === 'a') s = s.replace(/(?<=nˈaɪn)ti(?!ː)/g, 'di');
  return s.trim();
}

/**
 * kokoro-js hands espeak's IPA to the model nearly raw; the model was trained on misaki's phoneme
 * set. Before comparing, the reference is written in misaki's conventions (which Reelforge keeps):
 * diphthongs and affricates as one symbol (A I O W Y ʤ ʧ), ɚ as əɹ (ɚɹ as one əɹ), ɜː as ɜɹ, no
 * length marks in American English, ɐ as ə, ɪə as iə, and ɔ for the o that older and newer
 * espeak-ng releases write differently.
 */
export function toMisaki(ipa: string): string {
  return ipa
    .replace(/ɜːɹ|ɜː/g, 'ɜɹ')
    .replace(/ɚɹ/g, 'əɹ')
    .replace(/ɚ/g, 'əɹ')
    .replace(/aɪ/g, 'I')
    .replace(/aʊ/g, 'W')
    .replace(/eɪ/g, 'A')
    .replace(/oʊ/g, 'O')
    .replace(/ɔɪ/g, 'Y')
    .replace(/dʒ/g, 'ʤ')
    .replace(/tʃ/g, 'ʧ')
    .replace(/ː/g, '')
    .replace(/ɐ/g, 'ə')
    .replace(/ɪə/g, 'iə')
    .replace(/o/g, 'ɔ');
}
