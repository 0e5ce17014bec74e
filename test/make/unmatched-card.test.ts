import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyPhrase, templateCard } from '../../main/make/build-project';
import { contrastRatio } from '../../main/captions/contrast';
import { findTemplate, listTemplates } from '../../main/templates/load-templates';

test('a scene no media fits gets a card in the template look with its key phrase, never a near-black one', (t) => {
  const templates = listTemplates();
  assert.ok(templates.length >= 7);
  for (const template of templates) {
    const visual = templateCard(template, keyPhrase(['dragons', 'mountain'], 'Dragons guard the mountain pass.'));
    assert.equal(visual.type, 'text', `${template.id}: the card shows the scene's key phrase`);
    if (visual.type !== 'text') continue;
    t.diagnostic(`${template.id}: "${visual.text}" in ${visual.color} on ${visual.background}`);
    assert.match(visual.text, /dragons/);
    // near black: less than 2.5:1 against black (a dark card reads as a missing picture)
    assert.ok(contrastRatio(visual.background!, '#000000') >= 2.5, `${template.id}: the card ${visual.background} is near black`);
    assert.ok(contrastRatio(visual.color!, visual.background!) >= 4.5, `${template.id}: ${visual.color} on ${visual.background} is hard to read`);
    // the template's own card colour (brightened when it is dark), never its caption highlight
    const hue = (x: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(x.slice(i, i + 2), 16) / 255) as [number, number, number];
      const mx = Math.max(r, g, b);
      const mn = Math.min(r, g, b);
      return mx === mn ? -1 : mx === r ? ((g - b) / (mx - mn) + 6) % 6 : mx === g ? (b - r) / (mx - mn) + 2 : (r - g) / (mx - mn) + 4;
    };
    assert.ok([template.cards.from, template.cards.to].some((x) => Math.abs(hue(x) - hue(visual.background!)) < 0.15), `${template.id}: ${visual.background} is not the hue of the template's cards`);
    // a caption without box or outline puts its highlighted word right on the card
    const cap = template.style.caption;
    if (!cap.box && cap.outline < 0.05) assert.ok(contrastRatio(cap.highlightColor, visual.background!) >= 1.5, `${template.id}: the caption highlight would vanish on the card`);
  }
  // no key phrase: the template's colours, still not near black
  const bold = findTemplate('bold-shorts');
  const plain = templateCard(bold, undefined);
  assert.equal(plain.type, 'gradient');
  if (plain.type === 'gradient') assert.ok(contrastRatio(plain.from, '#000000') >= 2.5);
});
