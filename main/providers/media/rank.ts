import type { Orientation, StockCandidate } from './stock-types';
import { orientationOf } from './stock-types';

export interface RankWant {
  keywords: string[];
  /** how long the scene lasts, seconds */
  seconds: number;
  minWidth: number;
  minHeight: number;
  orientation: Orientation;
}

/**
 * How well a candidate fits a scene, 0..1, from what a viewer notices: a clip too small is
 * upscaled and soft, a clip shorter than its scene freezes or loops, a clip about something else
 * looks random, a clip of the wrong shape is cropped hard. Photos have no length to fall short.
 */
export function scoreCandidate(c: StockCandidate, want: RankWant): number {
  const resolution = Math.min(1, Math.min(c.width / want.minWidth, c.height / want.minHeight));
  const duration = c.kind === 'photo' ? 0.6 : c.duration === undefined ? 0.3 : c.duration >= want.seconds ? 1 : 0.5 * (c.duration / want.seconds);
  const words = new Set(c.tags.flatMap((t) => t.toLowerCase().split(/\s+/)));
  const wanted = want.keywords.map((k) => k.toLowerCase());
  const overlap = wanted.length ? wanted.filter((k) => words.has(k) || [...words].some((w) => w.startsWith(k) || k.startsWith(w) && w.length > 3)).length / wanted.length : 0;
  const shape = orientationOf(c.width, c.height) === want.orientation ? 1 : 0.3;
  return 0.35 * resolution + 0.25 * duration + 0.3 * overlap + 0.1 * shape;
}

/** Best first; equal scores keep a stable order (by provider, then id) so runs are repeatable. */
export function rankCandidates(candidates: StockCandidate[], want: RankWant): StockCandidate[] {
  return candidates
    .map((c) => ({ c, s: scoreCandidate(c, want) }))
    .sort((a, b) => b.s - a.s || a.c.provider.localeCompare(b.c.provider) || a.c.id.localeCompare(b.c.id))
    .map((x) => x.c);
}
