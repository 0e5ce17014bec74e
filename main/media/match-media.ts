import { basename } from 'node:path';
import { keywordsOf } from '../script/keywords';
import { nameKeywords, type MediaItem } from './media-library';

/**
 * Media for the scenes of a script: every scene is compared with every file by words — the scene's
 * keywords (and, when given, the content words of its narration) against the file's name and tags —
 * with accents folded ("café" = "cafe") and plurals and simple inflections reduced ("beaches" =
 * "beach", "settings" = "setting"). Files are then shared out so that the total fit is the highest
 * possible with each file used once (an assignment, so an early scene does not take the file a
 * later scene needed when another file fits it as well); among equal fits the library's order is
 * kept. A file is shown a second time only once every file has been shown. Every scene gets a
 * reason, so the creator can see which file went where and why.
 */

export interface SceneQuery {
  keywords: string[];
  /** the scene's narration: its content words count too */
  narration?: string;
  language?: string;
}

export interface MediaChoice {
  /** undefined: no file fits the scene (the caller gives it a card) */
  file: MediaItem | undefined;
  /** why, in words a creator understands */
  reason: string;
  score: number;
  /** true when the file was already shown for an earlier scene */
  repeat: boolean;
}

/** Lower case, accents folded: "Café" → "cafe". */
export function foldWord(w: string): string {
  return w.toLocaleLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
}

