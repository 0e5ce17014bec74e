import { functionWords, isContent, type Token } from './words';

/** A figure found in a sentence: what to show, its value for a count-up, and where it was said. */
export interface Figure {
  /** as shown: "87%", "$20", "2 billion", "1969" */
  text: string;
  value?: number;
  prefix: string;
  suffix: string;
  decimals: number;
  /** counting up reads well (a quantity; not a year, not a tiny number) */
  count: boolean;
  /** token indices the figure spans (first, after last) */
  from: number;
  to: number;
  /** how strongly it is a figure: currency and percentages beat a bare number, a year least */
  weight: number;
}

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, dozen: 12,
};
const MAGNITUDE: Record<string, number> = { hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const SHORT_MAGNITUDE: Record<string, string> = { k: 'thousand', m: 'million', mn: 'million', bn: 'billion', b: 'billion', tn: 'trillion' };
const CURRENCY_WORDS: Record<string, string> = { dollar: '$', dollars: '$', euro: '€', euros: '€', pound: '£', pounds: '£', yen: '¥' };
/** Units a duration or measure carries: they head the label ("12" + "hours to steep"). */
const UNITS = /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|times|x|km|kilometres?|kilometers?|miles?|metres?|meters?|kg|kilos?|grams?|litres?|liters?|degrees?|calories|steps|people|percent)$/;
const MONTHS = /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)$/;

/** A period of time: after a rate word it is the figure's rate, after "this" or "last" its time. */
const PERIOD = /^(seconds?|minutes?|hours?|days?|nights?|mornings?|weeks?|weekends?|months?|years?|decades?|winter|summer|spring|autumn|fall|season|quarter|semaine|mois|an|année|jahr|monat|woche|año|mes|semana)$/;
const RATE = /^(a|an|per|each|every|par|pro|por|al)$/;
const WHEN = /^(this|next|last|that|in|by|since|until|during|ce|cette|dieses|diesen|este|esta)$/;
/** Words that open a new clause after a figure: the label stops before them. */
const CLAUSE_OPENERS = /^(and|or|but|while|when|if|because|as|that|which|who|whom|whose|so|than|still|will|would|shall|should|can|could|may|might|must|is|are|was|were|has|have|had|do|does|did|then|though|although|unless|until|et|ou|mais|qui|que|quand|parce|und|oder|aber|wenn|weil|dass|y|o|pero|cuando|porque)$/;

const fmt = (v: number, decimals: number) => v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Spelled numbers from token i: "two billion", "twenty-five", "three hundred thousand". */
function spelled(tokens: Token[], i: number): { value: number; to: number; words: string[] } | undefined {
  let total = 0;
  let current = 0;
  let k = i;
  let seen = false;
  const words: string[] = [];
  for (; k < tokens.length; k++) {
    const w = tokens[k]!.norm;
    const parts = w.split('-');
    if (parts.every((p) => p in SMALL)) {
      current += parts.reduce((s, p) => s + SMALL[p]!, 0);
    } else if (w in MAGNITUDE && seen) {
      const m = MAGNITUDE[w]!;
      if (m === 100) current *= 100;
      else {
        total += current * m;
        current = 0;
      }
    } else if (w === 'and' && seen && k + 1 < tokens.length && tokens[k + 1]!.norm in SMALL) {
      continue;
    } else break;
    seen = true;
    words.push(w);
    if (tokens[k]!.breakAfter) {
      k++;
      break;
    }
  }
  if (!seen) return undefined;
  return { value: total + current, to: k, words };
}

const PARTS: Record<string, [number, string]> = { half: [50, '50%'], third: [33, '1 in 3'], quarter: [25, '25%'], fifth: [20, '1 in 5'], tenth: [10, '1 in 10'] };

/** "half of", "a third of", "one in five" at token i: a share of something, shown as a percentage or "1 in N". */
function fraction(tokens: Token[], i: number): Figure | undefined {
  const w = tokens[i]!.norm;
  const next = tokens[i + 1]?.norm;
  // "one in five", "1 in 10"
  if ((w === 'one' || w === '1') && next === 'in' && !tokens[i]!.breakAfter) {
    const n = tokens[i + 2] && (/^\d+$/.test(tokens[i + 2]!.text) ? Number(tokens[i + 2]!.text) : SMALL[tokens[i + 2]!.norm]);
    if (n && n > 1) return { text: `1 in ${n}`, prefix: '', suffix: '', decimals: 0, count: false, from: i, to: i + 3, weight: 3.5 };
  }
  // "half of", "a third of" (not "the third year", not "Third, …")
  const part = PARTS[w];
  const opened = w === 'half' || ['a', 'one'].includes(tokens[i - 1]?.norm ?? '');
  if (part && opened && next === 'of' && !tokens[i]!.breakAfter) {
    const from = w === 'half' ? i : i - 1;
    return { text: part[1], value: part[0], prefix: '', suffix: part[1].endsWith('%') ? '%' : '', decimals: 0, count: false, from, to: i + 1, weight: 3.5 };
  }
  return undefined;
}

