import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appLayout } from '../../native/resources';
import { determiners, functionWords, isContent, type Token } from './words';

/** One emoji of CLDR's annotations (emojibase-data), as far as matching needs it. */
export interface EmojiEntry {
  label: string;
  hexcode: string;
  emoji: string;
  tags?: string[];
  group?: number;
}

export interface EmojiChoice {
  char: string;
  /** the icon's name in the bundled set */
  icon: string;
  /** the sentence's word it illustrates (token index) */
  word: number;
}

interface Hit {
  char: string;
  icon: string;
  score: number;
  /** matched only by a CLDR keyword, not by the thing's own name ("kitten" → cat, "small" → shrimp) */
  keyword?: boolean;
  /** a person's picture ("guard" is a royal guard) */
  person?: boolean;
}

// CLDR groups: 0 smileys, 1 people and body, 2 skin tones, 3 animals and nature, 4 food and drink,
// 5 travel and places, 6 activities, 7 objects, 8 symbols, 9 flags. Things are drawn from 3–7;
// people and symbols only by their own name (a tag like "hand" or "love" would illustrate anything).
const THINGS = new Set([3, 4, 5, 6, 7]);
const BY_NAME_ONLY = new Set([1, 8]);
/**
 * English words CLDR files under pictures in a sense a sentence rarely means: "light" keys the candle
 * and ends "traffic light", though "the light" of a story is a lamp, a lighthouse's beam or daylight.
 * They illustrate only as a thing's whole name, never as a keyword or a longer name's last word.
 */
const LOOSE_WORDS = new Set(['light']);
/**
 * English adjectives CLDR files as keywords of things ("wild" of wild cabbage → broccoli, "rich" →
 * money bag, "cold" → snowman): after "the" they read as nouns ("in the wild", "the rich") yet name
 * no thing. As keywords of other things they illustrate nothing; words of a thing's own name still count.
 */
const ADJECTIVE_KEYWORDS = new Set('wild hot cold sweet sour fast slow small big strong white red blue green yellow orange purple brown young lucky empty soft heavy new fresh dark bright sad good silver cool quiet loud old rich right closed open dangerous sick sharp clean wise happy'.split(' '));
const LINKS = new Set(['with', 'and', 'behind', 'in', 'on', 'of', 'at', 'for', 'from', 'avec', 'et', 'de', 'mit', 'und', 'con', 'y']);

/**
 * The word → emoji index of one language: an emoji's own name (one word, or its head noun: the last word
 * in English and German, "red apple" → apple, the first in French or Spanish, "boisson chaude" → boisson) scores highest, a CLDR keyword next; of the emoji a word names, the
 * most generic picture wins (a single-word name, fewest keywords). Only emoji the bundled set draws are kept.
 */
