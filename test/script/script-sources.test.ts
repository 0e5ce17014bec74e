import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitScript } from '../../main/script/split-text';
import { scriptFromStructure } from '../../main/script/from-structure';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtInTemplateDir, listTemplates, findTemplate } from '../../main/templates/load-templates';
import { projectSchema } from '../../preload/contract/project';
import { scriptParamsSchema, templateSchema } from '../../preload/contract/template';

test('user text: paragraphs are scenes, long ones are cut at sentences near the target length, keywords by hand or from words', () => {
  const text = [
    '# Morning routine',
    '',
    '[keywords: coffee, kitchen] Start with a glass of water.',
    '',
    'Then stretch for five minutes. Open the window and let the light in. Write down three things you want to finish today. ' +
      'Put your phone in another room. Start with the hardest task while your head is fresh.',
  ].join('\n');
  const script = splitScript(text, { targetSceneSeconds: 5, wordsPerMinute: 150 });
  assert.equal(script.title, 'Morning routine');
  assert.equal(script.scenes[0]!.narration, 'Start with a glass of water.');
  assert.deepEqual(script.scenes[0]!.keywords, ['coffee', 'kitchen']);
  assert.ok(script.scenes.length >= 4, `${script.scenes.length} scenes`);
  // nothing is lost or reordered
  assert.equal(script.scenes.slice(1).map((s) => s.narration).join(' '), text.split('\n')[4]);
  for (const s of script.scenes.slice(1)) assert.ok(s.narration.split(' ').length <= 25, s.narration);
  assert.ok(script.scenes[1]!.keywords.includes('stretch'));
  assert.ok(!script.scenes[1]!.keywords.includes('the'));
});

test('template structure: hook, the points in order, call to action, in the requested language with the given parameters', () => {
  const t = findTemplate('bold-shorts');
  const fr = scriptFromStructure(t, scriptParamsSchema.parse({ topic: 'le vélo', language: 'fr-FR' }), { points: ['Un casque.', 'Des lumières.'] });
  assert.deepEqual(fr.scenes.map((s) => s.role), ['hook', 'point', 'point', 'cta']);
  assert.equal(fr.scenes[0]!.narration, 'Arrête de scroller : le vélo en 2 points.');
  assert.equal(fr.scenes[2]!.narration, 'Des lumières.');
  const en = scriptFromStructure(findTemplate('calm-explainer'), scriptParamsSchema.parse({ topic: 'compound interest', language: 'en' }), { points: ['a'], cta: 'Bye.' });
  assert.match(en.scenes[0]!.narration, /compound interest/);
  assert.equal(en.scenes.at(-1)!.narration, 'Bye.');
});

test('templates: at least six distinct built-in looks, each valid', () => {
  const all = listTemplates();
  assert.ok(all.length >= 6, `${all.length} templates`);
  const looks = new Set(all.map((t) => JSON.stringify([t.style.colors, t.style.caption.position, t.style.transition.type, t.music.mood])));
  assert.equal(looks.size, all.length);
  assert.equal(new Set(all.map((t) => t.id)).size, all.length);
  const files = readdirSync(builtInTemplateDir).filter((f) => f.endsWith('.json'));
  assert.equal(files.length, all.length, 'every template file is listed');
  for (const file of files) {
    // The file as written (not after listTemplates), so a template leaning on a bad value fails here.
    const parsed = templateSchema.safeParse(JSON.parse(readFileSync(join(builtInTemplateDir, file), 'utf8')));
    assert.ok(parsed.success, `${file}: ${parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const t = parsed.data;
    assert.equal(`${t.id}.json`, file);
    // Its structure writes a whole script in its own language, every placeholder filled.
    const script = scriptFromStructure(t, scriptParamsSchema.parse({ ...t.defaults, topic: 'tide pools' }), { points: ['One.', 'Two.', 'Three.'] });
    assert.deepEqual([script.scenes[0]!.role, script.scenes.at(-1)!.role], ['hook', 'cta'], file);
    for (const scene of script.scenes) assert.doesNotMatch(scene.narration, /\{\w+\}/, `${file}: ${scene.narration}`);
    // Its look and preset make a valid project document.
    const doc = projectSchema.safeParse({ version: 1, settings: { preset: t.preset }, style: t.style, scenes: [{ visual: { type: t.cards.kind === 'text' ? 'color' : t.cards.kind, color: t.cards.from, from: t.cards.from, to: t.cards.to }, duration: 1 }] });
    assert.ok(doc.success, `${file}: ${doc.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
});
