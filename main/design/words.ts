/**
 * The words of a sentence as the designer reads them: each with its text as written, a folded
 * form for matching, and whether punctuation ends it (a phrase boundary).
 */
export interface Token {
  /** as written, without surrounding punctuation */
  text: string;
  /** lower-cased, accents kept, apostrophes normalised */
  norm: string;
  /** the punctuation after it ends a clause (, ; : . ! ? — …) */
  breakAfter: boolean;
  /** index among the sentence's words (the same order as a voice's word timings) */
  index: number;
}

export function tokenize(sentence: string): Token[] {
  const raw = sentence.split(/\s+/).filter(Boolean);
  const tokens: Token[] = [];
  for (const piece of raw) {
    const text = piece.replace(/^[\s"'“”‘’«»()[\]{}¿¡]+|[\s"'“”‘’«»()[\]{},;:.!?…]+$/gu, '');
    // a lone dash or quote mark is punctuation: it ends the previous word's clause
    if (!text) {
      if (tokens.length && /[-–—,;:.!?…]/.test(piece)) tokens[tokens.length - 1]!.breakAfter = true;
      continue;
    }
    // punctuation after a figure ends a clause too ("It costs $79, with free shipping")
    const breakAfter = /[,;:.!?…—–)"”»]$/u.test(piece);
    tokens.push({ text, norm: text.toLowerCase().replace(/[’‘]/g, "'"), breakAfter, index: tokens.length });
  }
  return tokens;
}

// Function words per language: a phrase never starts or ends on one, and they are never
// illustrated. Short lists of the commonest words; an unknown language falls back to English.
const FUNCTION_WORDS: Record<string, string> = {
  en: `a an the and or but nor so yet if then than that this these those there here it its it's they them their theirs
    we us our you your yours i me my he him his she her hers of to in on at by for from with without into onto over
    under about as is are was were be been being am do does did done have has had having will would shall should can
    could may might must not no never just very really also too only even still all any some each every most more
    much many few such what which who whom whose when where why how up down out off again once because while until
    before after during through between against among per via let's lets get gets got make makes made thing things
    way ways lot lots one ones someone something anything everything nothing people everyone isn't aren't don't
    doesn't didn't won't can't couldn't wouldn't shouldn't i'm you're we're they're it'll that's there's what's
    away back ever now today always often sometimes maybe perhaps almost quite rather soon later instead else
    enough well actually already across above below behind beside besides beyond near toward towards upon within
    along around inside outside past since like unlike despite throughout underneath except although though unless
    whether whenever wherever yours mine ours theirs simply yes okay ok`,
  fr: `le la les un une des du de d' l' et ou mais donc or ni car si que qu' qui quoi dont où ce cet cette ces il ils
    elle elles on nous vous je tu me te se lui leur leurs son sa ses mon ma mes ton ta tes notre nos votre vos est
    sont était être avoir a ont pas ne plus très aussi tout tous toute toutes en y dans sur sous par pour avec sans
    chez vers entre au aux c' ça cela ceci comme quand après avant pendant depuis chaque plus moins bien avoir été fait
    aujourd'hui`,
  de: `der die das den dem des ein eine einer eines einem einen und oder aber doch wenn dann als wie dass ist sind war
    waren sein haben hat hatte nicht kein keine sehr auch nur noch schon es er sie wir ihr ich du man mit von zu
    zum zur im in am an auf aus bei für über unter nach vor durch um ohne so was wer wo`,
  es: `el la los las un una unos unas y o pero ni si que qué de del al a en con sin por para sobre entre es son era
    ser estar está están fue muy también más menos no sí lo le les se su sus mi mis tu tus nuestro nuestra como
    cuando donde este esta estos estas ese esa eso ya`,
};
const sets = new Map<string, Set<string>>();

/** The function words of a BCP-47 language (its primary subtag), English when unknown. */
export function functionWords(language: string): Set<string> {
  const lang = language.toLowerCase().split(/[-_]/)[0]!;
  const key = FUNCTION_WORDS[lang] ? lang : 'en';
  let set = sets.get(key);
  if (!set) sets.set(key, (set = new Set(FUNCTION_WORDS[key]!.split(/\s+/).filter(Boolean))));
  return set;
}

// Words a noun follows: articles, possessives and prepositions. After one of them (or a number,
// or first in its sentence) a word is used as a noun ("the phone", "with honey"; not "sounds small").
const DETERMINERS: Record<string, string> = {
  en: `a an the this these those my your his her its our their some any every each no another several many few
    of in on at by for from with without into onto over under about through between against among per via across
    above below behind beside beyond near toward towards upon within along around inside outside before after like`,
  fr: `le la les l' un une des du de d' mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette
    ces chaque plusieurs à au aux en dans sur sous par pour avec sans chez vers entre avant après pendant`,
  de: `der die das den dem des ein eine einen einem einer eines mein meine dein deine sein seine ihr ihre unser unsere
    euer eure jeder jede jedes kein keine mit von zu zum zur im in am an auf aus bei für über unter nach vor durch um ohne`,
  es: `el la los las un una unos unas mi mis tu tus su sus nuestro nuestra nuestros nuestras este esta estos estas ese
    esa cada de del al a en con sin por para sobre entre`,
};
const determinerSets = new Map<string, Set<string>>();

/** The words a noun follows in a BCP-47 language (English when unknown). */
export function determiners(language: string): Set<string> {
  const lang = language.toLowerCase().split(/[-_]/)[0]!;
  const key = DETERMINERS[lang] ? lang : 'en';
  let set = determinerSets.get(key);
  if (!set) determinerSets.set(key, (set = new Set(DETERMINERS[key]!.split(/\s+/).filter(Boolean))));
  return set;
}

/** A content word: not a function word, not a bare number, at least two letters. */
export function isContent(t: Token, fn: Set<string>): boolean {
  return !fn.has(t.norm) && /\p{L}.*\p{L}/u.test(t.text) && !/^\d/.test(t.text);
}
