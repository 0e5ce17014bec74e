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
  // a rate keeps its article; a time after the figure says when, so the label says what instead
  assert.equal(design(['x y z.', 'The bill drops to $1,690 a year, down from last year.'])[1]!.label, 'a year');
  assert.equal(design(['x y z.', 'Household energy bills are set to fall by 12% this winter.'])[1]!.label, 'set to fall');
  assert.equal(design(['x y z.', 'Sales grew 40% last year.'])[1]!.label, 'Sales grew');
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
  assert.deepEqual(steps[0]!.steps?.items[0], 'Grind the beans coarsely');
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
    ['A soft tyre wastes your fuel and makes braking worse.', /^fuel-pump$/],
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
  // a word that heads several names is one of those things, not the most decorated of them
  const trees = buildEmojiIndex(
    [
      { label: 'evergreen tree', hexcode: '1F332', emoji: '🌲', tags: ['evergreen', 'tree'], group: 3 },
      { label: 'deciduous tree', hexcode: '1F333', emoji: '🌳', tags: ['deciduous', 'shedding', 'tree'], group: 3 },
      { label: 'Christmas tree', hexcode: '1F384', emoji: '🎄', tags: ['celebration', 'Christmas', 'tree'], group: 6 },
    ],
    new Map([['1f332', 'evergreen-tree'], ['1f333', 'deciduous-tree'], ['1f384', 'christmas-tree']]),
  );
  assert.notEqual(trees.get('tree')?.icon, 'christmas-tree');
  assert.equal(trees.get('christmas')?.icon, 'christmas-tree');
  assert.equal(emojiIndexFor('en').get('tree')?.icon.includes('christmas'), false, 'the bundled set: "tree" is not a Christmas tree');
});