/** The figure of a sentence worth showing large, if it has one (the strongest; the first of equals). */
export function findFigure(tokens: Token[]): Figure | undefined {
  const found: Figure[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1]?.norm;
    // digits, with a currency sign, a percent sign, a magnitude (k, m, bn) or a unit word after
    const m = /^([$€£¥]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%|k|m|bn|mn|b|x)?$/i.exec(t.text);
    if (m) {
      let value = Number(m[2]!.replaceAll(',', '') + (m[3] ? `.${m[3]}` : ''));
      const decimals = Math.min(3, m[3]?.length ?? 0);
      let prefix = m[1] ?? '';
      let suffix = '';
      let to = i + 1;
      let weight = 2;
      const tail = m[4]?.toLowerCase();
      if (tail === '%') [suffix, weight] = ['%', 4];
      else if (tail === 'x') [suffix, weight] = ['×', 3];
      else if (tail) [suffix, weight] = [` ${SHORT_MAGNITUDE[tail]}`, 3];
      if (!t.breakAfter && next && next in MAGNITUDE && !suffix) [suffix, to, weight] = [` ${next}`, i + 2, 3];
      const after = tokens[to - 1]!.breakAfter ? undefined : tokens[to]?.norm;
      if (!suffix && (after === 'percent' || (after === 'per' && tokens[to + 1]?.norm === 'cent'))) [suffix, to, weight] = ['%', to + (after === 'per' ? 2 : 1), 4];
      if (!prefix && after && after in CURRENCY_WORDS) [prefix, to, weight] = [CURRENCY_WORDS[after]!, to + 1, 4];
      if (prefix) weight = 4;
      const year = !prefix && !suffix && !m[3] && !m[2]!.includes(',') && value >= 1500 && value <= 2100;
      const dated = MONTHS.test(tokens[i - 1]?.norm ?? '') || MONTHS.test(next ?? '');
      if (year) weight = 1;
      if (dated && !year) {
        // "March 3": the date as written, popped in
        const month = MONTHS.test(tokens[i - 1]?.norm ?? '') ? i - 1 : i + 1;
        const [a, b] = [Math.min(i, month), Math.max(i, month) + 1];
        found.push({ text: tokens.slice(a, b).map((x) => x.text).join(' '), prefix: '', suffix: '', decimals: 0, count: false, from: a, to: b, weight: 1.5 });
        continue;
      }
      if (!prefix && !suffix && value < 2 && !m[3]) continue; // "1 thing", "0": not a figure
      const count = !year && Number.isFinite(value) && value >= 10 && value < 1e7 && suffix.trim().length <= 1;
      found.push({ text: `${prefix}${year ? m[2] : fmt(value, decimals)}${suffix}`, value, prefix, suffix, decimals, count, from: i, to, weight });
      continue;
    }
    // a share in words: "half of", "a third of", "one in five" (shown as a percentage or "1 in 5")
    const share = fraction(tokens, i);
    if (share) {
      found.push(share);
      i = share.to - 1;
      continue;
    }
    const s = spelled(tokens, i);
    if (s) {
      const magnitude = s.words.find((w) => w in MAGNITUDE && w !== 'hundred');
      const unit = tokens[s.to - 1]!.breakAfter ? undefined : tokens[s.to]?.norm;
      // "one", "two" alone are too common to be a figure: a spelled number counts when it is big,
      // or measures something ("twelve hours", "three times")
      const measures = unit !== undefined && (UNITS.test(unit) || unit in CURRENCY_WORDS || unit === 'percent');
      // a spelled number under a hundred that measures nothing is a count in passing ("sold out by ten", "three kinds")
      if (s.value >= 100 || magnitude || measures) {
        let [prefix, suffix, to, weight] = ['', '', s.to, 2];
        let value = s.value;
        if (magnitude) {
          value = s.value / MAGNITUDE[magnitude]!;
          suffix = ` ${magnitude}`;
          weight = 3;
        }
        if (unit && unit in CURRENCY_WORDS) [prefix, to, weight] = [CURRENCY_WORDS[unit]!, s.to + 1, 4];
        else if (unit === 'percent') [suffix, to, weight] = ['%', s.to + 1, 4];
        const decimals = Number.isInteger(value) ? 0 : 1;
        const count = !magnitude && value >= 10 && value < 1e7;
        found.push({ text: `${prefix}${fmt(value, decimals)}${suffix}`, value, prefix, suffix, decimals, count, from: i, to, weight });
      }
      i = s.to - 1;
    }
  }
  return found.reduce<Figure | undefined>((best, f) => (!best || f.weight > best.weight ? f : best), undefined);
}

