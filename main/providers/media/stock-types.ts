import type { CallOptions } from '../http/provider-http';

export type StockKind = 'video' | 'photo';
export type Orientation = 'landscape' | 'portrait' | 'square';

/** One search: a scene's keywords, the shape and size the output needs. */
export interface StockQuery {
  text: string;
  kind: StockKind;
  orientation: Orientation;
  minWidth: number;
  minHeight: number;
  page: number;
  perPage: number;
}

/** Who made a file and where its page is: what a credits list needs. */
export interface Attribution {
  provider: string;
  author: string;
  authorUrl?: string;
  /** the item's page on the provider's site */
  pageUrl: string;
  license: string;
}

export interface StockCandidate {
  provider: string;
  id: string;
  kind: StockKind;
  width: number;
  height: number;
  /** seconds; photos have none */
  duration?: number;
  /** the file of the chosen rendition */
  downloadUrl: string;
  /** file extension of that rendition, without the dot */
  ext: string;
  /** words describing it (tags, alt text, the words of its page's slug) */
  tags: string[];
  attribution: Attribution;
}

export interface StockPage {
  candidates: StockCandidate[];
  /** the next page exists */
  more: boolean;
}

/** A stock media service: Pexels, Pixabay, or another that speaks search → candidates. */
export interface StockSource {
  id: string;
  name: string;
  search(query: StockQuery, opts?: CallOptions): Promise<StockPage>;
}

export function orientationOf(width: number, height: number): Orientation {
  const r = width / height;
  return r > 1.05 ? 'landscape' : r < 0.95 ? 'portrait' : 'square';
}

/** Words of a page URL's slug: /video/a-woman-walking-on-the-beach-856193/ → woman walking beach. */
export function slugWords(url: string): string[] {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
    return last.split('-').filter((w) => /^[a-z]{3,}$/i.test(w)).map((w) => w.toLowerCase());
  } catch {
    return [];
  }
}

/**
 * The smallest rendition that still covers the wanted size (less to download, nothing upscaled),
 * or the largest there is when none does. Sizes are compared along the output's own axes.
 */
export function pickRendition<T extends { width: number; height: number }>(renditions: T[], minWidth: number, minHeight: number): T | undefined {
  const usable = renditions.filter((r) => r.width > 0 && r.height > 0);
  const covering = usable.filter((r) => r.width >= minWidth && r.height >= minHeight).sort((a, b) => a.width * a.height - b.width * b.height);
  return covering[0] ?? usable.sort((a, b) => b.width * b.height - a.width * a.height)[0];
}
