import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../files/partial-file';
import { join } from 'node:path';
import type { CallOptions } from '../http/provider-http';
import type { StockPage, StockQuery, StockSource } from './stock-types';

export const SEARCH_TTL_MS = 24 * 60 * 60 * 1000;

export interface CacheOptions {
  cacheDir: string;
  ttlMs?: number;
  now?: () => number;
}

/**
 * A search answered from disk when the same query was made less than 24 hours ago (the stock
 * services' terms ask for it, and it saves the rate limit). The cache key is the source and the
 * query only — never the API key — and a damaged entry is simply searched again.
 */
export async function cachedSearch(source: StockSource, query: StockQuery, cache: CacheOptions, opts?: CallOptions): Promise<StockPage & { cached: boolean }> {
  const now = (cache.now ?? Date.now)();
  const hash = createHash('sha256').update(JSON.stringify({ source: source.id, ...query, text: query.text.toLowerCase().trim() })).digest('hex').slice(0, 32);
  const dir = join(cache.cacheDir, 'stock-search');
  const file = join(dir, `${source.id}-${hash}.json`);
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as { savedAt: number; page: StockPage };
    if (now - entry.savedAt < (cache.ttlMs ?? SEARCH_TTL_MS) && Array.isArray(entry.page?.candidates)) return { ...entry.page, cached: true };
  } catch {
    /* no entry, or a damaged one */
  }
  const page = await source.search(query, opts);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(file, JSON.stringify({ savedAt: now, page }));
  return { ...page, cached: false };
}
