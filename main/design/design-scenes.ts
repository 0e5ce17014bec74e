import type { Visual, WordTiming } from '../../preload/contract/project';
import { emojiIndexFor, matchEmoji } from './emoji-match';
import { figureLabel, findFigure } from './figures';
import { keyPhraseOf, keyPhraseSpan } from './key-phrase';
import { functionWords, isContent, tokenize, type Token } from './words';

export type DesignedVisual = Extract<Visual, { type: 'designed' }>;

export interface SceneToDesign {
  narration: string;
  /** the voice's word timings (seconds from the start of the scene's audio), when known */
  words?: WordTiming[];
  /** a picture or clip fits this scene: it is not designed, but it still counts in a list of steps */
  hasMedia?: boolean;
}

export interface DesignOptions {
  /** BCP-47 tag of the narration */
  language?: string;
  /** the video's title, shown by the title scene */
  title?: string;
  /** a title card already opens the video: the first scene is then designed by what it says */
  titleCard?: boolean;
  /** the emoji index (tests hand in their own; the bundled one by default) */
  emojiIndex?: ReturnType<typeof emojiIndexFor>;
}

// Sequence words at the start of a sentence: a list across scenes. `start` opens one.
const STEP_MARKERS: Record<string, { start: RegExp; next: RegExp; last: RegExp }> = {
  en: {
    start: /^(first(ly)?|step (one|1)|number (one|1)|to (start|begin)|(start|begin) (by|with)|1[.)])\b/i,
    next: /^(second(ly)?|third(ly)?|fourth|fifth|next|then|after that|afterwards|finally|lastly|last|step (two|three|four|five|six|\d)|number (two|three|four|five|\d)|[2-9][.)])\b/i,
    last: /^(finally|lastly|last)\b/i,
  },
  fr: { start: /^(d'abord|premièrement|tout d'abord|d’abord|étape 1|1[.)])/i, next: /^(ensuite|puis|deuxièmement|troisièmement|après|enfin|finalement|étape \d|[2-9][.)])/i, last: /^(enfin|finalement)/i },
  de: { start: /^(erstens|zuerst|zunächst|schritt 1|1[.)])/i, next: /^(zweitens|drittens|dann|danach|anschließend|schließlich|zuletzt|schritt \d|[2-9][.)])/i, last: /^(schließlich|zuletzt)/i },
  es: { start: /^(primero|en primer lugar|paso 1|1[.)])/i, next: /^(segundo|tercero|luego|después|entonces|finalmente|por último|paso \d|[2-9][.)])/i, last: /^(finalmente|por último)/i },
};
/** Whether `text` is a sequence word and nothing else ("First,", "Next", "after that:"), in any language listed. */
export function isSequenceMarker(text: string): boolean {
  const bare = text.trim().replace(/[\s,:;.]+$/u, '');
  return bare.length > 0 && Object.values(STEP_MARKERS).some((m) => [m.start, m.next].some((re) => re.exec(bare)?.[0].length === bare.length));
}
// Verbs a closing call to action starts with (their clause is the action).
const CTA_VERBS: Record<string, RegExp> = {
  en: /^(follow|subscribe|like|share|comment|try|download|visit|join|sign|click|tap|save|check|get|start|buy|order|book|watch|grab|learn|discover|read|send|tell|let)$/i,
  fr: /^(abonne|abonnez|suis|suivez|partage|partagez|essaie|essayez|télécharge|téléchargez|visite|visitez|rejoins|rejoignez|clique|cliquez|like|likez|commente|commentez|découvre|découvrez)$/i,
  de: /^(folge|folgt|abonniere|abonniert|teile|teilt|probier|probiere|lade|besuche|klick|klicke|like|kommentiere|entdecke|hol)$/i,
  es: /^(sigue|síguenos|suscríbete|comparte|prueba|descarga|visita|únete|haz|dale|comenta|descubre)$/i,
};
const langOf = (language: string) => language.toLowerCase().split(/[-_]/)[0]!;

/** The text a sentence quotes, with its speaker when the sentence names one. */
export function findQuote(sentence: string): { quote: string; source?: string } | undefined {
  const m = /["“«„]([^"“”«»„]{6,})["”»“]/u.exec(sentence);
  if (!m || m[1]!.trim().split(/\s+/).length < 3) return undefined;
  const rest = sentence.slice(0, m.index) + ' ' + sentence.slice(m.index + m[0].length);
  const name = "((?:[A-Z][\\p{L}.'-]+)(?:\\s+(?:[A-Z][\\p{L}.'-]+|de|van|von|da|di)){0,3})";
  const patterns = [
    new RegExp(`${name}\\s+(?:once\\s+)?(?:said|says|wrote|writes|asked|put it|tells us|told)`, 'u'),
    new RegExp(`(?:said|says|wrote|writes|according to|as|asked)\\s+${name}`, 'u'),
    new RegExp(`[—–-]\\s*${name}`, 'u'),
  ];
  for (const p of patterns) {
    const s = p.exec(rest);
    // a capital that only opens the sentence ("As Steve Jobs said") is not part of the name
    const source = s?.[1]!.replace(/^((As|And|But|So|Then|The|It|This|That|He|She|They|We|I|You|When|Once)\s+)+/, '').trim();
    if (source && !/^(As|The|It|This|That|He|She|They|We|I|You)$/.test(source)) return { quote: m[1]!.trim(), source };
  }
  return { quote: m[1]!.trim() };
}