/** A light stem shared by plurals and simple inflections: "beaches", "beach" → "beach". */
export function stemWord(word: string): string {
  const w = foldWord(word).replace(/['’]s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(ches|shes|sses|xes|zes|oes)$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  return w;
}

function sharePrefix(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  if (n < 4) return false;
  let k = 0;
  while (k < n && a[k] === b[k]) k++;
  return k >= Math.max(4, n - 2);
}

interface WordMatch {
  scene: string;
  file: string;
  via: 'name' | 'tag';
  weight: number;
}

/** How a scene word meets a file word: the same word, the same once accents are folded, the same stem, or a shared stem. */
function wordFit(sceneWord: string, fileWord: string): number {
  if (sceneWord === fileWord) return 1;
  const [a, b] = [foldWord(sceneWord), foldWord(fileWord)];
  if (a === b) return 1;
  if (stemWord(a) === stemWord(b)) return 1;
  return sharePrefix(a, b) ? 0.6 : 0;
}

/**
 * How well a file fits a scene: each of the file's words counts once, by its best fit with a scene
 * word.
 */
export function keywordScore(sceneWords: string[], fileWords: string[]): number {
  return fileMatches(sceneWords, fileWords.map((word) => ({ word, via: 'name' as const }))).reduce((s, m) => s + m.weight, 0);
}

function fileMatches(sceneWords: string[], fileWords: Array<{ word: string; via: 'name' | 'tag' }>): WordMatch[] {
  const matches: WordMatch[] = [];
  for (const f of fileWords) {
    let best: WordMatch | undefined;
    for (const s of sceneWords) {
      const weight = wordFit(s, f.word);
      if (weight > (best?.weight ?? 0)) best = { scene: s, file: f.word, via: f.via, weight };
    }
    if (best) matches.push(best);
  }
  return matches;
}

function fileWords(item: MediaItem): Array<{ word: string; via: 'name' | 'tag' }> {
  const names = new Set(nameKeywords(item.path));
  return item.keywords.map((word) => ({ word, via: names.has(word) ? ('name' as const) : ('tag' as const) }));
}

function sceneWords(q: SceneQuery | string[]): string[] {
  if (Array.isArray(q)) return q.map((w) => w.toLocaleLowerCase());
  const words = [...q.keywords, ...(q.narration ? keywordsOf(q.narration, q.language ?? 'en', 64) : [])];
  return [...new Set(words.flatMap((w) => w.toLocaleLowerCase().split(/[^\p{L}\p{N}'’-]+/u)).filter((w) => w.length > 1))];
}

function describe(matches: WordMatch[]): string {
  return matches
    .map((m) => {
      const how = m.scene === m.file ? '' : foldWord(m.scene) === foldWord(m.file) ? ', accents aside' : m.weight === 1 ? ', same word' : ', similar word';
      return `"${m.scene}" ~ ${m.via} "${m.file}"${how}`;
    })
    .join('; ');
}

/**
 * One choice per scene, in script order: which file, and why.
 */
export function chooseMedia(scenes: Array<SceneQuery | string[]>, library: MediaItem[]): MediaChoice[] {
  const visual = library.filter((m) => m.kind !== 'audio');
  const words = scenes.map(sceneWords);
  const table = words.map((sw) => visual.map((f) => fileMatches(sw, fileWords(f))));
  const score = table.map((row) => row.map((ms) => ms.reduce((s, m) => s + m.weight, 0)));
  const S = scenes.length;
  const F = visual.length;

  // Maximum total fit, each file at most once. Among equal fits, a file near the scene's place in
  // the script wins (numbered files keep their order) by a tie-break far below one word's worth.
  const order = (s: number, f: number) => 1e-3 * (1 - Math.abs((f + 0.5) / Math.max(1, F) - (s + 0.5) / Math.max(1, S)));
  const assigned = assign(score.map((row, s) => row.map((v, f) => (v > 0 ? -(v + order(s, f)) : 0))));

  const used = new Set<number>();
  const choices: Array<MediaChoice | undefined> = assigned.map((f, s) => {
    if (f === undefined || f >= F || score[s]![f]! <= 0) return undefined;
    used.add(f);
    return { file: visual[f], score: score[s]![f]!, repeat: false, reason: `${basename(visual[f]!.path)}: ${describe(table[s]![f]!)}` };
  });

  // Scenes whose matches all went elsewhere: a file may be shown again only once all have been.
  const allShown = used.size === F;
  const filled = choices.map((c, s) => {
    if (c) return c;
    const fits = score[s]!.map((v, f) => ({ v, f })).filter((x) => x.v > 0).sort((a, b) => b.v - a.v || a.f - b.f);
    if (!fits.length) return { file: undefined, score: 0, repeat: false, reason: words[s]!.length ? `no file's name or tags share a word with the scene (${words[s]!.slice(0, 6).join(', ')})` : 'the scene has no words to match' };
    const taken = fits.map((x) => basename(visual[x.f]!.path)).join(', ');
    if (!allShown) return { file: undefined, score: 0, repeat: false, reason: `its matches (${taken}) fit other scenes better, and ${F - used.size} file(s) have not been shown yet` };
    // prefer a file that is not on screen in the scene before
    const prev = choicesFile(choices, s - 1);
    const pick = fits.find((x) => visual[x.f] !== prev) ?? fits[0]!;
    return { file: visual[pick.f], score: pick.v, repeat: true, reason: `${basename(visual[pick.f]!.path)}: ${describe(table[s]![pick.f]!)}` };
  });
  // a file's first showing is its earliest scene, whichever scene the sharing-out gave it to
  const seen = new Set<MediaItem>();
  return filled.map((c) => {
    if (!c.file) return c;
    const repeat = seen.has(c.file);
    seen.add(c.file);
    return { ...c, repeat, reason: repeat ? `${c.reason.replace(/^([^:]+):/, '$1 again (every file has been shown once):')}` : c.reason };
  });
}

function choicesFile(choices: Array<MediaChoice | undefined>, i: number): MediaItem | undefined {
  return i >= 0 ? choices[i]?.file : undefined;
}

/** The file for each scene (undefined where none fits): chooseMedia without the reasons. */
export function matchMedia(sceneKeywords: string[][], library: MediaItem[]): (MediaItem | undefined)[] {
  return chooseMedia(sceneKeywords, library).map((c) => c.file);
}

/**
 * The assignment of rows to columns with the least total cost, each column used at most once
 * (Kuhn–Munkres with potentials, O(n²·m)). Rows beyond the columns get dummy columns of cost 0;
 * the result gives each row its column, or a column ≥ m for a dummy.
 */
export function assign(cost: number[][]): Array<number | undefined> {
  const n = cost.length;
  if (n === 0) return [];
  const m0 = cost[0]!.length;
  const m = Math.max(m0, n);
  const a = (i: number, j: number) => (j < m0 ? cost[i]![j]! : 0);
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY);
    const usedCol = new Array<boolean>(m + 1).fill(false);
    do {
      usedCol[j0] = true;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (usedCol[j]) continue;
        const cur = a(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (usedCol[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0);
  }
  const out = new Array<number | undefined>(n).fill(undefined);
  for (let j = 1; j <= m; j++) if (p[j]) out[p[j]! - 1] = j - 1;
  return out;
}

/** Music for a template's mood: an audio file whose name or tags mention it, else the first audio file. */
export function pickMusic(mood: string, library: MediaItem[]): MediaItem | undefined {
  const audio = library.filter((m) => m.kind === 'audio');
  return audio.find((m) => keywordScore([mood], m.keywords) > 0) ?? audio[0];
}
