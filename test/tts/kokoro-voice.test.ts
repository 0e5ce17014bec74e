import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kokoroEngine } from '../../native/tts/kokoro/kokoro-engine';
import { openKokoroModel } from '../../native/tts/kokoro/kokoro-model';
import { ipaToKokoro } from '../../native/tts/kokoro/ipa-to-kokoro';
import { phonemize, toTokenChunks } from '../../native/tts/kokoro/phonemize';
import { kokoroVocab } from '../../native/tts/kokoro/vocab';
import { listKokoroVoices, shippedVoicesDir, styleRow, STYLE_DIM } from '../../native/tts/kokoro/voices';
import { speechSegments } from '../../native/tts/speech-segments';
import { Tts } from '../../native/tts/tts';
import type { TtsEngine, Voice } from '../../native/tts/types';
import { readWav } from '../../native/tts/wav';
import { splitWords } from '../../native/tts/words';
import { FRAME_SAMPLES, tinyKokoroModel } from './kokoro-test-model';

const temp = (t: { after(fn: () => void): void }) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-kokoro-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** The engine as the app builds it, with the tiny stand-in model written where the real one goes. */
function engineWith(dir: string, model: Uint8Array, runSymbols?: number): TtsEngine {
  const modelPath = join(dir, 'tts', 'kokoro', 'model.onnx');
  mkdirSync(join(dir, 'tts', 'kokoro'), { recursive: true });
  writeFileSync(modelPath, model);
  return kokoroEngine({ modelPath, missingModelHelp: 'pull it', runSymbols, openModel: (p) => openKokoroModel(p, { provider: 'cpu' }) });
}

const heart: Voice = { id: 'neural:af_heart', engine: 'neural', name: 'af_heart', language: 'en-us', gender: 'female' };

test('Kokoro vocabulary: the 114 symbols of the v1.0 config, with its ids', () => {
  assert.equal(kokoroVocab.size, 114);
  const ids = [...kokoroVocab.values()];
  assert.equal(new Set(ids).size, 114);
  assert.deepEqual([kokoroVocab.get(' '), kokoroVocab.get('ʤ'), kokoroVocab.get('ʧ'), kokoroVocab.get('ˈ'), kokoroVocab.get('ᵻ')], [16, 82, 133, 156, 177]);
});

test('espeak-ng symbols become Kokoro\'s: dʒ→ʤ, tʃ→ʧ, eɪ→A, aɪ→I, oʊ→O (US), əʊ→Q (GB); switch marks and unknown marks dropped', () => {
  const z = '\u200d';
  assert.equal(ipaToKokoro(`d${z}ʒˈʌd${z}ʒ t${z}ʃˈo${z}ʊz ˈe${z}ɪt nˈa${z}ɪs`, 'en-us'), 'ʤˈʌʤ ʧˈOz ˈAt nˈIs');
  assert.equal(ipaToKokoro(`bˈə${z}ʊt`, 'en-gb'), 'bˈQt');
  assert.equal(ipaToKokoro('nˈɛvɚ ɹˈiːl', 'en-us'), 'nˈɛvəɹ ɹˈil');
  assert.equal(ipaToKokoro(`(${z}e${z}n)t${z}ʃˈa${z}ɪniːz(${z}j${z}a)`, 'other'), 'ʧˈIniːz');
  // ũ is not a symbol of its own: it is u + the nasal mark, which is
  assert.equal(ipaToKokoro('ʒˈũmp', 'other'), 'ʒˈu\u0303mp');
});

test('phonemes are cut at word boundaries even where espeak runs words together ("of the")', async () => {
  const text = 'Most people forget, because of the rain in the city!';
  const p = await phonemize(text, { binary: 'espeak-ng', espeakVoice: 'en-us', dialect: 'en-us' });
  assert.deepEqual(p.words.map((w) => w.text), splitWords(text).map((w) => w.text));
  for (const w of p.words) assert.ok(w.symbols.length > 0, `"${w.text}" got no phonemes`);
  assert.equal(p.words[4]!.symbols.replace(/[ˈˌ]/g, ''), 'ʌv');
  assert.equal(p.words[5]!.symbols.replace(/[ˈˌ]/g, ''), 'ðə');
  const [chunk, ...more] = toTokenChunks(p);
  assert.equal(more.length, 0);
  // words separated by spaces, the clauses closed by their punctuation, every symbol from the vocabulary
  const symbols = [...kokoroVocab.entries()].reduce((m, [s, id]) => m.set(id, s), new Map<number, string>());
  const spelled = chunk!.ids.map((id) => symbols.get(id)).join('');
  assert.match(spelled, /^mˈOst pˈipᵊl fəɹɡˈɛt, .* sˈɪɾi!$/);
});

