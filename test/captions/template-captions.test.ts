import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assStyleLine } from '../../main/captions/ass';
import { legibleCaption } from '../../main/captions/contrast';
import { pageLimits, paginate } from '../../main/captions/paginate';
import { mainTextStyle } from '../../main/design/scene-caption';
import { listTemplates } from '../../main/templates/load-templates';
import type { WordTiming } from '../../native/tts/types';
import type { CaptionStyle } from '../../preload/contract/project';

// Every built-in template's captions, on the committed example scripts (steps, news, a pitch, a
// quote, a story): the rules of ../shared/LOOK.md checked on what the templates really draw.
const templates = listTemplates();
const scriptsDir = join(import.meta.dirname, '../../assets/examples/scripts');
const scripts = readdirSync(scriptsDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f, text: readFileSync(join(scriptsDir, f), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).join(' ') }));

/** Words at a brisk speaking rate (~3.3 words/s) with a pause after each sentence. */
function timed(text: string): WordTiming[] {
  let t = 0;
  return text.split(/\s+/).filter(Boolean).map((w) => {
    const d = 0.1 + Array.from(w).length * 0.04;
    const out = { text: w, start: +t.toFixed(3), end: +(t + d).toFixed(3) };
    t += d + (/[.!?]["”’)]*$/.test(w) ? 0.4 : 0.03);
    return out;
  });
}

const endsSentence = (w: WordTiming) => /[.!?…]["'”’)]*$/u.test(w.text);

/** The caption styles a template draws: its own, and the larger centred one of a scene whose sentence is its main text. */
const stylesOf = (caption: CaptionStyle) => [
  { what: 'captions', style: legibleCaption(caption) },
  { what: 'main-text captions', style: legibleCaption(mainTextStyle({ caption } as Parameters<typeof mainTextStyle>[0]).caption) },
];

test('every template in 9:16 draws its captions at ≥ 4.5 % of the frame height (≈ 86 px at 1920), as libass is told', () => {
  assert.ok(templates.length >= 7);
  for (const tpl of templates) {
    for (const { what, style } of stylesOf(tpl.style.caption)) {
      const size = Number(assStyleLine('Caption', style, 1080, 1920).split(',')[2]);
      assert.ok(size >= 0.045 * 1920, `${tpl.id} ${what}: ${size} px, below 4.5 % of 1920`);
    }
  }
});

for (const [w, h, lines] of [[1080, 1920, 2], [1920, 1080, 3]] as const) {
  test(`every template, every example script, ${w}×${h}: pages of at most ${lines} lines within the caption band, none up less than 0.8 s unless it holds a whole sentence`, (t) => {
    for (const tpl of templates) {
      for (const { what, style } of stylesOf(tpl.style.caption)) {
        const limits = pageLimits(style, w, h);
        assert.ok(limits.maxLines <= lines, `${tpl.id} ${what}: ${limits.maxLines} lines a page`);
        let pagesSeen = 0;
        let wordsSeen = 0;
        for (const script of scripts) {
          const words = timed(script.text);
          const pages = paginate(words, limits);
          assert.deepEqual(pages.flatMap((p) => p.lines.flat().map((x) => x.text)), words.map((x) => x.text), `${tpl.id} ${script.name}: every word once, in order`);
          pages.forEach((p, i) => {
            const text = p.lines.map((l) => l.map((x) => x.text).join(' ')).join(' | ');
            const where = `${tpl.id} ${what}, ${script.name}, page "${text}"`;
            assert.ok(p.lines.length <= lines, `${where}: ${p.lines.length} lines`);
            for (const l of p.lines) {
              const line = l.map((x) => x.text).join(' ');
              assert.ok(l.length === 1 || limits.lineWidth!(line) <= limits.maxLineWidth!, `${where}: "${line}" is ${Math.round(limits.lineWidth!(line))} px, wider than the ${limits.maxLineWidth} px band`);
            }
            const ws = p.lines.flat();
            const wholeSentence = (i === 0 || endsSentence(pages[i - 1]!.lines.flat().at(-1)!)) && endsSentence(ws.at(-1)!);
            const room = pages[i + 1] ? pages[i + 1]!.start - p.start : Number.POSITIVE_INFINITY;
            if (!wholeSentence && room >= 0.8) assert.ok(p.end - p.start >= 0.8 - 1e-9, `${where}: up ${(p.end - p.start).toFixed(2)} s`);
          });
          pagesSeen += pages.length;
          wordsSeen += words.length;
        }
        t.diagnostic(`${tpl.id} ${what}: ${(wordsSeen / pagesSeen).toFixed(1)} words a page`);
      }
    }
  });
}
