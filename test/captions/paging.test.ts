import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paginate, pageLimits, spreadWords, type CaptionPage, type PageLimits } from '../../main/captions/paginate';
import { captionStyleSchema } from '../../preload/contract/project';
import type { WordTiming } from '../../native/tts/types';

/** Words at a speaking rate of ~3 words/s with a pause after each sentence. */
function timed(text: string): WordTiming[] {
  let t = 0.2;
  return text.split(' ').map((w) => {
    const d = 0.12 + Array.from(w).length * 0.045;
    const out = { text: w, start: +t.toFixed(3), end: +(t + d).toFixed(3) };
    t += d + (/[.!?]$/.test(w) ? 0.45 : 0.04);
    return out;
  });
}

const len = (s: string) => Array.from(s).length;

function assertLimits(pages: CaptionPage[], words: WordTiming[], limits: PageLimits) {
  assert.deepEqual(pages.flatMap((p) => p.lines.flat().map((w) => w.text)), words.map((w) => w.text), 'every word once, in order');
  pages.forEach((p, i) => {
    assert.ok(p.lines.length <= limits.maxLines, `page ${i} has ${p.lines.length} lines`);
    for (const line of p.lines) {
      const text = line.map((w) => w.text).join(' ');
      assert.ok(len(text) <= limits.maxCharsPerLine || line.length === 1, `line "${text}" is ${len(text)} characters`);
    }
    const ws = p.lines.flat();
    if (ws.length > 1) assert.ok(ws[ws.length - 1]!.end - ws[0]!.start <= limits.maxPageDuration + 1e-9, `page ${i} runs ${ws[ws.length - 1]!.end - ws[0]!.start}s`);
    if (pages.length > 1) assert.ok(ws.length > 1, `page ${i} is an orphan: "${ws[0]!.text}"`);
    const next = pages[i + 1];
    if (next) assert.ok(p.end <= next.start + 1e-9, `page ${i} overlaps the next`);
    if (next && next.start - p.start >= limits.minPageDuration) assert.ok(p.end - p.start >= limits.minPageDuration - 1e-9, `page ${i} is up only ${p.end - p.start}s`);
    if (p.lines.length > 1) assert.ok(p.lines[p.lines.length - 1]!.length > 1 || p.lines[p.lines.length - 2]!.length <= 2, `page ${i} ends on a lone word`);
  });
}

const limits: PageLimits = { maxCharsPerLine: 18, maxLines: 2, minPageDuration: 0.8, maxPageDuration: 3 };

test('captions: a long narration is paged within the line, line-count and duration limits, with no orphan words', () => {
  const words = timed(
    'Most people never check their tyre pressure. That is a mistake, because a soft tyre wastes fuel, wears out faster, and makes braking worse in the rain. ' +
      'Check it once a month; it takes two minutes and a gauge costs less than a coffee. Your car, your wallet and everyone on the road will thank you.',
  );
  const pages = paginate(words, limits);
  assert.ok(pages.length >= 8, `${pages.length} pages`);
  assertLimits(pages, words, limits);
  // a sentence end closes a page when the page has been up long enough
  assert.ok(pages.some((p) => p.lines.flat().at(-1)!.text === 'pressure.'));
});

test('captions: a short line is one page; a two-word tail is not split into an orphan', () => {
  assert.equal(paginate(timed('Hello there.'), limits).length, 1);
  const words = timed('This sentence fills nearly two whole lines of text ok');
  const pages = paginate(words, limits);
  assertLimits(pages, words, limits);
});

test('captions: right-to-left text and emoji are paged by characters, not UTF-16 units', () => {
  const rtl = timed('מחר בבוקר נצא לטיול ארוך בהרים ונחזור רק בערב. אל תשכחו מים וכובע.');
  assertLimits(paginate(rtl, limits), rtl, limits);
  const emoji = timed('🚀🚀🚀 launch day 🎉 is here and the whole team 👩‍💻 is ready to ship 🚢 it now!');
  const pages = paginate(emoji, { ...limits, maxCharsPerLine: 12 });
  assertLimits(pages, emoji, { ...limits, maxCharsPerLine: 12 });
  const arabic = timed('مرحبا بكم في هذا الفيديو القصير عن القهوة وكيف تحضرونها في البيت.');
  assertLimits(paginate(arabic, limits), arabic, limits);
});

