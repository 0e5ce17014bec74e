import type { Script, ScriptScene } from '../../preload/contract/script';
import { InvalidInputError } from '../../preload/contract/errors';
import { keywordsOf } from './keywords';
import { speakerOf } from './speakers';
import { estimateNarrationSeconds } from '../../preload/contract/narration-pace';

export interface SplitOptions {
  /** a paragraph whose narration would run longer than this is split at sentence ends */
  targetSceneSeconds: number;
  /** speaking rate used for the estimate */
  wordsPerMinute: number;
  language?: string;
  /** speaker names the request maps to voices (capitalised `NAME:` tags count without it) */
  speakers?: readonly string[];
}

/**
 * The user's own text → scenes. Paragraphs (blank-line separated) are scenes; a long paragraph is
 * cut at sentence ends into pieces near the target length. A paragraph may start with
 * `[keywords: beach, sunset]` to choose its media by hand.
 */
export function splitScript(text: string, opts: SplitOptions): Script {
  refuseRunawaySentences(text);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let title = '';
  if (lines[0]?.startsWith('# ')) title = lines.shift()!.slice(2).trim();
  const scenes: ScriptScene[] = [];
  for (const { speaker, text: para } of paragraphsOf(lines, opts.speakers)) {
    const tag = /^\[(?:keywords|visual):\s*([^\]]*)\]\s*/i.exec(para);
    const body = tag ? para.slice(tag[0].length) : para;
    const manual = tag ? tag[1]!.split(',').map((k) => k.trim()).filter(Boolean) : undefined;
    if (!body) continue;
    for (const piece of splitParagraph(body, opts)) {
      scenes.push({ narration: piece, keywords: manual ?? keywordsOf(piece, opts.language), role: 'body', ...(speaker ? { speaker } : {}) });
    }
  }
  return { title, language: opts.language ?? 'en', scenes };
}

/**
 * Paragraphs (blank-line separated), each with its speaker: a `NAME: text` line starts a paragraph
 * of its own (dialogue is often written line after line), its tag taken off.
 */
function paragraphsOf(lines: string[], speakers?: readonly string[]): Array<{ speaker?: string; text: string }> {
  const out: Array<{ speaker?: string; lines: string[] }> = [];
  let current: { speaker?: string; lines: string[] } | undefined;
  for (const line of lines) {
    if (!line.trim()) {
      current = undefined;
      continue;
    }
    const tagged = speakerOf(line, speakers);
    if (tagged.speaker || !current) {
      current = { speaker: tagged.speaker, lines: [] };
      out.push(current);
    }
    current.lines.push(tagged.text);
  }
  return out.map((p) => ({ speaker: p.speaker, text: p.lines.join(' ').replace(/\s+/g, ' ').trim() })).filter((p) => p.text);
}

/** Longest sentence the voices are given: far beyond prose, short of a pasted log or a minified file. */
export const MAX_SENTENCE_CHARS = 2000;

/**
 * A "sentence" of a megabyte (a pasted one-line file) is spoken by the speech helper as one
 * utterance, growing it by tens of megabytes a second: refused, with where it starts.
 */
function refuseRunawaySentences(text: string): void {
  for (const para of text.split(/\n\s*\n/)) {
    for (const s of sentences(para.replace(/\s+/g, ' ').trim())) {
      if (s.length > MAX_SENTENCE_CHARS) {
        throw new InvalidInputError(`the script has a sentence of ${s.length} characters (starting “${s.slice(0, 40)}…”); at most ${MAX_SENTENCE_CHARS} are spoken at once — add sentence ends or paragraphs`);
      }
    }
  }
}


/**
 * A sentence ends at . ! ? … followed by a space or the end of the text (CJK full stops need no
 * space). A point inside a number ("3.5%", "1.000") is not an end, and neither is the point of a
 * common abbreviation ("Dr. Smith", "e.g. this", "z. B.") or an initial ("J. Smith").
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const end = /[.!?…؟]+["'”’)\]]*(?=\s|$)|[。！？]+["'”’)\]]*/gu;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    const stop = m.index + m[0].length;
    const word = /(\S+)$/u.exec(text.slice(start, stop))?.[1] ?? '';
    if (/^\.(?!\.)/.test(m[0]) && notAnEnd(word, text.slice(stop))) continue;
    out.push(text.slice(start, stop).trim());
    start = stop;
  }
  out.push(text.slice(start).trim());
  return out.filter(Boolean);
}

const abbreviations = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'vs', 'e.g', 'i.e', 'etc', 'approx', 'no', 'nr', 'ca', 'z', 'b', 'd', 'h', 'u', 'a',
  'bzw', 'usw', 'vgl', 'sra', 'srta', 'dra', 'núm', 'pág', 'p', 'ej', 'ex', 'm', 'mme', 'mlle', 'env', 'cf', 'av', 'inkl', 'evtl', 'ggf',
  'a.m', 'p.m',
]);
const titles = /^(mr|mrs|ms|dr|prof|st|jr|sr|sra|srta|dra|m|mme|mlle|nr|no)$/;
const germanMonths = /^(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)\b/i;

/** "Dr." before a name, "e.g." before anything, a single initial, "3." before a lower-case word (German ordinal). */
function notAnEnd(word: string, after: string): boolean {
  const bare = word.replace(/^[("'“‘¿¡]+/u, '').replace(/\.$/, '').toLowerCase();
  const nextWord = /^\s*(\S*)/u.exec(after)?.[1] ?? '';
  if (!nextWord) return false;
  if (/^\p{Ll}/u.test(nextWord)) return /^\d+$/.test(bare) || abbreviations.has(bare) || bare.length === 1;
  // before a capital only titles, initials and German dates hold on: "etc. The" does end a sentence
  if (titles.test(bare)) return true;
  if (/^\p{L}$/u.test(bare)) return true;
  return /^\d{1,2}$/.test(bare) && germanMonths.test(nextWord);
}

function splitParagraph(paragraph: string, opts: SplitOptions): string[] {
  if (estimateNarrationSeconds(paragraph, opts.wordsPerMinute) <= opts.targetSceneSeconds * 1.3) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const s of sentences(paragraph)) {
    const candidate = current ? `${current} ${s}` : s;
    if (current && estimateNarrationSeconds(candidate, opts.wordsPerMinute) > opts.targetSceneSeconds) {
      pieces.push(current);
      current = s;
    } else current = candidate;
  }
  if (current) pieces.push(current);
  return pieces;
}
