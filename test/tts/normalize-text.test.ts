import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapTimingsBack, normalizeForSpeech } from '../../native/tts/normalize/normalize-text';
import { runTool } from '../../native/tts/run-tool';
import { Tts } from '../../native/tts/tts';
import { splitWords } from '../../native/tts/words';

const say = (text: string, lang: string) => normalizeForSpeech(text, lang).spoken;

test('English: decimals, percentages, money, ordinals, years, times and abbreviations are read as words', () => {
  assert.equal(say('It grew 3.5% last year.', 'en-us'), 'It grew three point five percent last year.');
  assert.equal(say('A coffee costs $20, a tea $1.50 and a cake £0.99.', 'en'), 'A coffee costs twenty dollars, a tea one dollar and fifty cents and a cake ninety-nine pence.');
  assert.equal(say('A $2.5 million deal, or €3bn.', 'en'), 'A two point five million dollars deal, or three billion euros.');
  assert.equal(say('On March 3rd, the 21st runner came 1st.', 'en'), 'On March third, the twenty-first runner came first.');
  assert.equal(say('In 1990, 1905, 2008, 2024 and the 1980s.', 'en'), 'In nineteen ninety, nineteen oh five, two thousand eight, twenty twenty-four and the nineteen eighties.');
  assert.equal(say('Open at 10:30 am, close at 7pm, lunch at 12:05.', 'en'), "Open at ten thirty a m, close at seven p m, lunch at twelve oh five.");
  assert.equal(say('Dr. Smith ran 5 km, e.g. 1,250 people vs. 10-20 teams & more.', 'en'), 'Doctor Smith ran five kilometers, for example one thousand two hundred fifty people versus ten to twenty teams and more.');
  assert.equal(say('It dropped to -4.25 degrees.', 'en'), 'It dropped to minus four point two five degrees.');
});

test('Spanish, German and French read numbers, money, ordinals, times and abbreviations their own way', () => {
  assert.equal(say('Subió un 3,5 % y cuesta 21 € o 1,50 €.', 'es'), 'Subió un tres coma cinco por ciento y cuesta veintiún euros o un euro con cincuenta céntimos.');
  assert.equal(say('El 1.º de mayo a las 10:00, p. ej. 1.000 personas.', 'es-419'), 'El primero de mayo a las diez en punto, por ejemplo mil personas.');
  assert.equal(say('Am 3. Mai stieg der Preis um 3,5 % auf 1,50 €.', 'de'), 'Am dritten Mai stieg der Preis um drei Komma fünf Prozent auf ein Euro fünfzig.');
  assert.equal(say('Um 14:30 Uhr kamen z. B. 1.250 Leute, 1990 und 2024.', 'de-DE'), 'Um vierzehn Uhr dreißig kamen zum Beispiel eintausendzweihundertfünfzig Leute, neunzehnhundertneunzig und zweitausendvierundzwanzig.');
  assert.equal(say('Das war 2019. Dann kam mehr.', 'de'), 'Das war zweitausendneunzehn. Dann kam mehr.');
  assert.equal(say('Le 1er mai, le prix a augmenté de 3,5 % à 21 € ; à 14h30, M. Dupont a vu 1 250 personnes, la 2e fois.', 'fr-fr'),
    'Le premier mai, le prix a augmenté de trois virgule cinq pour cent à vingt et un euros ; à quatorze heures trente, Monsieur Dupont a vu mille deux cent cinquante personnes, la deuxième fois.');
  assert.equal(say('En 1980, 71 et 91 et 80 et 200.', 'fr'), 'En mille neuf cent quatre-vingts, soixante et onze et quatre-vingt-onze et quatre-vingts et deux cents.');
});

test('text with nothing to expand, or in a language without rules, reaches the engine unchanged', () => {
  const plain = 'Plain words,   with spacing\nkept.';
  assert.equal(normalizeForSpeech(plain, 'en').spoken, plain);
  assert.equal(normalizeForSpeech('Ceny wzrosły o 3,5%.', 'pl').spoken, 'Ceny wzrosły o 3,5%.');
});

test('timings of the spoken words map back onto the written words: the caption shows "3.5%", timed over all it says', () => {
  const n = normalizeForSpeech('Up 3.5% to $20 today.', 'en');
  const spoken = splitWords(n.spoken).map((w, i) => ({ text: w.text, start: i, end: i + 0.9 }));
  const back = mapTimingsBack(n, spoken);
  assert.deepEqual(back.map((w) => w.text), ['Up', '3.5%', 'to', '$20', 'today.']);
  assert.deepEqual(back.map((w) => [w.start, w.end]), [[0, 0.9], [1, 4.9], [5, 5.9], [6, 7.9], [8, 8.9]]);
  // "1 250" (two written words, one number) shares its span between the two
  const fr = normalizeForSpeech('Il y a 1 250 personnes', 'fr');
  const frBack = mapTimingsBack(fr, splitWords(fr.spoken).map((w, i) => ({ text: w.text, start: i, end: i + 1 })));
  assert.deepEqual(frBack.map((w) => w.text), ['Il', 'y', 'a', '1', '250', 'personnes']);
  assert.deepEqual(frBack.slice(3, 5).map((w) => [w.start, w.end]), [[3, 5], [5, 7]]);
});

async function ipa(text: string, voice: string): Promise<string> {
  return (await runTool('espeak-ng', ['-q', '--ipa', '-v', voice, '--stdin'], { input: text, label: 'espeak-ng' })).stdout.replace(/\s+/g, ' ').trim();
}

test('listen-check through espeak-ng: "$20" was "dollar twenty", normalised it is "twenty dollars"; "3.5%" reads as words', async () => {
  const raw = await ipa('It costs $20.', 'en-us');
  assert.ok(raw.indexOf('dˈɑːlɚ') < raw.indexOf('twˈɛnti'), `espeak alone says the dollar first: ${raw}`);
  const fixed = await ipa(say('It costs $20.', 'en-us'), 'en-us');
  assert.ok(fixed.indexOf('twˈɛnti') < fixed.indexOf('dˈɑːlɚz'), fixed);
  const de = await ipa(say('Der Preis stieg um 3,5 %.', 'de'), 'de');
  assert.match(de, /dɾˈaɪ kˈɔm\S* fˈ\S*nf pɾoːtsˈɛnt/u);
});

test('every engine gets normalised text and returns the script\'s own words (espeak-ng)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-norm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tts = new Tts({ neuralModelDir: join(dir, 'models') });
  const text = 'Prices rose 3.5% in 2024, and a coffee now costs $20.';
  const r = await tts.synthesize(text, 'en-us', { outDir: dir, fileName: 'n' });
  assert.equal(r.voice.engine, 'espeak-ng');
  assert.deepEqual(r.words.map((w) => w.text), text.split(' '));
  const pct = r.words[2]!;
  const rose = r.words[1]!;
  // "3.5%" takes as long as the four words it is read as: far longer than "rose"
  assert.ok(pct.end - pct.start > 2 * (rose.end - rose.start), `3.5% ${pct.end - pct.start}s, rose ${rose.end - rose.start}s`);
  let last = 0;
  for (const w of r.words) {
    assert.ok(w.start >= last - 1e-9 && w.end <= r.duration + 1e-6, JSON.stringify(w));
    last = w.start;
  }
});