export function buildEmojiIndex(entries: EmojiEntry[], icons: Map<string, string>, headFirst = false): Map<string, Hit> {
  const index = new Map<string, Hit>();
  const put = (word: string, hit: Hit) => {
    const old = index.get(word);
    if (!old || hit.score > old.score) index.set(word, hit);
  };
  const usable = entries.flatMap((e) => {
    if (e.group === undefined || !(THINGS.has(e.group) || BY_NAME_ONLY.has(e.group))) return [];
    const icon = icons.get(e.hexcode.toLowerCase()) ?? icons.get(e.hexcode.toLowerCase().replace(/-fe0f/g, ''));
    if (!icon) return [];
    // the name up to its first linking word: "cloud with lightning and rain" is a cloud
    const words = e.label.toLowerCase().split(/[\s:,]+/).filter(Boolean);
    const link = words.findIndex((w, k) => k > 0 && LINKS.has(w));
    const name = link > 0 ? words.slice(0, link) : words;
    const head = words.length === 1 ? words[0]! : headFirst ? name[0]! : name[name.length - 1]!;
    return [{ e, icon, head, name, single: words.length === 1 }];
  });
  const headCount = new Map<string, number>();
  for (const u of usable) if (!u.single) headCount.set(u.head, (headCount.get(u.head) ?? 0) + 1);
  for (const { e, icon, head, name, single } of usable) {
    const char = e.emoji;
    // fewer keywords: a more generic picture of each of them (automobile over taxi for "car")
    const generic = 0.02 * Math.max(0, 10 - (e.tags?.length ?? 0));
    // a head many names share ("railway car", "police car") says less than a thing's own name
    // a head noun ("saw" of carpentry saw, "cut" of cut of meat) is often a verb too: it needs the noun use a keyword needs
    // a name with a proper noun in it ("Christmas tree", "Japanese castle") is a special one of its head
    const proper = !single && /\p{Lu}/u.test(e.label) ? 0.3 : 0;
    if (single || !LOOSE_WORDS.has(head)) put(head, { char, icon, ...(e.group === 1 ? { person: true } : {}), score: single ? 3 : 2.2 - 0.1 * ((headCount.get(head) ?? 1) - 1) + generic - proper, ...(single ? {} : { keyword: true }) });
    // a two-word name is matched whole ("traffic light", "honey pot")
    if (name.length === 2) put(name.join(' '), { char, icon, score: 3.2 });
    if (BY_NAME_ONLY.has(e.group!)) continue;
    for (const t of e.tags ?? []) {
      // a name's head is scored as the head (shared by the names that end in it): tagged again, a
      // Christmas tree would outscore the trees that are just trees for "tree"
      if (t.includes(' ') || (!single && t.toLowerCase() === head) || LOOSE_WORDS.has(t.toLowerCase()) || (ADJECTIVE_KEYWORDS.has(t.toLowerCase()) && !name.includes(t.toLowerCase()))) continue;
      // in a food's name the first word names the food ("honey" → honey pot, not badger); elsewhere it
      // is mostly a quality ("light rail", "small airplane")
      const inName = e.group === 4 && name.includes(t.toLowerCase());
      put(t.toLowerCase(), { char, icon, score: 2 + (single ? 0.3 : 0) + (inName ? 0.5 : 0) + generic, keyword: !(single && t.toLowerCase() === head) });
    }
  }
  return index;
}

/** The forms a written word may take in the index: itself, then its singular. */
function forms(word: string): string[] {
  const out = [word];
  if (word.endsWith('ies') && word.length > 4) out.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es') && word.length > 4) out.push(word.slice(0, -2));
  if (word.endsWith('s') && word.length > 3) out.push(word.slice(0, -1));
  return out;
}

