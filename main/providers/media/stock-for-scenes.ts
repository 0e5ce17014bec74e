import { join } from 'node:path';
import { isCancelled, StudioError } from '../../../preload/contract/errors';
import { keywordsOf } from '../../script/keywords';
import { downloadResumable } from '../http/download';
import type { CallOptions } from '../http/provider-http';
import { redact } from '../redact';
import { rankCandidates, scoreCandidate } from './rank';
import { cachedSearch } from './search-cache';
import { orientationOf, type Attribution, type StockCandidate, type StockKind, type StockSource } from './stock-types';

export interface StockScene {
  narration: string;
  /** visual keywords (the LLM's, when it wrote the script); else taken from the narration */
  keywords?: string[];
  /** how long the scene lasts, seconds */
  seconds: number;
}

export interface StockOptions extends CallOptions {
  /** where files are downloaded: the job's session folder */
  dir: string;
  cacheDir: string;
  language?: string;
  /** per file; larger files are skipped for the next candidate */
  maxBytes?: number;
  /** kinds in order of preference: a photo is searched only when no video fits */
  kinds?: StockKind[];
  /** candidates already in this video (`provider:kind:id`), e.g. from a resumed run; updated in place */
  used?: Set<string>;
  maxPages?: number;
  perPage?: number;
  now?: () => number;
}

export interface StockPick {
  sceneIndex: number;
  query: string;
  /** the downloaded file; absent when nothing fitted (the scene keeps its card) */
  file?: string;
  candidate?: StockCandidate;
  attribution?: Attribution;
  /** one line for the job's events */
  reason: string;
}

/**
 * Finds and downloads one stock clip (or photo) per scene: one search per scene from its
 * keywords, shaped and sized for the output, candidates ranked by resolution, length and keyword
 * overlap, never the same item twice in a video. Scenes with nothing usable are reported, not
 * failed: the video still renders with their cards.
 */
export async function searchStockForScenes(source: StockSource, scenes: StockScene[], format: { width: number; height: number }, opts: StockOptions): Promise<StockPick[]> {
  const used = opts.used ?? new Set<string>();
  const orientation = orientationOf(format.width, format.height);
  const picks: StockPick[] = [];
  for (const [sceneIndex, scene] of scenes.entries()) {
    const keywords = scene.keywords?.length ? scene.keywords : keywordsOf(scene.narration, opts.language ?? 'en', 4);
    const query = keywords.slice(0, 3).join(' ');
    if (!query) {
      picks.push({ sceneIndex, query, reason: `scene ${sceneIndex + 1}: no keywords to search ${source.name} with` });
      continue;
    }
    const pick = await pickForScene(source, { sceneIndex, query, keywords, seconds: scene.seconds }, format, orientation, used, opts);
    picks.push(pick);
    opts.log?.(pick.reason);
  }
  return picks;
}

async function pickForScene(
  source: StockSource,
  s: { sceneIndex: number; query: string; keywords: string[]; seconds: number },
  format: { width: number; height: number },
  orientation: ReturnType<typeof orientationOf>,
  used: Set<string>,
  opts: StockOptions,
): Promise<StockPick> {
  const skipped: string[] = [];
  const want = { keywords: s.keywords, seconds: s.seconds, minWidth: format.width, minHeight: format.height, orientation };
  for (const kind of opts.kinds ?? ['video', 'photo']) {
    // gather pages until one holds a candidate that is good enough, then try the best of them all
    const pool: StockCandidate[] = [];
    let cached = true;
    for (let page = 1; page <= (opts.maxPages ?? 3); page++) {
      const result = await cachedSearch(source, { text: s.query, kind, orientation, minWidth: format.width, minHeight: format.height, page, perPage: opts.perPage ?? 15 }, { cacheDir: opts.cacheDir, now: opts.now }, opts);
      cached &&= result.cached;
      pool.push(...result.candidates.filter((c) => !used.has(keyOf(c))));
      if (!result.more || pool.some((c) => scoreCandidate(c, want) >= GOOD_ENOUGH)) break;
    }
    for (const c of rankCandidates(pool, want)) {
      const file = join(opts.dir, `${c.provider}-${c.kind}-${c.id.replace(/[^\w-]/g, '')}.${c.ext}`);
      try {
        await downloadResumable(c.downloadUrl, file, { ...opts, provider: source.name, maxBytes: opts.maxBytes ?? 250_000_000 });
      } catch (err) {
        if (isCancelled(err) || !(err instanceof StudioError)) throw err;
        skipped.push(`${c.id}: ${redact(err.message)}`);
        continue; // too large, or gone: the next candidate
      }
      used.add(keyOf(c));
      const size = `${c.width}×${c.height}${c.duration !== undefined ? `, ${c.duration} s` : ''}`;
      return {
        sceneIndex: s.sceneIndex,
        query: s.query,
        file,
        candidate: c,
        attribution: c.attribution,
        reason: `scene ${s.sceneIndex + 1}: ${source.name} ${c.kind} ${c.id} (${size}) by ${c.attribution.author} for “${s.query}”${cached ? ' (search cached)' : ''}`,
      };
    }
  }
  const why = skipped.length ? `; skipped ${skipped.join('; ')}` : '';
  return { sceneIndex: s.sceneIndex, query: s.query, reason: `scene ${s.sceneIndex + 1}: nothing on ${source.name} for “${s.query}” that is not already used${why}` };
}

/** on topic, full size, long enough: no need to look at further pages */
const GOOD_ENOUGH = 0.8;

const keyOf = (c: StockCandidate) => `${c.provider}:${c.kind}:${c.id}`;
