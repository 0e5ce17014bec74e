import { StudioError } from '../../../preload/contract/errors';
import { requestJson, type CallOptions, type ProviderCall } from '../http/provider-http';
import { RateLimitGate } from '../http/rate-limit';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import { pickRendition, type StockCandidate, type StockPage, type StockQuery, type StockSource } from './stock-types';

/**
 * Pixabay: photos at /api/, videos at /api/videos/; the key is a query parameter (so URLs are
 * redacted before they appear anywhere). Its terms ask for searches to be cached for 24 hours and
 * its rate-limit reset header counts seconds from now.
 */
export interface PixabayConfig {
  apiKey: string;
  /** https://pixabay.com unless pointed elsewhere */
  baseUrl?: string;
}

type Rendition = { url: string; width: number; height: number; size?: number };
interface PixabayHit {
  id: number;
  pageURL: string;
  tags: string;
  user: string;
  user_id: number;
  duration?: number;
  imageWidth?: number;
  imageHeight?: number;
  largeImageURL?: string;
  videos?: Record<string, Rendition>;
}

const license = 'Pixabay Content License (free to use; attribution appreciated)';

export function pixabaySource(cfg: PixabayConfig): StockSource {
  const base = (cfg.baseUrl ?? 'https://pixabay.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'Pixabay', key: `pixabay:${base}`, gate: new RateLimitGate('Pixabay', { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetIs: 'seconds-from-now' }) };
  return {
    id: 'pixabay',
    name: 'Pixabay',
    async search(q: StockQuery, opts?: CallOptions): Promise<StockPage> {
      const perPage = Math.max(3, Math.min(200, q.perPage));
      const params = new URLSearchParams({ key: cfg.apiKey, q: q.text.slice(0, 100), page: String(q.page), per_page: String(perPage), safesearch: 'true' });
      if (q.kind === 'photo') {
        params.set('image_type', 'photo');
        params.set('orientation', q.orientation === 'landscape' ? 'horizontal' : q.orientation === 'portrait' ? 'vertical' : 'all');
        params.set('min_width', String(q.minWidth));
        params.set('min_height', String(q.minHeight));
      }
      const path = q.kind === 'video' ? '/api/videos/' : '/api/';
      const { data } = await requestJson<{ totalHits?: number; hits?: PixabayHit[] }>(call, { url: `${base}${path}?${params}` }, opts);
      if (!Array.isArray(data.hits)) throw new StudioError('PROVIDER_FAILED', 'Pixabay answered a search without a "hits" list');
      const candidates = data.hits.map((h) => (q.kind === 'video' ? fromVideo(h, q) : fromPhoto(h))).filter((c): c is StockCandidate => !!c);
      return { candidates, more: q.page * perPage < (data.totalHits ?? 0) };
    },
  };
}

const common = (h: PixabayHit) => ({
  provider: 'pixabay',
  id: String(h.id),
  tags: h.tags.toLowerCase().split(/\s*,\s*/).flatMap((t) => [t, ...t.split(/\s+/)]).filter(Boolean),
  attribution: { provider: 'Pixabay', author: h.user, authorUrl: `https://pixabay.com/users/${encodeURIComponent(h.user)}-${h.user_id}/`, pageUrl: h.pageURL, license },
});

function fromVideo(h: PixabayHit, q: StockQuery): StockCandidate | undefined {
  const file = pickRendition(Object.values(h.videos ?? {}).filter((r) => r.url), q.minWidth, q.minHeight);
  if (!file) return undefined;
  return { ...common(h), kind: 'video', width: file.width, height: file.height, duration: h.duration, downloadUrl: file.url, ext: 'mp4' };
}

function fromPhoto(h: PixabayHit): StockCandidate | undefined {
  if (!h.largeImageURL || !h.imageWidth || !h.imageHeight) return undefined;
  // largeImageURL is scaled to 1280 px on its long side
  const scale = Math.min(1, 1280 / Math.max(h.imageWidth, h.imageHeight));
  return { ...common(h), kind: 'photo', width: Math.round(h.imageWidth * scale), height: Math.round(h.imageHeight * scale), downloadUrl: h.largeImageURL, ext: 'jpg' };
}

export const pixabayProvider: ProviderDefinition = {
  id: 'pixabay',
  kind: 'media',
  name: 'Pixabay',
  description: 'Free stock videos and photos, searched by each scene’s keywords.',
  offline: false,
  priority: 20,
  capabilities: { languages: ['*'], formats: ['mp4', 'jpg'], costNotes: 'free; 100 requests a minute per key; searches cached 24 h as its terms ask' },
  needs: { apiKey: { env: 'REELFORGE_PIXABAY_API_KEY' } },
  sends: 'search words (from scene keywords) and the API key to pixabay.com; downloads files from Pixabay’s file hosts',
  status: (ctx) => keyedStatus(ctx, 'pixabay'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'pixabay');
    if (!key) throw noKeyError('Pixabay', 'pixabay');
    const src = pixabaySource({ apiKey: key.value, baseUrl: endpoint(ctx, 'pixabay', 'https://pixabay.com') });
    const page = await src.search({ text: 'nature', kind: 'photo', orientation: 'landscape', minWidth: 1, minHeight: 1, page: 1, perPage: 3 }, { ...ctx.call, signal });
    return `search works (key from ${key.source}; ${page.candidates.length} results for “nature”)`;
  },
};
