import { test } from 'node:test';
import assert from 'node:assert/strict';
import { designScenes, type DesignedVisual } from '../../main/design/design-scenes';
import { keyPhraseOf } from '../../main/design/key-phrase';
import { findFigure } from '../../main/design/figures';
import { tokenize } from '../../main/design/words';
import { buildEmojiIndex, emojiIndexFor, matchEmoji } from '../../main/design/emoji-match';

const design = (sentences: string[], opts: Parameters<typeof designScenes>[1] = {}) => designScenes(sentences.map((narration) => ({ narration })), opts) as DesignedVisual[];
const words = (s: string) => s.split(/\s+/).filter(Boolean);

test('a sentence with a figure becomes a stat: the figure as spoken, a 2–4 word label from the sentence', () => {
  const cases: Array<[string, string]> = [
    ['About 87% of coffee drinkers add sugar.', '87%'],
    ['The market is worth two billion dollars.', '$2 billion'],
    ['Cold brew steeps for twelve hours.', '12'],
    ['A good grinder costs $20 at most.', '$20'],
    ['Prices rose 3.5 percent last year.', '3.5%'],
    ['In 1969, people walked on the moon.', '1969'],
  ];
  for (const [sentence, shown] of cases) {
    const [, v] = design(['Hook sentence here.', sentence]);
    assert.equal(v!.kind, 'stat', sentence);
    assert.equal(v!.figure?.text, shown, sentence);
    const label = v!.label ?? '';
    assert.ok(words(label).length >= 1 && words(label).length <= 4, `${sentence}: label "${label}"`);
    // the label is a real run of the sentence's words
    assert.ok(sentence.toLowerCase().includes(label.toLowerCase()), `${sentence}: "${label}" is not from the sentence`);
  }
  // a quantity counts up; a year does not
  assert.equal(design(['x y z.', 'About 87% of coffee drinkers add sugar.'])[1]!.figure?.count, true);
  assert.equal(design(['x y z.', 'In 1969, people walked on the moon.'])[1]!.figure?.count, false);
  // "one" alone is not a figure
  assert.notEqual(design(['x y z.', 'This is one of the best parts of the trip.'])[1]!.kind, 'stat');
});

test("a stat appears when its figure is spoken, from the voice's word timings", () => {
  const narration = 'Each year we drink about 400 billion cups.';
  const timings = words(narration).map((text, k) => ({ text, start: k * 0.4, end: k * 0.4 + 0.35 }));
  const [, v] = designScenes([{ narration: 'Hook.' }, { narration, words: timings }]);
  assert.equal(v!.kind, 'stat');
  assert.equal(v!.at, 2.0); // "400" is the sixth word
  assert.ok(findFigure(tokenize('We sold 1,200 units.'))?.text === '1,200');
});

test('first / next / finally across scenes become numbered steps, each scene highlighting its own', () => {
  const v = design(['How to brew.', 'First, grind the beans coarsely.', 'Next, pour cold water over them.', 'Then wait twelve hours.', 'Finally, strain it through a filter.', 'Enjoy it over ice.']);
  const steps = v.slice(1, 5);
  for (const [k, s] of steps.entries()) {
    assert.equal(s.kind, 'steps');
    assert.equal(s.steps?.current, k);
    assert.equal(s.steps?.items.length, 4);
  }
  assert.deepEqual(steps[0]!.steps?.items[0], 'grind the beans coarsely');
  assert.notEqual(v[5]!.kind, 'steps');
  // a lone "first" is not a list
  assert.notEqual(design(['Hook.', 'First, a word about beans.', 'Beans grow on trees.'])[1]!.kind, 'steps');
});

test('quoted speech becomes a quote with its source; the hook a title; a closing ask a call to action', () => {
  const v = design(['Why cold brew wins.', 'As Steve Jobs once said, "Stay hungry, stay foolish."', 'Coffee grows on farms in Brazil.', 'Follow for more coffee tips!'], { title: 'Cold brew, explained' });
  assert.equal(v[0]!.kind, 'title');
  assert.equal(v[0]!.text, 'Cold brew, explained');
  assert.equal(v[1]!.kind, 'quote');
  assert.equal(v[1]!.label, 'Steve Jobs');
  assert.equal(v[3]!.kind, 'cta');
  assert.equal(v[3]!.text, 'Follow for more coffee tips');
  // with a title card, the first scene is designed by what it says
  const carded = design(['About 87% of coffee drinkers add sugar.', 'Bye.'], { titleCard: true });
  assert.equal(carded[0]!.kind, 'stat');
});

