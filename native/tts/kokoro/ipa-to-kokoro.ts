import { kokoroVocab } from './vocab';

/**
 * espeak-ng's IPA → the symbols Kokoro was trained on. espeak ties the parts of a diphthong or an
 * affricate with U+200D (`--ipa=3`); those pairs become Kokoro's single symbols (eɪ→A, aɪ→I,
 * oʊ→O, dʒ→ʤ, tʃ→ʧ, …). English follows the model's own lexicon conventions more closely (no
 * length marks in American English, ɚ→əɹ — and ɚɹ→əɹ, not əɹɹ: "around" is əɹˈWnd — r→ɹ); other languages keep espeak's symbols.
 */
const TIE = '\u200d';

const english: [string, string][] = [
  ['ʔˌn\u0329', 'tn'], ['ʔn\u0329', 'tn'], ['ʔn', 'tn'], ['ʔ', 't'],
  [`a${TIE}ɪ`, 'I'], [`a${TIE}ʊ`, 'W'], [`d${TIE}ʒ`, 'ʤ'], [`e${TIE}ɪ`, 'A'], [`t${TIE}ʃ`, 'ʧ'], [`ɔ${TIE}ɪ`, 'Y'], [`ə${TIE}l`, 'ᵊl'],
  ['ʲo', 'jo'], ['ʲə', 'jə'], ['ʲ', ''], ['ɚɹ', 'əɹ'], ['ɚ', 'əɹ'], ['r', 'ɹ'], ['x', 'k'], ['ç', 'k'], ['ɐ', 'ə'], ['ɬ', 'l'], ['\u0303', ''],
];
const american: [string, string][] = [[`o${TIE}ʊ`, 'O'], ['ɜːɹ', 'ɜɹ'], ['ɜː', 'ɜɹ'], ['ɪə', 'iə'], ['ː', ''], ['e', 'A']];
const british: [string, string][] = [[`e${TIE}ə`, 'ɛː'], ['iə', 'ɪə'], [`ə${TIE}ʊ`, 'Q'], ['e', 'A']];
const other: [string, string][] = [
  [`a${TIE}ɪ`, 'I'], [`a${TIE}ʊ`, 'W'], [`d${TIE}z`, 'ʣ'], [`d${TIE}ʒ`, 'ʤ'], [`e${TIE}ɪ`, 'A'], [`o${TIE}ʊ`, 'O'], [`ə${TIE}ʊ`, 'Q'],
  [`s${TIE}s`, 'S'], [`t${TIE}s`, 'ʦ'], [`t${TIE}ʃ`, 'ʧ'], [`ɔ${TIE}ɪ`, 'Y'], ['-', ''],
];

export type Dialect = 'en-us' | 'en-gb' | 'other';

function replaceAll(s: string, rules: [string, string][]): string {
  for (const [from, to] of rules) s = s.split(from).join(to);
  return s;
}

/** One word's (or clause's) espeak IPA → Kokoro symbols; symbols outside the vocabulary are dropped. */
export function ipaToKokoro(ipa: string, dialect: Dialect): string {
  // espeak's language-switch marks, e.g. "(‍e‍n)" when a French text quotes an English word
  let s = ipa.replace(/\((?:\u200d?[a-z]{1,3})+\)/g, '').replace(/\([^)]*\)/g, '');
  if (dialect === 'other') s = replaceAll(s, other);
  else {
    // the model author's own rule for American English: "ninety" is said with a flap (nˈIndi);
    // "nineteen" (a long i) is not
    if (dialect === 'en-us') s = s.replace(/(?<=nˈa\u200d?ɪn)ti(?!ː)/g, 'di');
    s = replaceAll(s, dialect === 'en-gb' ? british.slice(0, 3) : american.slice(0, 1));
    s = replaceAll(s, english);
    s = s.replace(/(\S)\u0329/gu, 'ᵊ$1').replace(/\u0329/g, '');
    s = replaceAll(s, dialect === 'en-gb' ? british.slice(3) : american.slice(1));
    // espeak-ng before 1.52 writes "o" where the model expects "ɔ"
    s = s.replace(/o/g, 'ɔ');
  }
  s = s.split(TIE).join('');
  return keepKnown(s);
}

/** Keeps vocabulary symbols; a precomposed letter the vocabulary lacks (ũ) is taken apart (u + ◌̃). */
export function keepKnown(s: string): string {
  let out = '';
  for (const ch of s) {
    if (kokoroVocab.has(ch)) out += ch;
    else for (const part of ch.normalize('NFD')) if (kokoroVocab.has(part)) out += part;
  }
  return out;
}

/** Stress marks and length do not change which sound it is: they are ignored when matching words. */
export const isStress = (ch: string) => ch === 'ˈ' || ch === 'ˌ';
