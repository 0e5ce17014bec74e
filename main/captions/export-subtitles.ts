import type { CaptionStyle } from '../../preload/contract/project';
import { buildAss, type CaptionEvent } from './ass';

export type SubtitleFormat = 'srt' | 'vtt' | 'ass';

function clock(seconds: number, decimal: ',' | '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${decimal}${String(ms % 1000).padStart(3, '0')}`;
}

/**
 * Caption text as plain text for SRT and VTT: players read `{\p1}`, `{\fs300}` (ASS override
 * tags) and SRT's `<font>`/`<b>` in a cue as styling, so script text — an LLM's included — that
 * carries them would draw shapes or giant letters. They are removed (the ASS file escapes them
 * instead), as are a cue arrow and blank lines, which would end the cue early.
 */
export function plainCueText(text: string): string {
  return text
    .replace(/\{[^{}]*\\[^{}]*\}/g, '')
    .replace(/<\/?(?:b|i|u|s|font|c|v|ruby|rt|lang)\b[^>]*>/gi, '')
    .replace(/-->/g, '→')
    .replace(/\r?\n(\s*\r?\n)+/g, '\n');
}

const visible = (events: CaptionEvent[]) => events.map((e) => ({ ...e, text: plainCueText(e.text), words: e.words?.map((w) => ({ ...w, text: plainCueText(w.text) })) })).filter((e) => e.end > e.start && e.text.trim());

/** SubRip: numbered cues, comma decimals; the page's lines as lines. */
export function toSrt(events: CaptionEvent[]): string {
  return visible(events)
    .map((e, i) => `${i + 1}\n${clock(e.start, ',')} --> ${clock(e.end, ',')}\n${e.text.replace(/\r?\n/g, '\n')}\n`)
    .join('\n');
}

const vttEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * WebVTT. With word timings each word after the first carries a `<hh:mm:ss.mmm>` timestamp, which
 * players use to style the spoken word (`::cue(:past)` / `:future`), the VTT form of karaoke.
 */
export function toVtt(events: CaptionEvent[]): string {
  const cues = visible(events).map((e) => {
    let body: string;
    if (e.words?.length) {
      const breaks = new Set(e.lineBreaks ?? []);
      body = e.words
        .map((w, i) => (i === 0 ? vttEscape(w.text) : `${breaks.has(i) ? '\n' : ' '}<${clock(w.start, '.')}>${vttEscape(w.text)}`))
        .join('');
    } else body = vttEscape(e.text);
    return `${clock(e.start, '.')} --> ${clock(e.end, '.')}\n${body}\n`;
  });
  return ['WEBVTT', '', ...cues].join('\n');
}

export function exportSubtitles(format: SubtitleFormat, events: CaptionEvent[], style: CaptionStyle, width: number, height: number): string {
  if (format === 'srt') return toSrt(events);
  if (format === 'vtt') return toVtt(events);
  return buildAss(events, style, width, height);
}