test('a long narration is cut into runs of at most 510 symbols at clause ends', async () => {
  const sentence = 'The quick brown fox jumps over the lazy dog near the quiet river bank.';
  const p = await phonemize(Array(20).fill(sentence).join(' '), { binary: 'espeak-ng', espeakVoice: 'en-us', dialect: 'en-us' });
  const chunks = toTokenChunks(p);
  assert.ok(chunks.length >= 2, `${chunks.length} run(s)`);
  for (const c of chunks) {
    assert.ok(c.ids.length <= 510);
    assert.equal(c.ids.at(-1), kokoroVocab.get('.'), 'each run ends at a sentence end');
  }
  const spoken = chunks.flatMap((c) => c.wordOf.filter((w) => w >= 0));
  assert.deepEqual([...new Set(spoken)], p.words.map((_, i) => i), 'every word spoken once, in order');
});

test('voice vectors: shipped files match their recorded checksums and sizes; ≥4 English voices and es/fr/it/pt/hi/ja/zh', () => {
  const voices = listKokoroVoices(shippedVoicesDir());
  for (const v of voices) {
    const bytes = readFileSync(v.file);
    assert.equal(bytes.length, 510 * 256 * 4, v.id);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), v.sha256, `${v.id} checksum`);
  }
  assert.ok(voices.filter((v) => v.language.startsWith('en')).length >= 4);
  for (const lang of ['es', 'fr-fr', 'it', 'pt-br', 'hi', 'ja', 'zh']) assert.ok(voices.some((v) => v.language === lang), lang);
  const notice = readFileSync(join(shippedVoicesDir(), 'NOTICE.md'), 'utf8');
  assert.match(notice, /Apache License, Version 2\.0/);
  // the style row follows the number of symbols
  const styles = new Float32Array(510 * STYLE_DIM).map((_, i) => Math.floor(i / STYLE_DIM));
  assert.equal(styleRow(styles, 40)[0], 39);
  assert.equal(styleRow(styles, 900)[0], 509);
});

test('Kokoro engine (stand-in model): 24 kHz WAV, and each word\'s timing is exactly where its sound is', async (t) => {
  const dir = temp(t);
  const engine = engineWith(dir, tinyKokoroModel());
  assert.equal((await engine.probe()).available, true);
  const text = 'Check your tyres, every month. It takes two minutes!';
  const r = await engine.synthesize(text, heart, { outDir: dir, fileName: 'a' });
  assert.equal(r.timing, 'engine-events');
  const pcm = readWav(r.audioPath);
  assert.equal(pcm.sampleRate, 24000);
  assert.equal(pcm.samples.length % FRAME_SAMPLES, 0, 'the audio is whole frames');
  assert.deepEqual(r.words.map((w) => w.text), splitWords(text).map((w) => w.text));
  // the stand-in sounds only on phoneme symbols: every stretch of sound is one word
  const sounds = speechSegments(pcm, { frame: 0.005, minGap: 0.01, minSpeech: 0.01 });
  assert.equal(sounds.length, r.words.length);
  r.words.forEach((w, i) => {
    assert.ok(Math.abs(w.start - sounds[i]!.start) <= 0.011, `"${w.text}" starts at ${w.start}, its sound at ${sounds[i]!.start}`);
    assert.ok(Math.abs(w.end - sounds[i]!.end) <= 0.011, `"${w.text}" ends at ${w.end}, its sound at ${sounds[i]!.end}`);
  });
  // faster speech is shorter, and its timings follow
  const fast = await engine.synthesize(text, heart, { outDir: dir, fileName: 'b', speed: 2 });
  assert.ok(fast.duration < r.duration * 0.75, `${fast.duration} vs ${r.duration}`);
  assert.ok(fast.words.at(-1)!.end <= fast.duration + 1e-6);
});

test('Kokoro engine: an export without durations is aligned; a long text is spoken in several runs joined in order', async (t) => {
  const dir = temp(t);
  // runs of 100 symbols stand in for the model's 510 (the stand-in's memory grows with run length squared)
  const engine = engineWith(dir, tinyKokoroModel({ durations: false, idsName: 'tokens', audioName: 'audio' }), 100);
  const text = Array(3).fill('Short videos need a hook, one idea per scene, and a clear call to action.').join(' ');
  const r = await engine.synthesize(text, heart, { outDir: dir, fileName: 'long' });
  assert.equal(r.timing, 'aligned');
  assert.equal(r.words.length, splitWords(text).length);
  let last = 0;
  for (const w of r.words) {
    assert.ok(w.start >= last - 1e-9 && w.end >= w.start && w.end <= r.duration + 1e-6, JSON.stringify(w));
    last = w.start;
  }
  assert.ok(r.words.at(-1)!.end > r.duration * 0.9, 'the last word is at the end of the audio');
});