test('captions: characters per line follow the frame and font size when the style leaves them open', () => {
  const style = captionStyleSchema.parse({ size: 0.05 });
  const tall = pageLimits(style, 1080, 1920).maxCharsPerLine;
  const wide = pageLimits(style, 1920, 1080).maxCharsPerLine;
  // 3–6 words a line on a phone
  assert.ok(tall >= 14 && tall <= 30, `9:16: ${tall}`);
  assert.ok(wide > tall * 2, `16:9: ${wide}`);
  assert.equal(pageLimits(captionStyleSchema.parse({ maxCharsPerLine: 30 }), 1080, 1920).maxCharsPerLine, 30);
});

test('captions: text without timings is spread over its window and still paged', () => {
  const words = spreadWords('A caption that was typed by hand and has no word timing at all', 2, 6);
  assert.equal(words[0]!.start, 2);
  assert.ok(Math.abs(words.at(-1)!.end - 6) < 1e-6);
  assertLimits(paginate(words, limits), words, limits);
});

test('captions: lines are as long as the real text width allows, measured in the font (capitals and wide letters take more room)', () => {
  const style = captionStyleSchema.parse({ size: 0.05, bold: true });
  const limits = pageLimits(style, 1080, 1920);
  const narrow = timed('ill fill till mill ill fill till mill ill fill till mill ill fill till mill ill fill till mill');
  const wide = timed('WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM WOW MOM');
  const perLine = (pages: CaptionPage[]) => Math.max(...pages.flatMap((p) => p.lines.map((l) => l.length)));
  const n = perLine(paginate(narrow, { ...limits, maxPageDuration: 60 }));
  const w = perLine(paginate(wide, { ...limits, maxPageDuration: 60 }));
  assert.ok(n >= 2 * w, `narrow words ${n} a line, wide capitals ${w} a line`);
  for (const p of paginate(wide, limits)) for (const l of p.lines) {
    const text = l.map((x) => x.text).join(' ');
    assert.ok(limits.lineWidth!(text) <= limits.maxLineWidth!, `"${text}" is wider than the caption band`);
  }
  // 2 lines a page in 9:16, 3 in 16:9
  assert.equal(pageLimits({ ...style, maxLines: 5 }, 1080, 1920).maxLines, 2);
  assert.equal(pageLimits({ ...style, maxLines: 5 }, 1920, 1080).maxLines, 3);
});

test('captions: pages break at phrases, not inside them, and a page is up long enough to read', () => {
  const style = captionStyleSchema.parse({ size: 0.06, bold: true, uppercase: true });
  const limits = pageLimits(style, 1080, 1920);
  const words = timed('The coffee cherries ripen slowly on green hills, and farmers pick them by hand. It takes the whole day. Then the beans dry in the sun for two weeks before they travel around the world.');
  const pages = paginate(words, limits);
  const texts = pages.map((p) => p.lines.map((l) => l.map((w) => w.text).join(' ')).join(' | '));
  for (const p of pages) {
    const last = p.lines.flat().at(-1)!.text.toLowerCase();
    assert.ok(!['the', 'a', 'on', 'of', 'in', 'for', 'by', 'and'].includes(last), `a page ends on "${last}": ${texts.join(' / ')}`);
  }
  pages.forEach((p, i) => {
    const ws = p.lines.flat();
    const wholeSentence = /[.!?]$/.test(ws.at(-1)!.text) && (i === 0 || /[.!?]$/.test(pages[i - 1]!.lines.flat().at(-1)!.text));
    if (!wholeSentence && pages[i + 1]) assert.ok(p.end - p.start >= 0.8 - 1e-9, `page "${texts[i]}" is up ${(p.end - p.start).toFixed(2)} s`);
  });
  assert.ok(!texts.some((t) => /ripen slowly on$/.test(t.split(' | ').at(-1)!)), texts.join(' / '));
});
