import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProject } from '../../main/make/build-project';
import { contrastRatio } from '../../main/captions/contrast';
import { assetsDir } from '../../main/render/assets';
import { Tts } from '../../native/tts/tts';
import { templateSchema } from '../../preload/contract/template';

const dir = mkdtempSync(join(tmpdir(), 'reelforge-card-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

test('a scene no media fits gets a card in the template look with its key phrase, never a near-black one', async (t) => {
  const tts = new Tts({ neuralModelDir: join(dir, 'models') });
  for (const file of readdirSync(join(assetsDir(), 'templates'))) {
    const template = templateSchema.parse(JSON.parse(readFileSync(join(assetsDir(), 'templates', file), 'utf8')));
    const built = await buildProject({
      script: { title: '', language: 'en', scenes: [{ narration: 'Dragons guard the mountain pass.', keywords: ['dragons', 'mountain'], role: 'body' }] },
      template,
      tts,
      media: [{ path: join(dir, 'coffee.jpg'), kind: 'image', keywords: ['coffee'] }],
      workDir: join(dir, template.id),
    });
    const visual = built.project.scenes[built.sceneIndex[0]!]!.visual;
    assert.equal(visual.type, 'text', `${template.id}: the card shows the scene's key phrase`);
    if (visual.type !== 'text') continue;
    t.diagnostic(`${template.id}: "${visual.text}" in ${visual.color} on ${visual.background}`);
    assert.match(visual.text, /dragons/);
    // near black: less than 1.6:1 against black (a dark card reads as a missing picture)
    assert.ok(contrastRatio(visual.background!, '#000000') >= 1.6, `${template.id}: the card ${visual.background} is near black`);
    assert.ok(contrastRatio(visual.color!, visual.background!) >= 4.5, `${template.id}: ${visual.color} on ${visual.background} is hard to read`);
    const palette = [template.cards.from, template.cards.to, template.style.colors.accent].map((c) => c.slice(0, 7).toUpperCase());
    assert.ok(palette.includes(visual.background!.toUpperCase()), `${template.id}: the card's colour comes from the template`);
  }
});