test('a model that is not Kokoro is refused with what it lacks', async () => {
  const { encodeModel, DataType } = await import('../../native/onnx/proto/onnx-model');
  const other = encodeModel({
    producer: 't', graphName: 'g', opset: 13,
    nodes: [{ op: 'Identity', name: 'i', inputs: ['input'], outputs: ['output'] }],
    initializers: [],
    inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1] }],
    outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [1] }],
  });
  await assert.rejects(openKokoroModel(other, { provider: 'cpu' }), /not a Kokoro text-to-speech model: it lacks an input named input_ids or tokens, an input named style/);
});

test('without the model the neural voice says how to get it, and the system voice speaks; with it, Kokoro is the default', async (t) => {
  const dir = temp(t);
  const tts = new Tts({ neuralModelDir: join(dir, 'tts'), carriedKokoroModel: join(dir, 'no-carried-model.onnx') });
  const neural = (await tts.status()).find((s) => s.engine === 'neural')!;
  assert.equal(neural.available, false);
  assert.match(neural.reason, /reelforge models pull kokoro/);
  assert.match(neural.reason, /reelforge models import/);
  assert.equal((await tts.resolveVoice()).voice.engine, 'espeak-ng');

  mkdirSync(join(dir, 'tts', 'kokoro'), { recursive: true });
  writeFileSync(join(dir, 'tts', 'kokoro', 'model.onnx'), tinyKokoroModel());
  const withModel = new Tts({ neuralModelDir: join(dir, 'tts') });
  const voices = await withModel.listVoices();
  assert.ok(voices.some((v) => v.id === 'neural:af_heart'));
  assert.ok(!voices.some((v) => v.engine === 'neural' && (v.language === 'ja' || v.language === 'zh')), 'Kokoro ja/zh are not offered through espeak phonemes');
  assert.equal((await withModel.resolveVoice()).voice.id, 'neural:af_heart');
  assert.equal((await withModel.resolveVoice('fr')).voice.id, 'neural:ff_siwis');
  assert.equal((await withModel.resolveVoice('kokoro:bf_emma')).voice.id, 'neural:bf_emma');
  // German has no Kokoro voice: the system voice reads it
  assert.equal((await withModel.resolveVoice('de')).voice.engine, 'espeak-ng');

  // through Tts the numbers are read as words, and the captions keep what the script says
  const r = await withModel.synthesize('It costs $20, up 3.5% today.', undefined, { outDir: dir, fileName: 'n' });
  assert.deepEqual(r.words.map((w) => w.text), ['It', 'costs', '$20,', 'up', '3.5%', 'today.']);
  const pcm = readWav(r.audioPath);
  const sounds = speechSegments(pcm, { frame: 0.005, minGap: 0.01, minSpeech: 0.01 });
  const inside = (w: { start: number; end: number }) => sounds.filter((s) => s.start >= w.start - 0.011 && s.end <= w.end + 0.011).length;
  assert.equal(inside(r.words[2]!), 2, '"$20," is said as two words: twenty dollars');
  assert.equal(inside(r.words[4]!), 4, '"3.5%" is said as four words: three point five percent');
});

test('the real Kokoro model speaks at a human rate, not silence, not noise (runs only with REELFORGE_KOKORO_MODEL)', async (t) => {
  const model = process.env.REELFORGE_KOKORO_MODEL;
  if (!model) return t.skip('REELFORGE_KOKORO_MODEL is not set: the real model is not on this machine');
  const dir = temp(t);
  const engine = kokoroEngine({ modelPath: model, missingModelHelp: '' });
  const text = 'Most people never check their tyre pressure. That is a mistake, because a soft tyre wastes fuel and wears out faster.';
  const r = await engine.synthesize(text, heart, { outDir: dir, fileName: 'real' });
  const pcm = readWav(r.audioPath);
  const rate = r.words.length / r.duration;
  assert.ok(rate >= 2 && rate <= 3.5, `${rate.toFixed(2)} words per second`);
  const rms = Math.sqrt(pcm.samples.reduce((s, x) => s + x * x, 0) / pcm.samples.length);
  assert.ok(rms > 0.01, `rms ${rms}`);
  // speech has pauses and a low zero-crossing rate; white noise crosses zero about every other sample
  let crossings = 0;
  for (let i = 1; i < pcm.samples.length; i++) if ((pcm.samples[i]! >= 0) !== (pcm.samples[i - 1]! >= 0)) crossings++;
  assert.ok(crossings / pcm.samples.length < 0.25, `zero-crossing rate ${crossings / pcm.samples.length}`);
  assert.ok(speechSegments(pcm).length >= 2, 'there are pauses between phrases');
});
