import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kokoroEngine } from '../../native/tts/kokoro/kokoro-engine';
import { openKokoroModel } from '../../native/tts/kokoro/kokoro-model';
import { openKokoroJs, type KokoroJs } from './kokoro-js-path';
import { FRAME_SAMPLES, feedEchoModel } from './kokoro-test-model';

/**
 * The runner against kokoro-js's: the same text and voice through Reelforge's Kokoro engine and
 * through kokoro-js 1.2.1, both running (in real ONNX Runtime) a stand-in with the published
 * export's signature that hands back what it was fed. ONNX Runtime refuses a feed of the wrong name,
 * type or fixed size, so equal echoes mean the model gets the same inputs from both.
 */
const STYLE = 256;
let kokoroJs: KokoroJs;
let dir: string;

before(async () => {
  kokoroJs = await openKokoroJs();
  dir = mkdtempSync(join(tmpdir(), 'rf-kokoro-runner-'));
  writeFileSync(join(dir, 'model.onnx'), feedEchoModel());
});
after(() => {
  kokoroJs.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Fed {
  ids: number[];
  style: Float32Array;
  speed: number;
}

/** What Reelforge's engine gives the model for `text`: one entry per model run. */
async function oursFed(text: string, voiceId: string, speed: number): Promise<Fed[]> {
  const fed: Fed[] = [];
  const engine = kokoroEngine({
    modelPath: join(dir, 'model.onnx'),
    missingModelHelp: 'the stand-in is missing',
    openModel: async (path) => {
      const m = await openKokoroModel(path, { provider: 'cpu' });
      return {
        ...m,
        hasDurations: true,
        async run(ids, style, s) {
          const echo = (await m.run(ids, style, s)).audio;
          const n = echo.length - STYLE - 1;
          fed.push({ ids: Array.from(echo.subarray(0, n)), style: echo.slice(n, n + STYLE), speed: echo[n + STYLE]! });
          // the echo is no sound: give the engine a frame per symbol to time words by
          return { audio: new Float32Array((ids.length + 2) * FRAME_SAMPLES), durations: new Array<number>(ids.length + 2).fill(1) };
        },
      };
    },
  });
  const voice = (await engine.listVoices()).find((v) => v.name === voiceId);
  assert.ok(voice, `the engine offers ${voiceId}`);
  await engine.synthesize(text, voice, { outDir: dir, fileName: 'runner', speed });
  return fed;
}

/** Row `row` of a voice file: the 256 style values for one input length. */
function voiceRow(voiceId: string, row: number): Float32Array {
  const bytes = readFileSync(join(kokoroJs.voicesDir, `${voiceId}.bin`));
  return new Float32Array(bytes.buffer, bytes.byteOffset + row * STYLE * 4, STYLE).slice();
}

// sentences whose symbols are the same in both conventions (no diphthong, affricate or length mark)
const cases = [
  { text: 'This is it.', voice: 'af_heart', speed: 1 },
  { text: 'Bill sits still.', voice: 'am_michael', speed: 1.25 },
  { text: 'Is this his fifth film?', voice: 'af_bella', speed: 0.8 },
];

for (const c of cases) {
  test(`"${c.text}" (${c.voice}, speed ${c.speed}): the model gets the same input_ids and speed from both runners, and the style row the model's author picks`, async () => {
    const [ours, ...moreOurs] = await oursFed(c.text, c.voice, c.speed);
    const [theirs, ...moreTheirs] = await kokoroJs.runs(c.text, { voice: c.voice, speed: c.speed });
    assert.equal(moreOurs.length + moreTheirs.length, 0, 'one model run each');
    assert.deepEqual(ours!.ids, theirs!.ids, `input_ids (kokoro-js phonemes: ${theirs!.phonemes})`);
    assert.equal(ours!.ids[0], 0);
    assert.equal(ours!.ids.at(-1), 0);
    assert.equal(ours!.speed, Math.fround(c.speed));
    assert.equal(theirs!.speed, Math.fround(c.speed));
    // The one difference, and why Reelforge's is right: the voice file holds a style row per input
    // length; the model's author's pipeline (hexgrad/kokoro, KPipeline.infer) takes pack[len(ps) - 1]
    // for a run of len(ps) symbols, kokoro-js takes the row after it (pack[len(ps)]).
    const symbols = ours!.ids.length - 2;
    assert.deepEqual(ours!.style, voiceRow(c.voice, symbols - 1), 'Reelforge: row len(ps) − 1 of the voice file');
    assert.deepEqual(theirs!.style, voiceRow(c.voice, symbols), 'kokoro-js: row len(ps)');
  });
}

test('a text longer than one model run is cut at clause ends into runs that each fit the context, each with its own style row', async () => {
  const sentence = 'Bill sits still, and this is it.';
  const fed = await oursFed(Array.from({ length: 16 }, () => sentence).join(' '), 'af_heart', 1);
  assert.ok(fed.length >= 2, 'more than one run');
  for (const f of fed) {
    assert.ok(f.ids.length <= 512, 'within the 512-position context');
    assert.deepEqual([f.ids[0], f.ids.at(-1)], [0, 0]);
    assert.deepEqual(f.style, voiceRow('af_heart', f.ids.length - 3));
  }
});
