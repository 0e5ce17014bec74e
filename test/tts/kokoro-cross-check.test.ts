import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { phonemize, toTokenChunks } from '../../native/tts/kokoro/phonemize';
import { kokoroVocab, PAD_ID } from '../../native/tts/kokoro/vocab';
import { normalizeForSpeech } from '../../native/tts/normalize/normalize-text';
import { openKokoroJs, toMisaki, type KokoroJs } from './kokoro-js-path';

/**
 * The Kokoro front end (text → phonemes → token ids) against kokoro-js's own path, on 304 English
 * sentences (numbers, money, percentages, abbreviations, names, questions, quotes): the same text
 * (after Reelforge's normaliser) through espeak-ng here and through kokoro-js 1.2.1 itself — its
 * KokoroTTS with its normaliser, its `phonemizer` (espeak-ng in WebAssembly) and its tokenizer,
 * feeding a stand-in model that hands back the ids it got (kokoro-js-path.ts). Its phonemes are
 * written in the model's misaki conventions before comparing. Every sentence must give the same
 * token ids, or differ only in ways listed below with the reason Reelforge's ids are the right ones.
 */
const fixtures = join(import.meta.dirname, 'fixtures');
const sentences = readFileSync(join(fixtures, 'english-sentences.txt'), 'utf8').trim().split('\n');
const published = JSON.parse(readFileSync(join(fixtures, 'kokoro-vocab.json'), 'utf8')) as { vocab: Record<string, number> };
const vocab = new Map(Object.entries(published.vocab));

/** Differences that hold wherever they occur, each reconciled by one rewrite applied to both sides. */
const conventions: { name: string; why: string; rewrite: (s: string) => string }[] = [
  {
    name: 'a space between every two words',
    why: 'espeak runs a clause\'s words together ("wɪððə", "ɔnðə"); Reelforge phonemises a clause and cuts it at word boundaries, as misaki gives the model one word at a time, and word timings need each word\'s own symbols',
    rewrite: (s) => s.replace(/ /g, ''),
  },
  {
    name: 'syllabic l and n as ᵊl, ᵊn',
    why: 'espeak marks a syllabic consonant (ə‍l, n̩) only in the tied IPA Reelforge asks for; misaki writes it ᵊl ("level" lˈɛvᵊl), kokoro-js passes a plain əl',
    rewrite: (s) => s.replace(/ᵊ/g, 'ə'),
  },
];

/** Sentences that still differ, each with why Reelforge's ids are right. */
const hyphenated = 'a hyphenated number is two words ("eighty-nine" → "eighty nine", the twenty-five fix): spoken apart, espeak gives each word its own form (a flapped ˈAɾi as misaki has it) where the compound read as one word keeps t';
const listed: Record<string, string> = {
  'The Eiffel Tower was finished in 1889.': hyphenated,
  'Mount Everest is about 8,849 meters tall.': hyphenated,
  'We counted 89 students on the way home.': hyphenated,
  'The price is $49.99 before tax.': hyphenated,
  'The state-of-the-art idea came up again.': 'the same for a hyphenated phrase: "state of the art" as four words, each its own form, where espeak reads one long word (stˈAɾʌvðɪˈɑɹt)',
  'The U.S. economy added jobs in March.': 'an initialism: espeak reads "U.S." as one word, the first letter with a secondary stress (jˌuˈɛs) as an initialism is said; kokoro-js first rewrites it "U-S", which espeak reads as two stressed words (jˈuˈɛs)',
  'The meeting is at 5 p.m. today.': 'the same for "p.m." (pˌiˈɛm against kokoro-js\'s "p-m", pˈiˈɛm)',
  'Have you eaten yet?': 'espeak\'s glottal stop (ˈiʔn) is not in misaki\'s American set, which has t there (ˈitᵊn); Reelforge writes t',
};

let kokoroJs: KokoroJs;
before(async () => {
  kokoroJs = await openKokoroJs();
});
after(() => kokoroJs.close());

const ids = (symbols: string) => [...symbols].map((c) => vocab.get(c)).filter((id): id is number => id !== undefined);

async function ours(text: string): Promise<string> {
  const p = await phonemize(text, { binary: 'espeak-ng', espeakVoice: 'en-us', dialect: 'en-us' });
  const inverse = new Map([...vocab].map(([k, v]) => [v, k]));
  return toTokenChunks(p).flatMap((c) => c.ids).map((id) => inverse.get(id) ?? '').join('').trim();
}

