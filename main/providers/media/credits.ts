import { writeFileAtomic } from '../../files/partial-file';
import type { Attribution } from './stock-types';

export interface Credit {
  sceneIndex: number;
  attribution: Attribution;
}

/** The credits a video's description can carry: one line per item, in scene order. */
export function creditsText(credits: Credit[]): string {
  const lines = [...credits]
    .sort((a, b) => a.sceneIndex - b.sceneIndex)
    .map(({ sceneIndex, attribution: a }) => `Scene ${sceneIndex + 1}: by ${a.author} on ${a.provider} — ${a.pageUrl}`);
  return lines.length ? `Stock media\n${lines.join('\n')}\n` : '';
}

/**
 * Writes `<video>.credits.txt` and `<video>.credits.json` next to a video (through temporary
 * files, so a crash never leaves half a list). Returns the paths written; none when there is
 * nothing to credit.
 */
export function writeCreditsSidecar(videoPath: string, credits: Credit[]): string[] {
  if (!credits.length) return [];
  const base = videoPath.replace(/\.[^./\\]+$/, '');
  const out: [string, string][] = [
    [`${base}.credits.txt`, creditsText(credits)],
    [`${base}.credits.json`, JSON.stringify(credits.map((c) => ({ scene: c.sceneIndex + 1, ...c.attribution })), null, 2) + '\n'],
  ];
  for (const [path, text] of out) {
    writeFileAtomic(path, text);
  }
  return out.map(([p]) => p);
}
