/**
 * Visual keywords from a sentence: its content words, longest first. The stop-word lists are
 * data for the languages whose words are separated by spaces; other text keeps every word.
 */
const stopWords: Record<string, string> = {
  en: 'a an and are as at be because been but by can could did do does for from had has have he her his how i if in into is it its just like make makes more most my no not of on once one or our out so some than that the their them then there these they this those to too up us very was we were what when where which who why will with you your about after before every never ever also only over each any all much many two three four five first second third its it\'s that\'s there\'s here',
  fr: 'le la les un une des et ou de du au aux en dans pour par sur avec sans ce cet cette ces est sont que qui quoi ne pas plus il elle ils elles on nous vous je tu son sa ses leur leurs mon ma mes',
  es: 'el la los las un una unos unas y o de del al en para por con sin que es son no mas se su sus mi mis tu lo le les como',
  de: 'der die das ein eine einer und oder von zu im in mit ohne für ist sind nicht auch auf dem den des es sie er wir ihr ich',
};

export function keywordsOf(text: string, language = 'en', max = 6): string[] {
  const stop = new Set((stopWords[language.slice(0, 2).toLowerCase()] ?? '').split(' '));
  const seen = new Set<string>();
  const words = text
    .toLocaleLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .map((w) => w.replace(/^['’-]+|['’-]+$/g, ''))
    .filter((w) => w.length > 2 && !stop.has(w) && !/^\d+$/.test(w));
  for (const w of words) seen.add(w);
  return [...seen].sort((a, b) => b.length - a.length).slice(0, max);
}
