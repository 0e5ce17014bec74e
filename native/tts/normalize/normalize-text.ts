import { splitWords, type TextWord } from '../words';
import type { WordTiming } from '../types';
import { speechRulesFor, type CurrencySymbol, type SpeechRules } from './languages';
import { NUMBER, parseNumber, sayNumber, type WrittenNumber } from './read-number';

/** A run of the script's words (from..to, exclusive) and the words the voice says for them. */
export interface SpokenGroup {
  from: number;
  to: number;
  spoken: string;
}

export interface NormalizedText {
  /** the script's own words: what captions show */
  words: TextWord[];
  groups: SpokenGroup[];
  /** what the voice is given */
  spoken: string;
  changed: boolean;
}

// French sets ; : ! ? » apart with a space, so they ride with the word before them
const LEAD = /^(?:[\p{Pi}\p{Ps}"'¿¡]\s*|[—–-]\s+)*/u;
const TRAIL = /(?:[\p{Pf}\p{Pe}"'.,;:!?…]|\s+[—–\-;:!?»]+)*$/u;
const SYMBOLS = '$€£¥';
const currencyFirst = new RegExp(`^(US\\$|[${SYMBOLS}])(${NUMBER})(k|m|mn|bn|b)?$`, 'i');
const currencyAfter = new RegExp(`^(${NUMBER})\\s?([${SYMBOLS}])$`);
const percentWord = new RegExp(`^(${NUMBER})\\s?%$`);
const range = /^(\d+)[-–](\d+)$/;
const clock = /^(\d{1,2}):(\d{2})(am|pm|a\.m\.|p\.m\.)?$/i;
const frenchClock = /^(\d{1,2})h(\d{2})?$/i;
const hourSuffix = /^(\d{1,2})(am|pm|a\.m\.|p\.m\.)$/i;
const meridiem = /^(am|pm|a\.m\.|p\.m\.)$/i;

interface Piece {
  lead: string;
  core: string;
  trail: string;
}

function pieces(text: string): Piece {
  const lead = LEAD.exec(text)![0];
  const rest = text.slice(lead.length);
  const trail = TRAIL.exec(rest)![0];
  return { lead, core: rest.slice(0, rest.length - trail.length), trail };
}

const speakable = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
const speakableCount = (s: string) => Math.max(1, s.split(/\s+/).filter((t) => speakable.test(t)).length);

/**
 * Rewrites a narration the way a person reads it aloud — numbers, money, percentages, ordinals,
 * years, clock times and common abbreviations — per language (en, es, de, fr), and keeps which
 * written words each spoken stretch stands for, so timings can be mapped back and captions still
 * show "3.5%" while the voice says "three point five percent". Languages without rules pass
 * through unchanged (the engine reads them its own way).
 */
export function normalizeForSpeech(text: string, language: string): NormalizedText {
  const words = splitWords(text);
  const rules = speechRulesFor(language);
  const units = rules ? joinDigitGroups(words) : words.map((w, i) => ({ text: w.text, from: i, to: i + 1 }));
  const groups: SpokenGroup[] = [];
  let i = 0;
  while (i < units.length) {
    const hit = rules ? expandAt(units, i, rules) : undefined;
    const consumed = hit?.consumed ?? 1;
    const spoken = hit?.spoken ?? units[i]!.text;
    groups.push({ from: units[i]!.from, to: units[i + consumed - 1]!.to, spoken: rules ? spellSymbols(spoken, rules) : spoken });
    i += consumed;
  }
  const changed = groups.some((g) => g.to - g.from !== 1 || g.spoken !== words[g.from]!.text);
  return { words, groups, spoken: changed ? groups.map((g) => g.spoken).join(' ') : text, changed };
}

/** Timings of the spoken words → timings of the written words (a group's words share its span). */
export function mapTimingsBack(n: NormalizedText, timed: WordTiming[]): WordTiming[] {
  if (!n.changed) return timed;
  const counts = n.groups.map((g) => speakableCount(g.spoken));
  const total = counts.reduce((a, b) => a + b, 0);
  const out: WordTiming[] = [];
  let k = 0;
  n.groups.forEach((g, gi) => {
    // an engine that split the words differently still gets a monotonic, proportional mapping
    const first = total === timed.length ? k : Math.floor((k * timed.length) / total);
    const last = total === timed.length ? k + counts[gi]! - 1 : Math.max(first, Math.floor(((k + counts[gi]!) * timed.length) / total) - 1);
    k += counts[gi]!;
    const a = timed[Math.min(first, timed.length - 1)];
    const b = timed[Math.min(last, timed.length - 1)];
    if (!a || !b) return;
    const span = g.to - g.from;
    for (let w = 0; w < span; w++) {
      const start = a.start + ((b.end - a.start) * w) / span;
      const end = a.start + ((b.end - a.start) * (w + 1)) / span;
      out.push({ text: n.words[g.from + w]!.text, start: round(start), end: round(end) });
    }
  });
  return out;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

/** A written word, or several that read as one ("1 250 000" with spaces between the digit groups). */
interface Unit {
  text: string;
  from: number;
  to: number;
}

function joinDigitGroups(words: TextWord[]): Unit[] {
  const units: Unit[] = [];
  for (let i = 0; i < words.length; i++) {
    let text = words[i]!.text;
    let to = i + 1;
    if (/^[-−+]?\d{1,3}$/.test(text)) {
      while (to < words.length && /^\d{3}(?![\d])/.test(words[to]!.text) && !/^\d{3}[-–:]/.test(words[to]!.text)) {
        text += `\u00a0${words[to]!.text}`;
        to++;
        if (!/^\d{3}$/.test(words[to - 1]!.text)) break;
      }
    }
    units.push({ text, from: i, to });
    i = to - 1;
  }
  return units;
}

/** "&" and a lone "+" are words too. */
function spellSymbols(spoken: string, rules: SpeechRules): string {
  return spoken.replace(/(^|\s)&(?=\s|$)/g, `$1${rules.andWord}`);
}

interface Hit {
  consumed: number;
  spoken: string;
}

function expandAt(words: Unit[], i: number, rules: SpeechRules): Hit | undefined {
  const here = pieces(words[i]!.text);
  const next = words[i + 1] ? pieces(words[i + 1]!.text) : undefined;
  const wrap = (spoken: string, consumed = 1, trail = consumed === 1 ? here.trail : pieces(words[i + consumed - 1]!.text).trail): Hit => ({
    consumed,
    spoken: `${here.lead}${spoken}${trail}`,
  });
  const { core } = here;
  if (!core) return undefined;
  // the period that ends "Dr." or a German ordinal "3." is part of the word, not the sentence
  const dotted = here.trail.startsWith('.') ? `${core}.` : core;
  const afterDot = here.trail.startsWith('.') ? here.trail.slice(1) : here.trail;

  // two-word abbreviations: "z. B.", "p. ej."
  if (next) {
    const pair = `${dotted} ${next.core}${next.trail.startsWith('.') ? '.' : ''}`.toLowerCase();
    const said = rules.pairs[pair];
    if (said) return wrap(said, 2, next.trail.replace(/^\./, ''));
  }

  // clock times
  const c = clock.exec(core);
  if (c && Number(c[1]) < 24 && Number(c[2]) < 60) {
    let suffix = meridiemOf(c[3]);
    let consumed = 1;
    if (!suffix && next && meridiem.test(next.core + (next.trail.startsWith('.') ? '.' : ''))) {
      suffix = meridiemOf(next.core);
      consumed = 2;
    } else if (next && rules.timeUnitWord?.test(next.core)) consumed = 2;
    return wrap(rules.time(Number(c[1]), Number(c[2]), suffix), consumed);
  }
  const hs = hourSuffix.exec(dotted);
  if (hs && Number(hs[1]) <= 12) return { consumed: 1, spoken: `${here.lead}${rules.time(Number(hs[1]), 0, meridiemOf(hs[2]))}${hs[2]!.endsWith('.') ? afterDot : here.trail}` };
  const fc = rules.pointWord === 'virgule' ? frenchClock.exec(core) : null;
  if (fc && Number(fc[1]) < 24) return wrap(rules.time(Number(fc[1]), Number(fc[2] ?? 0)));

  // money
  const money = currencyFirst.exec(core);
  if (money) {
    const sym = (money[1]!.endsWith('$') ? '$' : money[1]) as CurrencySymbol;
    return sayMoney(money[2]!, sym, money[3], words, i, rules, wrap);
  }
  const moneyAfter = currencyAfter.exec(core);
  if (moneyAfter) return sayMoney(moneyAfter[1]!, moneyAfter[2] as CurrencySymbol, undefined, words, i, rules, wrap);
  const bare = parseNumber(core, rules);
  if (bare && next && next.core.length === 1 && SYMBOLS.includes(next.core)) {
    return sayMoney(core, next.core as CurrencySymbol, undefined, words, i + 1, rules, (s, n = 1, t) => wrap(s, n + 1, t ?? next.trail));
  }

  // percentages
  const pct = percentWord.exec(core);
  if (pct) {
    const n = parseNumber(pct[1]!, rules);
    if (n) return wrap(`${sayNumber(n, rules)} ${rules.percent}`);
  }

  // ordinals
  const ord = rules.ordinalPattern.exec(rules.ordinalPattern.source.includes('\\.$') ? dotted : core);
  if (ord) {
    const german = rules.ordinalPattern.source.includes('\\.$');
    // "2019." at a sentence end is a year; "am 3. Mai" is an ordinal
    const isOrdinal = !german || (next !== undefined && (/^\p{Ll}/u.test(next.core) || (rules.months?.test(next.core) ?? false)));
    if (isOrdinal) {
      const prev = i > 0 ? pieces(words[i - 1]!.text).core : undefined;
      const said = rules.ordinal(Number(ord[1]), { feminine: rules.feminineSuffix?.test(core) ?? false, after: prev });
      return german ? { consumed: 1, spoken: `${here.lead}${said}${afterDot}` } : wrap(said);
    }
  }

  // ranges: 10-20
  const r = range.exec(core);
  if (r) return wrap(`${rules.cardinal(Number(r[1]))} ${rules.rangeWord} ${rules.cardinal(Number(r[2]))}`);

  // years: 1990, 1990s
  const y = /^(\d{4})(s|'s|’s)?$/.exec(core);
  if (y && rules.year && Number(y[1]) >= 1100 && Number(y[1]) <= 2099 && !(next && unitOf(next.core, rules))) {
    if (y[2] && !rules.plural) return undefined;
    const said = rules.year(Number(y[1]));
    return wrap(y[2] ? rules.plural!(said) : said);
  }

  // numbers, with a unit attached or following: 5km, 5 km
  const withUnit = new RegExp(`^(${NUMBER})([a-zA-Z°/]+)$`).exec(core);
  if (withUnit) {
    const n = parseNumber(withUnit[1]!, rules);
    const unit = unitOf(withUnit[2]!, rules);
    if (n && unit) return wrap(`${sayNumber(n, rules)} ${plural(n) ? unit[1] : unit[0]}`);
  }
  if (bare) {
    const unit = next ? unitOf(next.core, rules) : undefined;
    if (unit) return wrap(`${sayNumber(bare, rules)} ${plural(bare) ? unit[1] : unit[0]}`, 2);
    return wrap(sayNumber(bare, rules));
  }

  // abbreviations and symbols
  if (core === '&') return wrap(rules.andWord);
  const abbr = rules.abbreviations[dotted.toLowerCase()] ?? rules.abbreviations[core.toLowerCase()];
  if (abbr && /\p{L}/u.test(core)) {
    const needsName = /^(st|m|no|nr|n°)\.?$/i.test(dotted);
    const nextFits = next && (/^(no|nr|n°)\.?$/i.test(dotted) ? /^\d/.test(next.core) : /^\p{Lu}/u.test(next.core));
    if (needsName && !nextFits) return undefined;
    const usedDot = rules.abbreviations[dotted.toLowerCase()] !== undefined && dotted !== core;
    const sentenceEnd = usedDot && i === words.length - 1 && !abbr.endsWith('.') ? '.' : '';
    return { consumed: 1, spoken: `${here.lead}${abbr}${usedDot ? afterDot : here.trail}${sentenceEnd}` };
  }
  return undefined;
}

function meridiemOf(s: string | undefined): 'am' | 'pm' | undefined {
  if (!s) return undefined;
  return s.toLowerCase().startsWith('a') ? 'am' : 'pm';
}

function unitOf(word: string, rules: SpeechRules): [string, string] | undefined {
  return rules.units[word.toLowerCase()];
}

const plural = (n: WrittenNumber) => n.negative || n.whole !== 1 || n.fraction !== undefined;

function sayMoney(
  amount: string,
  sym: CurrencySymbol,
  suffixScale: string | undefined,
  words: Unit[],
  i: number,
  rules: SpeechRules,
  wrap: (spoken: string, consumed?: number, trail?: string) => Hit,
): Hit | undefined {
  const n = parseNumber(amount, rules);
  if (!n) return undefined;
  const c = rules.currency[sym];
  const nextWord = words[i + 1] ? pieces(words[i + 1]!.text) : undefined;
  const scaleWord = suffixScale ? rules.scales[suffixScale.toLowerCase()] : nextWord ? rules.scales[nextWord.core.toLowerCase()] : undefined;
  if (scaleWord && suffixScale) return wrap(rules.scaledMoney(sayNumber(n, rules), scaleWord, c));
  if (scaleWord && nextWord && /^\p{L}/u.test(nextWord.core)) return wrap(rules.scaledMoney(sayNumber(n, rules), scaleWord, c), 2);
  const sign = n.negative ? `${rules.minus} ` : '';
  if (n.fraction === undefined || n.fraction.length > 2) {
    if (n.fraction !== undefined) return wrap(`${sign}${sayNumber({ ...n, negative: false }, rules)} ${c.many}`);
    return wrap(sign + rules.money(rules.cardinal(n.whole), undefined, c, n.whole, 0));
  }
  const cents = Number(n.fraction.padEnd(2, '0'));
  const units = n.whole === 0 && cents > 0 ? undefined : rules.cardinal(n.whole);
  if (!units) return wrap(`${sign}${rules.beforeNoun(rules.cardinal(cents))} ${cents === 1 ? c.centOne : c.centMany}`);
  return wrap(sign + rules.money(units, cents ? rules.cardinal(cents) : undefined, c, n.whole, cents));
}