/** Numbers, clock and calendar words: CLDR files clocks and watches under them ("eight" → eight o'clock, "a time" → watch), never a thing the sentence is about. */
const TIME_WORD = /^(time|times|hours?|minutes?|seconds?|days?|weeks?|months?|years?|temps|heures?|jours?|zeit|stunden?|tage?|tiempo|horas?|días?)$/;
const NUMBER_WORD = /^(\d.*|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirty|hundred|thousand|million|billion|o'clock|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce)$/;

/**
 * The illustration of a sentence: its content word that best names a thing the set draws. A
 * thing's own name counts wherever the word stands; a CLDR keyword that is not the thing's name
 * ("kitten" → cat, "home" → hammer, "small" → shrimp) counts only where the sentence uses the word
 * as a noun: first in its sentence, or after an article, a possessive, a preposition or a number,
 * directly or across one word that is not a plural ("the kitten", "two grey kittens", "with honey";
 * not "her diaries sit"), and not modifying
 * the next word ("small talk"). So does the head of a longer name ("saw" of "carpentry saw": "he saw").
 * Numbers are never illustrated (CLDR keys its clocks by them).
 */
export function matchEmoji(tokens: Token[], index: Map<string, Hit>, language: string): EmojiChoice | undefined {
  const fn = functionWords(language);
  const det = determiners(language);
  let best: (EmojiChoice & { score: number }) | undefined;
  const modifiersFollow = ['fr', 'es', 'it', 'pt'].includes(language.toLowerCase().split(/[-_]/)[0]!);
  const consider = (hit: Hit, word: number, score: number) => {
    if (!best || score > best.score) best = { char: hit.char, icon: hit.icon, word, score };
  };
  for (const t of tokens) {
    // a word right before another content word (after it, in French or Spanish) modifies it:
    // "soft tyre", "cold brew" are about the tyre and the brew
    // (in French or Spanish only when that word names a thing itself: "bon café" is still coffee)
    const nb = modifiersFollow ? tokens[t.index - 1] : tokens[t.index + 1];
    const modifier = nb !== undefined && isContent(nb, fn) && !(modifiersFollow ? nb.breakAfter : t.breakAfter) && (!modifiersFollow || forms(nb.norm).some((f) => index.has(f)));
    if (!isContent(t, fn) || t.norm.length < 3 || NUMBER_WORD.test(t.norm) || TIME_WORD.test(t.norm)) continue;
    const before = tokens[t.index - 1];
    const opener = (b: Token | undefined) => b !== undefined && !b.breakAfter && (det.has(b.norm) || NUMBER_WORD.test(b.norm) || /^\d/.test(b.text));
    // after an opener, or after an opener and one word ("a steel bottle", "two ripe bananas")
    const twoBack = tokens[t.index - 2];
    const acrossOne = before !== undefined && !before.breakAfter && isContent(before, fn) && !/s$/.test(before.norm) && opener(twoBack);
    const usedAsNoun = !modifier && (t.index === 0 || opener(before) || acrossOne);
    // the sentence's subject tends to come first: a later word must name its thing more surely
    const place = (0.6 * t.index) / tokens.length + (modifier ? 0.5 : 0);
    // two words that are a thing's whole name ("traffic lights", "ice cream")
    const next = tokens[t.index + 1];
    if (next && !t.breakAfter) {
      for (const [k, form] of forms(next.norm).entries()) {
        const hit = index.get(`${t.norm} ${form}`);
        if (hit) consider(hit, t.index, hit.score - k * 0.3 - (0.6 * t.index) / tokens.length);
      }
    }
    for (const [k, form] of forms(t.norm).entries()) {
      const hit = index.get(form);
      if (!hit) continue;
      // a keyword's plural right after an opener only ("the notes"; "charge lasts" is a verb)
      if (hit.keyword && (!usedAsNoun || (k > 0 && !opener(before) && t.index > 0))) continue;
      // a person named with a noun before it is another person: a coast guard is no royal guard
      if (hit.person && before !== undefined && !before.breakAfter && isContent(before, fn) && !opener(before)) continue;
      consider(hit, t.index, hit.score - k * 0.3 - place);
    }
  }
  return best && best.score >= 1.4 ? { char: best.char, icon: best.icon, word: best.word } : undefined;
}

/** The node_modules folder the app's dependencies are read from (the checkout's, or the packaged app's). */
export function modulesDir(): string {
  return join(appLayout().root, 'node_modules');
}

const indexes = new Map<string, Map<string, Hit>>();

/**
 * The index for a language from the bundled data: CLDR annotations in that language when
 * emojibase-data has them (fr, de, es, ja…), English otherwise.
 */
export function emojiIndexFor(language: string): Map<string, Hit> {
  const lang = language.toLowerCase().split(/[-_]/)[0]!;
  const dir = join(modulesDir(), 'emojibase-data');
  const locale = existsSync(join(dir, lang, 'data.json')) ? lang : 'en';
  let index = indexes.get(locale);
  if (!index) {
    const entries = JSON.parse(readFileSync(join(dir, locale, 'data.json'), 'utf8')) as EmojiEntry[];
    const chars = JSON.parse(readFileSync(join(modulesDir(), '@iconify-json', 'fluent-emoji-flat', 'chars.json'), 'utf8')) as Record<string, string>;
    index = buildEmojiIndex(entries, new Map(Object.entries(chars)), ['fr', 'es', 'it', 'pt'].includes(locale));
    indexes.set(locale, index);
  }
  return index;
}
