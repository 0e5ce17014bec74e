import { StudioError } from '../../../preload/contract/errors';
import { requestJson, type CallOptions, type ProviderCall } from '../http/provider-http';
import { RateLimitGate } from '../http/rate-limit';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import { pickRendition, slugWords, type StockCandidate, type StockPage, type StockQuery, type StockSource } from './stock-types';

/**
 * Pexels: photos at /v1/search, videos at /videos/search; the key goes in the Authorization
 * header as it is (no "Bearer"). Rate-limit headers say what is left of the month's quota and
 * when it resets (a UNIX time).
 */
export interface PexelsConfig {
  apiKey: string;
  /** https://api.pexels.com unless pointed elsewhere */
  baseUrl?: string;
}

interface PexelsVideo {
  id: number;
  width: number;
  height: number;
  url: string;
  duration: number;
  tags?: string[];
  user: { name: string; url: string };
  video_files: { link: string; width: number | null; height: number | null; file_type: string; quality?: string }[];
}
interface PexelsPhoto {
  id: number;
  width: number;
  height: number;
  url: string;
  alt?: string;
  photographer: string;
  photographer_url: string;
  src: Record<string, string>;
}

const license = 'Pexels License (free to use; attribution appreciated)';

export function pexelsSource(cfg: PexelsConfig): StockSource {
  const base = (cfg.baseUrl ?? 'https://api.pexels.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'Pexels', key: `pexels:${base}`, gate: new RateLimitGate('Pexels', { remaining: 'x-ratelimit-remaining', reset: 'x-ratelimit-reset', resetIs: 'epoch-seconds' }) };
  const headers = { authorization: cfg.apiKey };
  return {
    id: 'pexels',
    name: 'Pexels',
    async search(q: StockQuery, opts?: CallOptions): Promise<StockPage> {
      const params = new URLSearchParams({ query: q.text, orientation: q.orientation, page: String(q.page), per_page: String(Math.min(80, q.perPage)) });
      if (q.kind === 'video') {
        const long = Math.max(q.minWidth, q.minHeight);
        params.set('size', long >= 3840 ? 'large' : long >= 1920 ? 'medium' : 'small');
        const { data } = await requestJson<{ videos?: PexelsVideo[]; next_page?: string; page?: number }>(call, { url: `${base}/videos/search?${params}`, headers }, opts);
        if (!Array.isArray(data.videos)) throw new StudioError('PROVIDER_FAILED', 'Pexels answered a video search without a "videos" list');
        return { candidates: data.videos.map((v) => fromVideo(v, q)).filter((c): c is StockCandidate => !!c), more: Boolean(data.next_page) };
      }
      const { data } = await requestJson<{ photos?: PexelsPhoto[]; next_page?: string }>(call, { url: `${base}/v1/search?${params}`, headers }, opts);
      if (!Array.isArray(data.photos)) throw new StudioError('PROVIDER_FAILED', 'Pexels answered a photo search without a "photos" list');
      return { candidates: data.photos.map(fromPhoto), more: Boolean(data.next_page) };
    },
  };
}

function fromVideo(v: PexelsVideo, q: StockQuery): StockCandidate | undefined {
  const files = v.video_files.filter((f) => f.file_type === 'video/mp4').map((f) => ({ ...f, width: f.width ?? 0, height: f.height ?? 0 }));
  const file = pickRendition(files, q.minWidth, q.minHeight);
  if (!file) return undefined;
  return {
    provider: 'pexels',
    id: String(v.id),
    kind: 'video',
    width: file.width,
    height: file.height,
    duration: v.duration,
    downloadUrl: file.link,
    ext: 'mp4',
    tags: [...(v.tags ?? []).map((t) => t.toLowerCase()), ...slugWords(v.url)],
    attribution: { provider: 'Pexels', author: v.user.name, authorUrl: v.user.url, pageUrl: v.url, license },
  };
}

function fromPhoto(p: PexelsPhoto): StockCandidate {
  // `original` is the full-size file; the chosen size is known exactly only for it
  return {
    provider: 'pexels',
    id: String(p.id),
    kind: 'photo',
    width: p.width,
    height: p.height,
    downloadUrl: p.src.original ?? p.src.large2x ?? Object.values(p.src)[0]!,
    ext: /\.png(\?|$)/i.test(p.src.original ?? '') ? 'png' : 'jpg',
    tags: [...(p.alt ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 2), ...slugWords(p.url)],
    attribution: { provider: 'Pexels', author: p.photographer, authorUrl: p.photographer_url, pageUrl: p.url, license },
  };
}

export const pexelsProvider: ProviderDefinition = {
  id: 'pexels',
  kind: 'media',
  name: 'Pexels',
  description: 'Free stock videos and photos, searched by each scene’s keywords.',
  offline: false,
  priority: 10,
  capabilities: { languages: ['*'], formats: ['mp4', 'jpg'], costNotes: 'free; 200 requests an hour and 20,000 a month per key' },
  needs: { apiKey: { env: 'REELFORGE_PEXELS_API_KEY' } },
  sends: 'search words (from scene keywords) and the API key to api.pexels.com; downloads files from Pexels’ file hosts',
  status: (ctx) => keyedStatus(ctx, 'pexels'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'pexels');
    if (!key) throw noKeyError('Pexels', 'pexels');
    const src = pexelsSource({ apiKey: key.value, baseUrl: endpoint(ctx, 'pexels', 'https://api.pexels.com') });
    const page = await src.search({ text: 'nature', kind: 'photo', orientation: 'landscape', minWidth: 1, minHeight: 1, page: 1, perPage: 1 }, { ...ctx.call, signal });
    return `search works (key from ${key.source}; ${page.candidates.length} result for “nature”)`;
  },
};