test('a story\'s "light" is no candle, its coast guard no royal guard, "the wild" no broccoli; a bulb and a guard still are', () => {
  const pick = (s: string) => matchEmoji(tokenize(s), emojiIndexFor('en'), 'en')?.icon;
  assert.notEqual(pick('When the light was finally automated, she refused to leave.'), 'candle');
  assert.notEqual(pick('The coast guard let her stay, and she looked after the island.'), 'guard');
  assert.equal(pick('Turn on the light bulb.'), 'light-bulb');
  assert.equal(pick('The guard let her stay.'), 'guard');
  // an adjective CLDR keys a thing by ("wild" of wild cabbage) is no thing, even after "the"
  assert.notEqual(pick('To see one in the wild, look near a small den.'), 'broccoli');
  assert.equal(pick('Only the rich can afford it.'), undefined);
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

test('stats: shares in words, spelled numbers that measure something, and a label that is one run of the sentence', () => {
  const cases: Array<[string, string, string]> = [
    ['Half of the Great Barrier Reef has bleached since 2016.', '50%', 'Great Barrier Reef'],
    ['But one in five homes still spends more on heating.', '1 in 5', 'homes'],
    ['Today the bakery employs twelve people and ships bread.', '12', 'people'],
    ['It keeps drinks cold for twenty-four hours and hot for twelve.', '24', 'hours'],
    ['Lena opened with one oven and a loan of €15,000.', '€15,000', 'loan'],
    ['Wait thirty seconds while they bloom.', '30', 'seconds'],
    ['Within two years, revenue grew by 340 percent.', '340%', 'revenue grew'],
    ['It costs $79, with free shipping.', '$79', 'costs'],
  ];
  for (const [sentence, shown, label] of cases) {
    const [, v] = design(['Hook sentence here.', sentence]);
    assert.equal(v!.kind, 'stat', sentence);
    assert.equal(v!.figure?.text, shown, sentence);
    assert.equal(v!.label, label, sentence);
    assert.ok(sentence.includes(v!.label!), `${sentence}: the label is a run of the sentence`);
  }
  // a small spelled number in passing is not a stat ("sold out by ten", "three kinds")
  for (const s of ['She sold out by ten every morning.', 'She baked only three kinds of bread.', 'The third year in a row.']) {
    assert.notEqual(design(['Hook.', s])[1]!.kind, 'stat', s);
  }
});

test('a closing ask is the action in a few words, cut where a new clause or a second action starts', () => {
  const cases: Array<[string, string]> = [
    ['Like and subscribe if you needed to hear this today.', 'Like and subscribe'],
    ['Share this with someone who loves the sea.', 'Share this with someone'],
    ['Save this video and try it for one week.', 'Save this video'],
    ['Follow us for more small business stories.', 'Follow us for more small business stories'],
    ['Tell me in the comments how yours turned out!', 'Tell me in the comments'],
    ["Don't forget to subscribe for part two.", 'subscribe for part two'],
  ];
  for (const [close, action] of cases) {
    const v = design(['Hook.', 'Middle scene about nothing much.', close]);
    assert.equal(v[2]!.kind, 'cta', close);
    assert.equal(v[2]!.text, action, close);
  }
  // a verb in passing asks nothing: "open for anyone to read" is not a call to action
  assert.notEqual(design(['Hook.', 'Middle.', 'Her diaries sit in the town museum, open for anyone to read.'])[2]!.kind, 'cta');
  // in French: the imperative with its pronoun
  const fr = design(['Accroche.', 'Le café vient d’Éthiopie.', 'Abonnez-vous pour plus d’astuces.'], { language: 'fr' });
  assert.equal(fr[2]!.kind, 'cta');
  assert.equal(fr[2]!.text, 'Abonnez-vous pour plus d’astuces');
});

test('a how-to list runs from "first" through its last sequence word, taking in steps named only by their verb', () => {
  const v = design([
    'Perfect rice, every time.',
    'First, rinse the rice until the water runs clear.',
    'Next, add one and a half cups of water.',
    'Bring it to the boil.',
    'Then cover it and turn the heat right down.',
    'Finally, let it rest for ten minutes.',
    'Rice keeps for three days in the fridge.',
  ]);
  const steps = v.slice(1, 6);
  assert.deepEqual(steps.map((s) => s.kind), ['steps', 'steps', 'steps', 'steps', 'steps']);
  assert.deepEqual(steps.map((s) => s.steps?.current), [0, 1, 2, 3, 4]);
  assert.equal(steps[2]!.steps?.items[2], 'Bring it to the boil');
  // "finally" closes the list: the scene after it is designed on its own
  assert.equal(v[6]!.kind, 'stat');
  // "start by" opens a list too
  const r = design(['Pancakes.', 'Start by mashing two ripe bananas.', 'Then whisk in two eggs.', 'Bye.']);
  assert.equal(r[1]!.kind, 'steps');
  assert.equal(r[1]!.steps?.items[0], 'Mashing two ripe bananas');
});

test('an illustration needs the word used as a noun: a keyword after a verb or as an adjective, a number or a verb sharing a name draws nothing', () => {
  const notIllustrated = [
    'That sounds small, but it matters.', // small → shrimp
    'New Yorkers walked home across town.', // home → hammer
    'He saw them as the answer.', // saw → carpentry saw
    'Storms cut her off for days.', // cut → cut of meat
    'The failure spread across eight states.', // eight → a clock
    'Storms cut her off for weeks at a time.', // time → a watch
  ];
  for (const s of notIllustrated) {
    const [, v] = design(['Hook.', s, 'Bye.']);
    assert.ok(v!.kind !== 'illustrated' || !/shrimp|hammer|saw|cut-of-meat|clock|thirty|o-clock/.test(v!.emoji?.icon ?? ''), `${s} → ${v!.emoji?.icon}`);
  }
  const illustrated: Array<[string, RegExp]> = [
    ['Top them with honey and fresh berries.', /^honey-pot$/], // a food's name, not the honey badger
    ['Then whisk in two eggs until smooth.', /^egg$/], // the plural of a name, not "nest with eggs"
    ['Subway trains stopped in their tunnels.', /^(train|metro)$/],
    ['Coral reefs are the first to suffer.', /^coral$/],
    ['Pack a warm scarf for the trip.', /^scarf$/],
    ['My dog sleeps all day.', /^dog/],
  ];
  for (const [s, icon] of illustrated) {
    const [, v] = design(['Hook.', s, 'Bye.']);
    assert.equal(v!.kind, 'illustrated', s);
    assert.match(v!.emoji?.icon ?? '', icon, s);
  }
});

test('the key phrase is never cut out of a run of content words', () => {
  assert.equal(keyPhraseOf('It started with a single tree touching a power line in Ohio.', 'en', 5).endsWith('power'), false);
  assert.equal(keyPhraseOf('Today her diaries sit in the town museum, open for anyone to read.', 'en', 6), 'diaries sit in the town museum');
});

test('an unseen script of each kind gets a varied design, never the same kind for every scene', () => {
  const scripts = [
    ['Why you wake up tired.', 'Adults cycle through sleep stages about every ninety minutes.', 'Caffeine stays in your blood for around six hours.', 'First, set a fixed wake-up time.', 'Second, keep your phone out of the bedroom.', 'Third, get ten minutes of sunlight.', 'As one sleep scientist told us, "Your body loves a boring routine."', 'Save this video and try it for one week.'],
    ['Nobody expected a two-person bakery to win.', 'Lena opened her shop with a loan of €15,000.', 'She baked only three kinds of bread.', 'Within two years, revenue grew by 340 percent.', 'Her secret was simple: do fewer things, better.', 'Follow us for more small business stories.'],
  ];
  for (const script of scripts) {
    const kinds = design(script).map((v) => v.kind);
    assert.equal(kinds[0], 'title');
    assert.equal(kinds.at(-1), 'cta');
    assert.ok(new Set(kinds).size >= 4, kinds.join(' '));
  }
});
