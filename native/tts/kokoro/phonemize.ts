import { espeakIpa } from './espeak-ipa';
import { ipaToKokoro, isStress, type Dialect } from './ipa-to-kokoro';
import { kokoroVocab, MAX_SYMBOLS, SPACE_ID } from './vocab';

/** A word of the text as the captions count it, and the stretch of symbols that says it. */
export interface PhonemizedWord {
  text: string;
  symbols: string;
}

/** A clause: its words and the punctuation that closes it (which the model turns into a pause). */
export interface Clause {
  words: number[];
  punctuation: string;
  /** an opening quote or bracket before its first word (the model has symbols for them) */
  opening?: string;
}

export interface Phonemized {
  words: PhonemizedWord[];
  clauses: Clause[];
}

/** One model run: token ids (without the paddings) and, for each id, the word it speaks (-1: space or pause). */
export interface TokenChunk {
  ids: number[];
  wordOf: number[];
}

const speakable = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
/** punctuation the model has a symbol for, after mapping typographic variants onto it */
const pausePunctuation = /[;:,.!?—…"()“”]/u;

function canonicalPunctuation(s: string): string {
  return s
    .replace(/\.\.\./g, '…')
    .replace(/[«„]/g, '“')
    .replace(/»/g, '”')
    .replace(/[–]/g, '—')
    .replace(/[。．]/g, '.')
    .replace(/[，、]/g, ',')
    .replace(/[！]/g, '!')
    .replace(/[？]/g, '?')
    .replace(/[；]/g, ';')
    .replace(/[：]/g, ':');
}

/**
 * Splits text into clauses at punctuation, keeping each whitespace-separated word that has a letter
 * or digit in it (the same words, in the same order, that captions count).
 */
export function clausesOf(text: string): { words: string[]; cores: string[]; clauses: Clause[] } {
  const words: string[] = [];
  const cores: string[] = [];
  const clauses: Clause[] = [];
  let current: Clause = { words: [], punctuation: '' };
  const close = () => {
    if (current.words.length || current.punctuation) clauses.push(current);
    current = { words: [], punctuation: '' };
  };
  const tokens = text.split(/\s+/).filter(Boolean);
  for (const [i, token] of tokens.entries()) {
    const t = canonicalPunctuation(token);
    const lead = /^[^\p{L}\p{N}]*/u.exec(t)![0];
    const trail = /[^\p{L}\p{N}]*$/u.exec(t.slice(lead.length))![0];
    const core = t.slice(lead.length, t.length - trail.length);
    const leadPause = [...lead].filter((c) => pausePunctuation.test(c)).join('');
    if (leadPause && current.words.length) close();
    if (leadPause) {
      current.punctuation = '';
      // "Keep it," she said: the opening quote is kept, as the model's training text has it
      const opening = [...leadPause].filter((c) => /["“(]/u.test(c)).join('');
      if (opening && speakable.test(token)) current.opening = opening;
    }
    if (!speakable.test(token)) {
      // a lone dash or quote between words: a pause, no word
      const p = [...t].filter((c) => pausePunctuation.test(c)).join('');
      if (p) {
        current.punctuation += p;
        close();
      }
      continue;
    }
    current.words.push(words.length);
    words.push(token);
    cores.push(core || t);
    let trailPause = [...trail].filter((c) => pausePunctuation.test(c)).join('');
    // "the U.S. economy", "5 p.m. today": the point that closes an abbreviation is no sentence end
    // when the sentence goes on in lower case, so no pause there
    if (trailPause === '.' && /^(?:\p{L}\.)+\p{L}$/u.test(core) && /^\p{Ll}/u.test(tokens[i + 1] ?? '')) trailPause = '';
    if (trailPause) {
      current.punctuation = trailPause;
      close();
    }
  }
  close();
  return { words, cores, clauses };
}

/**
 * Phonemes for a whole text, word by word. Each clause is spoken by espeak-ng in one piece (so
 * function words get their reduced, unstressed forms), and every word alone (to know where one
 * word ends and the next begins, as espeak runs "of the" together); the two are matched symbol by
 * symbol and the clause's symbols are cut at the word boundaries.
 */
export async function phonemize(
  text: string,
  opts: { binary: string; espeakVoice: string; dialect: Dialect; signal?: AbortSignal; tag?: string },
): Promise<Phonemized> {
  const { words, cores, clauses } = clausesOf(text);
  // A hyphenated word ("twenty-five", "well-known") is one caption word but two spoken ones: its
  // parts are phonemised apart and joined by a word space, as the model's training text has them.
  const parts = cores.map((c) => c.split(/(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}])/u));
  const ipaOpts = { binary: opts.binary, voice: opts.espeakVoice, signal: opts.signal, tag: opts.tag };
  const [clauseIpa, wordIpa] = await Promise.all([
    espeakIpa(clauses.map((c) => c.words.flatMap((w) => parts[w]!).join(' ')), ipaOpts),
    espeakIpa(parts.flat(), ipaOpts),
  ]);
  const firstPart = parts.map((_, w) => parts.slice(0, w).reduce((n, p) => n + p.length, 0));
  const out: PhonemizedWord[] = words.map((w) => ({ text: w, symbols: '' }));
  clauses.forEach((c, ci) => {
    if (!c.words.length) return;
    const inClause = ipaToKokoro(clauseIpa[ci] ?? '', opts.dialect).replace(/ /g, '');
    const alone = c.words.flatMap((w) => parts[w]!.map((_, k) => ipaToKokoro(wordIpa[firstPart[w]! + k] ?? '', opts.dialect).replace(/ /g, '')));
    const cut = splitAtWords(inClause, alone);
    let at = 0;
    for (const w of c.words) {
      out[w]!.symbols = cut.slice(at, at + parts[w]!.length).filter(Boolean).join(' ');
      at += parts[w]!.length;
    }
  });
  return { words: out, clauses };
}

/**
 * Cuts `joined` (a clause's symbols) into one piece per word, matching it against the words spoken
 * alone by edit distance (stress marks ignored): each symbol of the clause belongs to the word of
 * the symbol it lines up with. A stress mark belongs to the symbol after it.
 */
export function splitAtWords(joined: string, alone: string[]): string[] {
  const a = [...joined];
  const owner: number[] = [];
  const b: string[] = [];
  alone.forEach((w, k) => {
    for (const ch of w) {
      if (isStress(ch)) continue;
      b.push(ch);
      owner.push(k);
    }
  });
  const core = a.map((ch, i) => ({ ch, i })).filter((x) => !isStress(x.ch));
  const n = core.length;
  const m = b.length;
  if (alone.length === 1) return [joined];
  if (m === 0) return alone.map((_, k) => (k === 0 ? joined : ''));
  // dp over core symbols of the clause (rows) and symbols of the words alone (columns)
  const cost = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = 1; i <= n; i++) cost[i]![0] = i;
  for (let j = 1; j <= m; j++) cost[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = cost[i - 1]![j - 1]! + (core[i - 1]!.ch === b[j - 1] ? 0 : 1);
      cost[i]![j] = Math.min(sub, cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1);
    }
  }
  // walk back: each clause symbol gets the word of the column it matched (or was inserted next to)
  const wordOfCore = new Array<number>(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0) {
    if (j > 0 && cost[i]![j] === cost[i - 1]![j - 1]! + (core[i - 1]!.ch === b[j - 1] ? 0 : 1)) {
      wordOfCore[i - 1] = owner[j - 1]!;
      i--;
      j--;
    } else if (j > 0 && cost[i]![j] === cost[i]![j - 1]! + 1) j--;
    else {
      wordOfCore[i - 1] = j > 0 ? owner[j - 1]! : owner[0]!;
      i--;
    }
  }
  // monotone by construction; a stress mark joins the word of the next symbol
  const pieces = alone.map(() => '');
  let coreIndex = 0;
  let pendingStress = '';
  for (const ch of a) {
    if (isStress(ch)) {
      pendingStress += ch;
      continue;
    }
    const w = wordOfCore[coreIndex++]!;
    pieces[w] += pendingStress + ch;
    pendingStress = '';
  }
  if (pendingStress) pieces[pieces.length - 1] += pendingStress;
  return pieces;
}