test('a concrete thing is illustrated with an emoji of the bundled set, matched through CLDR keywords', () => {
  const cases: Array<[string, RegExp]> = [
    ['A soft tyre wastes fuel and makes braking worse.', /^fuel-pump$/],
    ['Your car will thank you.', /^automobile$/],
    ['The cherries ripen slowly on green hills.', /^cherries$/],
    ['Put your phone away at night.', /phone/],
  ];
  for (const [sentence, icon] of cases) {
    const [, v] = design(['Hook.', sentence]);
    assert.equal(v!.kind, 'illustrated', sentence);
    assert.match(v!.emoji?.icon ?? '', icon, sentence);
  }
  // in the script's language: French CLDR keywords
  const fr = matchEmoji(tokenize('Un bon café chaud pour commencer.'), emojiIndexFor('fr'), 'fr');
  assert.equal(fr?.icon, 'hot-beverage');
});

test('the emoji index prefers a thing’s own name, and its head noun over other words of the name', () => {
  const icons = new Map([['1f34e', 'red-apple'], ['2601', 'cloud'], ['26c8', 'cloud-with-lightning-and-rain']]);
  const index = buildEmojiIndex(
    [
      { label: 'red apple', hexcode: '1F34E', emoji: '🍎', tags: ['apple', 'fruit', 'red'], group: 4 },
      { label: 'cloud', hexcode: '2601', emoji: '☁️', tags: ['weather'], group: 3 },
      { label: 'cloud with lightning and rain', hexcode: '26C8', emoji: '⛈️', tags: ['cloud', 'rain', 'thunder'], group: 3 },
    ],
    icons,
  );
  assert.equal(index.get('apple')?.icon, 'red-apple');
  assert.equal(index.get('cloud')?.icon, 'cloud');
  assert.equal(index.get('rain')?.icon, 'cloud-with-lightning-and-rain');
  assert.equal(index.get('red')?.icon, 'red-apple');
});

test('anything else is kinetic type around a key phrase that is a real phrase of the sentence, never a list of keywords', () => {
  const sentences = [
    'It matters more than you think.',
    'Bitterness steeps out slowly when the water is hot.',
    'Nobody tells you this about the morning routine.',
    'Success depends on patience, practice and persistence.',
  ];
  for (const s of sentences) {
    const phrase = keyPhraseOf(s);
    assert.ok(phrase.length > 0);
    assert.ok(!phrase.includes('·'));
    // contiguous: the phrase occurs in the sentence as written
    assert.ok(s.includes(phrase), `"${phrase}" is not a phrase of "${s}"`);
    assert.ok(words(phrase).length <= 5);
  }
  assert.equal(keyPhraseOf('Bitterness steeps out slowly when the water is hot.'), 'Bitterness steeps out slowly');
  const [, v] = design(['Hook.', 'It matters more than you think.', 'Bye now.']);
  assert.equal(v!.kind, 'kinetic');
});

test('every scene of an unseen script is designed, and scenes with media are left alone', () => {
  const script = [
    'Here is something nobody tells you about sleep.',
    'Adults need seven to nine hours every night.',
    'Blue light from screens keeps your brain awake.',
    'Dim the lights an hour before bed.',
    'Keep the bedroom cool and dark.',
    'Subscribe for more sleep science.',
  ];
  const v = designScenes(script.map((narration, i) => ({ narration, hasMedia: i === 2 })));
  assert.equal(v[2], undefined);
  for (const [i, d] of v.entries()) {
    if (i === 2) continue;
    assert.ok(d && d.type === 'designed', `scene ${i + 1}`);
  }
  assert.equal(v[0]!.kind, 'title');
  assert.equal(v[1]!.kind, 'stat');
  assert.equal(v[5]!.kind, 'cta');
});
