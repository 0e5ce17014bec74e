import type { Script, ScriptScene } from '../../preload/contract/script';
import { keywordsOf } from './keywords';

export interface SplitOptions {
  /** a paragraph whose narration would run longer than this is split at sentence ends */
  targetSceneSeconds: number;
  /** speaking rate used for the estimate */
  wordsPerMinute: number;
  language?: string;
}

/**
 * The user's own text → scenes. Paragraphs (blank-line separated) are scenes; a long paragraph is
 * cut at sentence ends into pieces near the target length. A paragraph may start with
 * `[keywords: beach, sunset]` to choose its media by hand.
 */
export function splitScript(text: string, opts: SplitOptions): Script {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let title = '';
  if (lines[0]?.startsWith('# ')) title = lines.shift()!.slice(2).trim();
  const paragraphs = lines.join('\n').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const scenes: ScriptScene[] = [];
  for (const para of paragraphs) {
    const tag = /^\[(?:keywords|visual):\s*([^\]]*)\]\s*/i.exec(para);
    const body = tag ? para.slice(tag[0].length) : para;
    const manual = tag ? tag[1]!.split(',').map((k) => k.trim()).filter(Boolean) : undefined;
    if (!body) continue;
    for (const piece of splitParagraph(body, opts)) {
      scenes.push({ narration: piece, keywords: manual ?? keywordsOf(piece, opts.language), role: 'body' });
    }
  }
  return { title, language: opts.language ?? 'en', scenes };
}

export function estimateSeconds(text: string, wordsPerMinute: number): number {
  return (text.split(/\s+/).filter(Boolean).length / wordsPerMinute) * 60;
}

export function sentences(text: string): string[] {
  // A sentence ends at . ! ? … (or their CJK/Arabic forms) followed by space or the end.
  const found = text.match(/[^.!?…。！？؟]+(?:[.!?…。！？؟]+["'”’)\]]*|$)/gu) ?? [text];
  return found.map((s) => s.trim()).filter(Boolean);
}

function splitParagraph(paragraph: string, opts: SplitOptions): string[] {
  if (estimateSeconds(paragraph, opts.wordsPerMinute) <= opts.targetSceneSeconds * 1.3) return [paragraph];
  const pieces: string[] = [];
  let current = '';
  for (const s of sentences(paragraph)) {
    const candidate = current ? `${current} ${s}` : s;
    if (current && estimateSeconds(candidate, opts.wordsPerMinute) > opts.targetSceneSeconds) {
      pieces.push(current);
      current = s;
    } else current = candidate;
  }
  if (current) pieces.push(current);
  return pieces;
}