/**
 * Token ids for the model, cut into runs that fit its context (510 symbols) at clause ends, or at
 * word ends inside a clause too long for one run. Words are separated by spaces and a clause ends
 * with its punctuation, as in the model's training text.
 */
export function toTokenChunks(p: Phonemized, limit = MAX_SYMBOLS): TokenChunk[] {
  const chunks: TokenChunk[] = [];
  let cur: TokenChunk = { ids: [], wordOf: [] };
  const flush = () => {
    while (cur.ids.length && cur.ids[cur.ids.length - 1] === SPACE_ID) {
      cur.ids.pop();
      cur.wordOf.pop();
    }
    if (cur.ids.length) chunks.push(cur);
    cur = { ids: [], wordOf: [] };
  };
  const wordIds = (w: number) => [...p.words[w]!.symbols].map((ch) => kokoroVocab.get(ch)).filter((id): id is number => id !== undefined);
  for (const clause of p.clauses) {
    const pieces = clause.words.map((w) => ({ w, ids: wordIds(w) }));
    const punct = [...clause.punctuation].map((ch) => kokoroVocab.get(ch)).filter((id): id is number => id !== undefined);
    const opening = [...(clause.opening ?? '')].map((ch) => kokoroVocab.get(ch)).filter((id): id is number => id !== undefined);
    const size = pieces.reduce((s, x) => s + x.ids.length + 1, 0) + punct.length + opening.length;
    if (cur.ids.length && cur.ids.length + size > limit) flush();
    for (const id of opening) {
      cur.ids.push(id);
      cur.wordOf.push(-1);
    }
    pieces.forEach((x, k) => {
      if (cur.ids.length + x.ids.length + 1 > limit) flush();
      if (k > 0 && cur.ids.length && cur.ids[cur.ids.length - 1] !== SPACE_ID) {
        cur.ids.push(SPACE_ID);
        cur.wordOf.push(-1);
      }
      for (const id of x.ids.slice(0, limit)) {
        cur.ids.push(id);
        cur.wordOf.push(x.w);
      }
    });
    for (const id of punct) {
      if (cur.ids.length >= limit) flush();
      cur.ids.push(id);
      cur.wordOf.push(-1);
    }
    if (cur.ids.length && cur.ids.length < limit) {
      cur.ids.push(SPACE_ID);
      cur.wordOf.push(-1);
    }
  }
  flush();
  return chunks;
}
