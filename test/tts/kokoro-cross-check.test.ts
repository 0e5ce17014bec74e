import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { phonemize, toTokenChunks } from '../../native/tts/kokoro/phonemize';
import { kokoroVocab, PAD_ID } from '../../native/tts/kokoro/vocab';
import { normalizeForSpeech } from '../../native/tts/normalize/normalize-text';
import { kokoroJsPhonemes, toMisaki } from './kokoro-js-steps';

/**
 * The Kokoro front end (text → phonemes → token ids) against kokoro-js's own path, on 304 English
 * sentences (numbers, money, percentages, abbreviations, names, questions, quotes): the same text
 * (after Reelforge's normaliser) through espeak-ng here and through kokoro-js's steps with its
 * `phonemizer` (espeak-ng in WebAssembly), the reference written in the model's misaki conventions.
 * Every sentence must give the same token ids, or differ only in ways listed below with the reason
 * Reelforge's ids are the right ones.
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
  'Neil Armstrong walked on the Moon in 1969.': hyphenated,
  'Mount Everest is about 8,849 meters tall.': hyphenated,
  'We counted 89 students on the way home.': hyphenated,
  'The price is $49.99 before tax.': hyphenated,
  'The state-of-the-art idea came up again.': 'the same for a hyphenated phrase: "state of the art" as four words, each its own form, where espeak reads one long word (stˈAɾʌvðɪˈɑɹt)',
  'The U.S. economy added jobs in March.': 'an abbreviation with inner points is one word to the captions and the voice: no pause symbol inside it (kokoro-js keeps the "." between the letters, a pause mid-word)',
  'The meeting is at 5 p.m. today.': 'the same for "p.m.": one word, no pause symbol inside it',
  'Have you eaten yet?': 'espeak\'s glottal stop (ˈiʔn) is not in misaki\'s American set, which says t (ˈitᵊn); Reelforge writes t',
};

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

test('the shipped voice vectors are byte-identical to the ones kokoro-js 1.2.1 publishes', () => {
  const shipped = join(import.meta.dirname, '../../assets/voices/kokoro');
  const manifest = JSON.parse(readFileSync(join(shipped, 'voices.json'), 'utf8')) as { voices: { id: string; sha256: string }[] };
  // sha256 of voices/<id>.bin in the kokoro-js 1.2.1 package, measured from its published tarball
  const kokoroJs: Record<string, string> = {
    af_bella: 'f69d836209b78eb8c66e75e3cda491e26ea838a3674257e9d4e5703cbaf55c8b',
    af_heart: 'd583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b',
    am_michael: '1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1',
    bf_emma: '669fe0647f9dd04fcab92f1439a40eeb4c8b4ab1f82e4996fe3d918ce4a63b73',
    bm_george: 'c4b235a4c1f2cd3b939fed08b899ce9385638b763f7b73a59616c4fc9bd6c9bc',
    ef_dora: 'f66ec66bd295acb18372e37008533a9a3228483ccd294e7538d5d9294ac9a532',
    ff_siwis: 'a35f5675ad08948e326ae75fd0ea16ba5d0042e4f76b5f3d1df77d0a48c54861',
    hf_alpha: '040be6a4425411cc01fda5fd06693c76bfa78572632852bc8cda9c99232ffb56',
    if_sara: '409b69248798fcdc2542330c76953d230710f19b057e59cb82fdc3c4cf71265c',
    jf_alpha: '56b479360aad9f367aeb8cef908f9201cf48b4555e488c5f4590c9dfcd978bb6',
    pf_dora: '3da7b5b2d91847ebf5646f57631af6ececae3c29a89cd300f06edf9aa6cfe9ee',
    zf_xiaoxiao: '03adb5d5e3ddd88b047954e974e651cb0a4b524c985057e5d872e962c7be1169',
  };
  for (const v of manifest.voices) {
    const bytes = readFileSync(join(shipped, `${v.id}.bin`));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), v.sha256, `${v.id} matches its recorded checksum`);
    assert.equal(v.sha256, kokoroJs[v.id], `${v.id} is kokoro-js's file`);
  }
  assert.ok(readdirSync(shipped).filter((f) => f.endsWith('.bin')).length >= 12);
});

test('known defects stay fixed: "around" has one ɹ, "twenty-five" is two words, "ninety" is flapped but "nineteen" not, an opening quote is kept', async () => {
  assert.match(await ours('Look around.'), /əɹˈWnd/);
  assert.doesNotMatch(await ours('Look around.'), /ɹɹ/);
  assert.match(await ours('I have twenty-five cats.'), /twˈɛnti fˈIv/);
  assert.match(await ours('Ninety and nineteen.'), /nˈIndi .*nˈIntin/);
  assert.match(await ours('She said, "Keep it."'), /, "kˈip/);
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
        const reference = [...toMisaki(await kokoroJsPhonemes(text))].filter((c) => vocab.has(c)).join('').trim();
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