/**
 * When a token was spoken, seconds into the scene's audio: the voice's word at the same place
 * when the counts agree (or a word with the same text nearby), else its share of the sentence.
 */
export function spokenAt(tokens: Token[], index: number, words: WordTiming[] | undefined): number {
  if (!words?.length) return 0;
  const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const want = fold(tokens[index]?.text ?? '');
  if (words.length === tokens.length && (fold(words[index]!.text) === want || !want)) return words[index]!.start;
  const guess = Math.round((index / Math.max(1, tokens.length)) * words.length);
  for (let d = 0; d < words.length; d++) {
    for (const k of [guess - d, guess + d]) if (k >= 0 && k < words.length && want && fold(words[k]!.text) === want) return words[k]!.start;
  }
  return words[Math.min(words.length - 1, Math.max(0, guess))]!.start;
}

/** Words that open a new clause inside a closing ask: the action stops before them. */
const ACTION_ENDS = /^(if|when|because|so|who|which|that|how|what|why|where|while|until|since|as|si|quand|parce|qui|que|wenn|weil|wie|was|dass|cuando|porque|como|que)$/;

/**
 * The action of a closing sentence: its clause from the call-to-action verb, at most seven words,
 * ending before a new clause opens ("Like and subscribe | if you…", "Share this with someone | who…")
 * or a second action joins it ("Save this video | and try it…"; "Like and subscribe" stays whole),
 * never on a function word.
 */
