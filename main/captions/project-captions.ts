import { outputFormat, sceneCaptionStyle, type CaptionStyle, type ProjectDocument } from '../../preload/contract/project';
import type { Timeline } from '../render/timeline';
import type { CaptionEvent } from './ass';
import type { WordTiming } from '../../preload/contract/project';
import { pageLimits, paginate, spreadWords, type PageLimits } from './paginate';
import { captionsAreMainText, isSequenceMarker } from '../design/design-scenes';

/**
 * The captions of a project, a page at a time: each scene's caption text (or narration) is shown
 * while its narration plays, or — for a scene without audio — while the scene is fully on screen.
 * Word timings are moved from "seconds into the scene's audio" to output time and split into
 * pages by the caption style's limits; a caption without timings gets time by word length.
 * A scene with a caption style of its own (its template, or a designed scene whose sentence is
 * shown as its caption, centred on the stage) is paged by that style's limits, and its pages carry
 * that style: the burned-in file and the sidecars are built from these same pages.
 */
export function projectCaptionEvents(project: ProjectDocument, timeline: Timeline): CaptionEvent[] {
  const { width, height } = outputFormat(project.settings);
  const base = project.style.caption;
  const limitsByStyle = new Map<string, PageLimits>();
  const limitsOf = (style: CaptionStyle) => {
    const key = JSON.stringify(style);
    let l = limitsByStyle.get(key);
    if (!l) limitsByStyle.set(key, (l = pageLimits(style, width, height)));
    return l;
  };
  const events: CaptionEvent[] = [];
  project.scenes.forEach((scene, i) => {
    // hidden in this scene by hand: no page while it plays (and none in the sidecar files)
    if (scene.captionStyle?.enabled === false) return;
    const own = { ...sceneCaptionStyle(project, scene), enabled: base.enabled };
    const style = JSON.stringify(own) === JSON.stringify(base) ? undefined : own;
    const limits = limitsOf(style ?? base);
    const text = (scene.caption ?? scene.narration).trim();
    if (!text) return;
    const slot = timeline.slots[i]!;
    const next = timeline.slots[i + 1];
    // when the scene is fully on screen: from the middle of its incoming transition to the middle of the outgoing one
    const arrives = slot.start + slot.transitionIn.duration / 2;
    const leaves = slot.start + slot.duration - (next ? next.transitionIn.duration / 2 : 0);
    let start: number;
    let end: number;
    if (slot.narrationDuration > 0) {
      start = slot.narrationStart;
      end = slot.narrationStart + slot.narrationDuration;
    } else {
      start = arrives;
      end = leaves;
    }
    // a scene whose sentence is its main text (kinetic type, a quote) keeps it on screen through
    // the pause after it, until the scene leaves: an empty stage there looked like a gap
    if (scene.visual.type === 'designed' && captionsAreMainText(scene.visual)) end = Math.max(end, leaves);
    const timed = scene.caption === undefined && scene.words?.length;
    const words = timed
      ? scene.words!.map((w) => ({ text: w.text, start: clamp(slot.narrationStart + w.start, start, end), end: clamp(slot.narrationStart + w.end, start, end) }))
      : spreadWords(text, start, end);
    // words the scene already shows as its own text (a call to action, a step, a title taken from
    // the sentence) are not captioned a second time: the captions step aside while they are spoken
    const shown = shownRun(scene.visual, words);
    const runs = shown ? [words.slice(0, shown.from), words.slice(shown.to)] : [words];
    const pages = runs.flatMap((run, r) => {
      const paged = paginate(run, limits);
      // the page before the shown words leaves when they begin
      if (shown && r === 0 && paged.length) paged.at(-1)!.end = Math.min(paged.at(-1)!.end, words[shown.from]!.start);
      return paged;
    });
    pages.forEach((page, k) => {
      const pageWords = page.lines.flat();
      const lineBreaks: number[] = [];
      let n = 0;
      for (const line of page.lines.slice(0, -1)) lineBreaks.push((n += line.length));
      events.push({
        // the first page opens with the caption's window, the last one closes it (unless the scene's
        // own text stands for the words at either end)
        start: k === 0 && !(shown && shown.from === 0) ? start : page.start,
        end: k === pages.length - 1 && !(shown && shown.to === words.length) ? end : Math.min(page.end, end),
        text: page.lines.map((l) => l.map((w) => w.text).join(' ')).join('\n'),
        words: timed ? pageWords : undefined,
        lineBreaks,
        ...(style ? { style } : {}),
      });
    });
  });
  return events;
}

const clamp = (t: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, t));

/** Kinds of designed scene that draw their `text` on the stage (main/render/designed/designed-layers.ts). */
const drawsText = new Set(['title', 'cta', 'steps']);
const bareWord = (w: string) => w.toLocaleLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Where a designed scene's drawn text repeats its own sentence: the run of the scene's words that
 * spells that text, whole and in order (two words or more), or undefined.
 */
export function shownRun(visual: ProjectDocument['scenes'][number]['visual'], words: WordTiming[]): { from: number; to: number } | undefined {
  if (visual.type !== 'designed' || !drawsText.has(visual.kind)) return undefined;
  const text = visual.text.split(/\s+/).map(bareWord).filter(Boolean);
  if (text.length < 2) return undefined;
  const said = words.map((w) => bareWord(w.text));
  for (let i = 0; i + text.length <= said.length; i++) {
    if (!text.every((t, k) => said[i + k] === t)) continue;
    // a step's number stands for the sequence word before its text ("First," "Then"): a page of
    // that word alone would flash up between the step and the captions
    const lead = words.slice(0, i).map((w) => w.text).join(' ');
    const from = visual.kind === 'steps' && i > 0 && i <= 3 && isSequenceMarker(lead) ? 0 : i;
    return { from, to: i + text.length };
  }
  return undefined;
}
