import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sentences, splitScript } from '../../main/script/split-text';

test('sentences never end inside a number or after a title, an initial or "e.g."', () => {
  assert.deepEqual(sentences('Prices rose 3.5% this year. Then they fell.'), ['Prices rose 3.5% this year.', 'Then they fell.']);
  assert.deepEqual(sentences('A coffee is $20.50 now. Dr. Smith said so, e.g. in 2020. Done!'), ['A coffee is $20.50 now.', 'Dr. Smith said so, e.g. in 2020.', 'Done!']);
  assert.deepEqual(sentences('He met J. Smith at 10 a.m. today. Good.'), ['He met J. Smith at 10 a.m. today.', 'Good.']);
  assert.deepEqual(sentences('Am 3. Mai war es 1.000 € wert. Ja.'), ['Am 3. Mai war es 1.000 € wert.', 'Ja.']);
  assert.deepEqual(sentences('It was 2019. Then more. Wait... what? 你好。再见。'), ['It was 2019.', 'Then more.', 'Wait...', 'what?', '你好。', '再见。']);
});

test('a long paragraph is cut into scenes at sentence ends, never between "3." and "5%"', () => {
  const para = 'Inflation hit 3.5% in March. Rents rose 4.2% over the year. Wages grew only 1.9% in the same time. Savers lost about $1,200 each.';
  const script = splitScript(para, { targetSceneSeconds: 3, wordsPerMinute: 150 });
  assert.ok(script.scenes.length >= 2);
  for (const s of script.scenes) assert.doesNotMatch(s.narration, /^\d|\d\.$/, s.narration);
  assert.equal(script.scenes.map((s) => s.narration).join(' '), para);
});