/**
 * A stat's label, 2–4 words of the sentence: the unit and what follows the figure ("hours to
 * steep", "coffee drinkers"), else what comes before it ("costs"), never starting or ending on a
 * function word.
 */
export function figureLabel(tokens: Token[], figure: Figure, language: string): string {
  const fn = functionWords(language);
  const trim = (ws: Token[]) => {
    let a = 0;
    let b = ws.length;
    while (a < b && !isContent(ws[a]!, fn) && !UNITS.test(ws[a]!.norm)) a++;
    while (b > a && !isContent(ws[b - 1]!, fn) && !UNITS.test(ws[b - 1]!.norm)) b--;
    return ws.slice(a, b);
  };
  const clauseAfter: Token[] = [];
  if (!tokens[figure.to - 1]?.breakAfter) {
    for (let k = figure.to; k < tokens.length && clauseAfter.length < 6; k++) {
      clauseAfter.push(tokens[k]!);
      if (tokens[k]!.breakAfter) break;
    }
  }
  // what the figure counts: the words after it up to where a new clause opens ("homes | still
  // spends", "people | and ships", "seconds | while they bloom"), at most four; a cut phrase is
  // taken back to before its last linking word, so it never ends half-way ("minutes at any petrol" → "minutes")
  const opens = clauseAfter.findIndex((t, k) => k > 0 && CLAUSE_OPENERS.test(t.norm));
  const phrase = opens > 0 ? clauseAfter.slice(0, opens) : clauseAfter;
  // a rate keeps its article ("$1,690 | a year"); a time alone says when, not what the figure
  // counts ("12% | this winter"): the label is then taken from before the figure ("bills set to fall")
  const [p0, p1] = [phrase[0]?.norm ?? '', phrase[1]?.norm ?? ''];
  if (phrase.length === 2 && RATE.test(p0) && PERIOD.test(p1)) return phrase.map((t) => t.text).join(' ');
  const onlyWhen = phrase.length > 0 && phrase.length <= 3 && WHEN.test(p0) && phrase.slice(1).every((t) => PERIOD.test(t.norm) || MONTHS.test(t.norm) || /^\d{4}$/.test(t.norm));
  let after = onlyWhen ? [] : trim(phrase);
  if (after.length > 4) {
    after = after.slice(0, 4);
    const link = after.map((t) => !isContent(t, fn) && !UNITS.test(t.norm)).lastIndexOf(true);
    if (link > 0) after = after.slice(0, link);
    after = trim(after);
  }
  if (after.length) return after.map((t) => t.text).join(' ');
  const clauseBefore: Token[] = [];
  for (let k = figure.from - 1; k >= 0 && clauseBefore.length < 6; k--) {
    if (tokens[k]!.breakAfter) break;
    clauseBefore.unshift(tokens[k]!);
  }
  // what comes before the figure, from its last "and" / "with" on ("one oven and a loan of" → "loan")
  let lead = trim(clauseBefore);
  const link = lead.map((t) => /^(and|or|but|with|und|et|y|mit|avec|con)$/.test(t.norm)).lastIndexOf(true);
  if (link >= 0 && link < lead.length - 1) lead = trim(lead.slice(link + 1));
  const before = trim(lead.slice(-4));
  if (before.length) return before.map((t) => t.text).join(' ');
  // a figure standing alone in its clause ("In 1969, people walked on the moon"): the next clause's first words
  const next = trim(tokens.slice(figure.to, figure.to + 4));
  return next.map((t) => t.text).join(' ');
}