function callToAction(tokens: Token[], language: string): string | undefined {
  const verbs = CTA_VERBS[langOf(language)] ?? CTA_VERBS.en!;
  // an imperative may carry its pronoun: "abonnez-vous", "folgt uns"
  // the verb opens its clause (an imperative), or follows "please", "just", "don't forget to"…:
  // "open for anyone to read" asks nothing
  const opensClause = (k: number) => {
    const prev = tokens[k - 1];
    if (!prev || prev.breakAfter) return true;
    if (/^(please|just|now|so|then|and|s'il|bitte|por)$/.test(prev.norm)) return true;
    return prev.norm === 'to' && tokens.slice(Math.max(0, k - 4), k).some((t) => /^(forget|sure|remember)$/.test(t.norm));
  };
  const at = tokens.findIndex((t, k) => opensClause(k) && (verbs.test(t.norm) || verbs.test(t.norm.replace(/-(vous|toi|nous|moi|les|le|la|lui|leur)$/, ''))));
  if (at < 0) return undefined;
  const fn = functionWords(language);
  const out: Token[] = [];
  let cut = false;
  for (let k = at; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (out.length && ACTION_ENDS.test(t.norm)) break;
    if (out.length > 1 && /^(and|or|et|ou|und|oder|y|o)$/.test(t.norm)) break;
    if (out.length === 7) {
      cut = true;
      break;
    }
    out.push(t);
    if (t.breakAfter) break;
  }
  // cut short: back to before its last function word, so it never ends half-way ("more small")
  if (cut) {
    const link = out.map((t) => !isContent(t, fn)).lastIndexOf(true);
    if (link > 0) out.splice(link);
  }
  while (out.length > 1 && !isContent(out[out.length - 1]!, fn) && !/^(it|us|me|this|someone|everyone|today|now)$/i.test(out[out.length - 1]!.norm)) out.pop();
  return out.map((t) => t.text).join(' ');
}

/**
 * A step's own words, once its sequence word is taken off: its first clause when that is short (up to seven words; an
 * instruction reads whole: "fill them at a petrol station"), else that clause's key phrase.
 */
function stepText(sentence: string, language: string): string {
  const markers = STEP_MARKERS[langOf(language)] ?? STEP_MARKERS.en!;
  const rest = sentence.trim().replace(markers.start, '').replace(markers.next, '').replace(/^[\s,:;.-]+/, '');
  const tokens = tokenize(rest || sentence);
  const clause: Token[] = [];
  for (const t of tokens) {
    clause.push(t);
    if (t.breakAfter) break;
  }
  const text = clause.length <= 7 ? clause.map((t) => t.text).join(' ') : keyPhraseOf(clause.map((t) => t.text).join(' '), language, 4);
  // every item of a list in sentence case, whether its sequence word was taken off or not
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/**
 * Designs every scene of a script from its sentence, by the first rule that fits:
 *  1. the first scene (unless a title card opens the video) → title: the video's title, or the hook's key phrase;
 *  2. the last scene, when it asks the viewer to act → call to action: the action in a few words;
 *  3. a sentence quoting someone → quote (its captions become the pull quote; the source below);
 *  4. a run of sentences opened by first / next / finally → numbered steps, this one highlighted;
 *  5. a number, percentage, price, date or duration → stat: the figure huge, a 2–4 word label, shown when it is spoken;
 *  6. a concrete thing the bundled emoji set draws → illustrated;
 *  7. otherwise → kinetic type: the sentence itself as the main text (its captions, centred and large);
 *     its key phrase is kept for when captions are off.
 * Returns one visual per scene, `undefined` for scenes with media. Pure: the same script gives the same design.
 */
export function designScenes(scenes: SceneToDesign[], opts: DesignOptions = {}): Array<DesignedVisual | undefined> {
  const language = opts.language ?? 'en';
  const markers = STEP_MARKERS[langOf(language)] ?? STEP_MARKERS.en!;
  const tokens = scenes.map((s) => tokenize(s.narration));

  // Steps: a scene opening with a start marker, through the last scene with a sequence marker
  // that follows within two unmarked scenes (a how-to names some of its steps only by their
  // verb: "First… Next… Rinse… Pour… Then… Finally…"); "finally" closes the list.
  const stepOf = new Map<number, { items: string[]; current: number }>();
  const said = (k: number) => scenes[k]!.narration.trim();
  for (let i = 0; i < scenes.length; i++) {
    if (!markers.start.test(said(i))) continue;
    let last = i;
    for (let j = i + 1; j < scenes.length && j - last <= 3 && !markers.start.test(said(j)); j++) {
      if (!markers.next.test(said(j))) continue;
      last = j;
      if (markers.last.test(said(j))) break;
    }
    if (last === i) continue;
    const items = scenes.slice(i, last + 1).map((s) => stepText(s.narration, language)).slice(0, 8);
    for (let k = i; k <= last && k - i < 8; k++) stepOf.set(k, { items, current: k - i });
    i = last;
  }

  let emojiIndex = opts.emojiIndex;
  const last = scenes.length - 1;
  return scenes.map((scene, i): DesignedVisual | undefined => {
    if (scene.hasMedia) return undefined;
    const t = tokens[i]!;
    const base = { type: 'designed' as const, at: 0 };
    if (i === 0 && !opts.titleCard && scenes.length > 1) {
      const title = opts.title?.trim();
      const text = title && title.split(/\s+/).length <= 10 ? title : keyPhraseOf(scene.narration, language, 5, t);
      return { ...base, kind: 'title', text };
    }
    if (i === last && i > 0) {
      const action = callToAction(t, language);
      if (action) return { ...base, kind: 'cta', text: action };
    }
    const quote = findQuote(scene.narration);
    if (quote) return { ...base, kind: 'quote', text: '', ...(quote.source ? { label: quote.source } : {}) };
    const steps = stepOf.get(i);
    if (steps) return { ...base, kind: 'steps', text: steps.items[steps.current]!, steps };
    const figure = findFigure(t);
    if (figure) {
      const { from, weight: _w, to: _t, ...shown } = figure;
      return {
        ...base,
        kind: 'stat',
        text: '',
        label: figureLabel(t, figure, language),
        figure: { text: shown.text, ...(shown.value !== undefined ? { value: shown.value } : {}), prefix: shown.prefix, suffix: shown.suffix, decimals: shown.decimals, count: shown.count },
        at: round(spokenAt(t, from, scene.words)),
      };
    }
    emojiIndex ??= emojiIndexFor(language);
    const emoji = matchEmoji(t, emojiIndex, language);
    if (emoji) {
      const span = keyPhraseSpan(t, language, 6);
      return { ...base, kind: 'illustrated', text: span ? t.slice(span.from, span.to).map((x) => x.text).join(' ') : '', emoji: { char: emoji.char, icon: emoji.icon } };
    }
    return { ...base, kind: 'kinetic', text: keyPhraseOf(scene.narration, language, 6, t) };
  });
}

const round = (s: number) => Math.round(s * 1000) / 1000;

/** A designed scene whose main text is its own sentence: its captions are that text, centred and large. */
export const captionsAreMainText = (v: DesignedVisual) => v.kind === 'kinetic' || v.kind === 'quote';

/** `v` shows the next step of the list `prev` showed: the same list stays on screen, its highlight moves on. */
export function continuesList(prev: Visual | undefined, v: Visual | undefined): boolean {
  return v?.type === 'designed' && v.kind === 'steps' && prev?.type === 'designed' && prev.kind === 'steps' && JSON.stringify(prev.steps?.items) === JSON.stringify(v.steps?.items);
}