test('the vocabulary the front end uses is the published Kokoro vocabulary (114 symbols, padding 0)', () => {
  assert.equal(vocab.size, 114);
  assert.deepEqual(new Map(kokoroVocab), vocab);
  assert.equal(PAD_ID, 0);
});

test("the shipped voice vectors are byte-identical to kokoro-js's own files", () => {
  const shipped = join(import.meta.dirname, '../../assets/voices/kokoro');
  const manifest = JSON.parse(readFileSync(join(shipped, 'voices.json'), 'utf8')) as { voices: { id: string; sha256: string }[] };
  assert.ok(manifest.voices.length >= 12);
  for (const v of manifest.voices) {
    const bytes = readFileSync(join(shipped, `${v.id}.bin`));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), v.sha256, `${v.id} matches its recorded checksum`);
    assert.ok(bytes.equals(readFileSync(join(kokoroJs.voicesDir, `${v.id}.bin`))), `${v.id} is kokoro-js's file, byte for byte`);
  }
  assert.equal(readdirSync(shipped).filter((f) => f.endsWith('.bin')).length, manifest.voices.length, 'every shipped vector is in the manifest');
});

test("kokoro-js's tokenizer (the fixture, through transformers.js) gives the published vocabulary's ids, padded with 0", async () => {
  const [run] = await kokoroJs.runs('The quick brown fox jumps over the lazy dog.');
  assert.deepEqual(run!.ids, [PAD_ID, ...ids(run!.phonemes), PAD_ID]);
  assert.ok(run!.ids.length > 30);
});

test('known defects stay fixed: "around" has one ɹ, "twenty-five" is two words, "ninety" is flapped but "nineteen" not, an opening quote is kept', async () => {
  assert.match(await ours('Look around.'), /əɹˈWnd/);
  assert.doesNotMatch(await ours('Look around.'), /ɹɹ/);
  assert.match(await ours('I have twenty-five cats.'), /twˈɛnti fˈIv/);
  assert.match(await ours('Ninety and nineteen.'), /nˈIndi .*nˈIntin/);
  assert.match(await ours('She said, "Keep it."'), /, "kˈip/);
  // the point closing "U.S." is no pause when the sentence goes on; at a sentence's end it is
  assert.doesNotMatch(await ours('The U.S. economy grew.'), /ˈɛs\./);
  assert.match(await ours('She moved to the U.S. Then she wrote.'), /ˈɛs\. ðˈɛn/);
});

test(`${sentences.length} English sentences: token ids identical to kokoro-js's path, or each difference listed with its reason`, async () => {
  assert.ok(sentences.length >= 300);
  const outcome = { identical: 0, byConvention: new Map<string, number>(), listed: 0 };
  const unexplained: string[] = [];
  const stillListed: string[] = [];
  for (let i = 0; i < sentences.length; i += 8) {
    await Promise.all(
      sentences.slice(i, i + 8).map(async (line) => {
        const text = normalizeForSpeech(line, 'en-us').spoken;
        const mine = await ours(text);
        const theirs = await kokoroJs.runs(text);
        for (const r of theirs) assert.deepEqual(r.ids, [PAD_ID, ...ids(r.phonemes), PAD_ID], `kokoro-js fed the vocabulary's ids for "${r.phonemes}"`);
        const reference = [...toMisaki(theirs.map((r) => r.phonemes).join(' '))].filter((c) => vocab.has(c)).join('').trim();
        if (ids(mine).join() === ids(reference).join()) {
          outcome.identical++;
          if (listed[line]) stillListed.push(line);
          return;
        }
        let a = mine;
        let b = reference;
        for (const c of conventions) {
          a = c.rewrite(a);
          b = c.rewrite(b);
          if (ids(a).join() === ids(b).join()) {
            outcome.byConvention.set(c.name, (outcome.byConvention.get(c.name) ?? 0) + 1);
            if (listed[line]) stillListed.push(line);
            return;
          }
        }
        if (listed[line]) outcome.listed++;
        else unexplained.push(`${line}\n    ours:      ${mine}\n    kokoro-js: ${reference}`);
      }),
    );
  }
  console.log(`identical ${outcome.identical}; ${[...outcome.byConvention].map(([k, n]) => `${k}: ${n}`).join('; ')}; listed: ${outcome.listed}`);
  assert.deepEqual(unexplained, [], 'a difference nobody has explained: a defect of the front end, or a reason to list');
  assert.deepEqual(stillListed, [], 'listed as different but identical now: take them off the list');
});
