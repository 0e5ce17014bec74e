/**
 * Rough syllable counts, used only to share a stretch of speech between the words spoken in it
 * when an engine reports no word timing. Being roughly proportional is what matters, not being
 * right about any one word.
 */
const latinVowels = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]+/giu;
const cyrillicVowels = /[аеёиоуыэюяіїє]+/giu;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

export function countSyllables(word: string): number {
  const w = word.toLowerCase();
  const digits = w.match(/\p{N}/gu)?.length ?? 0;
  // a spoken number is long: "1990" is "nineteen ninety"
  let n = digits * 1.5;
  const han = w.match(cjk)?.length ?? 0;
  n += han;
  const latin = w.match(latinVowels)?.length ?? 0;
  if (latin) n += Math.max(1, latin - (/[^aeiouy]e$/u.test(w) && latin > 1 ? 1 : 0));
  n += w.match(cyrillicVowels)?.length ?? 0;
  // scripts without written vowels (Arabic, Hebrew) or ones not handled above: about one syllable
  // per two or three letters
  const otherLetters = w.replace(/[a-zà-ÿœ]/gu, '').replace(cjk, '').replace(/[а-яёіїє]/gu, '').match(/\p{L}/gu)?.length ?? 0;
  n += otherLetters / 2.5;
  if (/\p{Extended_Pictographic}/u.test(w)) n += 1;
  return Math.max(1, n);
}
