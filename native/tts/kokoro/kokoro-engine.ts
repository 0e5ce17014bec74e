import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import { alignWords } from '../align';
import { canRun } from '../run-tool';
import { speechSegments } from '../speech-segments';
import type { Availability, SynthesisResult, TtsEngine, Voice, WordTiming } from '../types';
import { encodeWav } from '../wav';
import { openKokoroModel, SAMPLE_RATE, type KokoroModel } from './kokoro-model';
import { phonemize, toTokenChunks } from './phonemize';
import { languagePlan, listKokoroVoices, loadStyles, shippedVoicesDir, styleRow, unsupportedLanguages, type KokoroVoice } from './voices';
import { MAX_SYMBOLS } from './vocab';
import { wordSpans } from './word-timings';

export interface KokoroEngineOptions {
  /** the installed model file (the model manager puts it at <models>/tts/kokoro/model.onnx) */
  modelPath: string;
  /** what to tell a user when the model is missing (how to get it) */
  missingModelHelp: string;
  /** the shipped voice vectors; defaults to the app's assets */
  voicesDir?: string;
  /** extra `<id>.bin` voice vectors a user added */
  extraVoicesDir?: string;
  /** espeak-ng's program, for phonemes (the runtime configuration's REELFORGE_ESPEAK); found on PATH when absent */
  espeakBinary?: string;
  /** symbols per model run (the model's context, 510; tests use fewer to keep a stand-in model light) */
  runSymbols?: number;
  /** an already opened model (tests, or a caller that keeps one warm) */
  openModel?: (path: string) => Promise<KokoroModel>;
}

/** a short silence between two runs of the model, so sentences don't collide */
const JOIN_GAP_SECONDS = 0.12;

/**
 * Kokoro-82M, the local neural voice, on the app's own ONNX Runtime. Text → espeak-ng IPA → Kokoro
 * symbols → the model (in runs of at most 510 symbols, cut at clause ends) → 24 kHz audio. Word
 * timings come from the model's per-token durations when the export has them (exact), otherwise
 * from the silence-and-syllable aligner. The engine is named `neural`, so voices are
 * `neural:af_heart`, `neural:bf_emma`, …
 */
export function kokoroEngine(opts: KokoroEngineOptions): TtsEngine {
  const espeak = opts.espeakBinary ?? 'espeak-ng';
  const voicesDir = opts.voicesDir ?? shippedVoicesDir();
  let model: Promise<KokoroModel> | undefined;
  const open = () => (model ??= (opts.openModel ?? ((p) => openKokoroModel(p)))(opts.modelPath).catch((err: unknown) => {
    model = undefined;
    throw err;
  }));
  const offered = (v: KokoroVoice) => languagePlan(v.language) !== undefined;
  const toVoice = (v: KokoroVoice): Voice => ({ id: `neural:${v.id}`, engine: 'neural', name: v.id, language: v.language, gender: v.gender });

  const probe = async (): Promise<Availability> => {
    if (!existsSync(opts.modelPath)) return { available: false, reason: `Kokoro-82M is not installed: ${opts.missingModelHelp}` };
    if (!(await canRun(espeak, ['--version']))) {
      return { available: false, reason: `Kokoro-82M is installed but needs espeak-ng for pronunciation: install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng) or set REELFORGE_ESPEAK` };
    }
    const voices = listKokoroVoices(voicesDir, opts.extraVoicesDir);
    const held = voices.filter((v) => !offered(v)).map((v) => v.id);
    return {
      available: true,
      reason: `Kokoro-82M v1.0 at ${opts.modelPath}, ${voices.length - held.length} voices` +
        (held.length ? ` (${held.join(', ')} not offered: ${unsupportedLanguages.join('/')} need a phonemiser this build lacks)` : ''),
    };
  };

  return {
    name: 'neural',
    probe,
    async listVoices() {
      if (!(await probe()).available) return [];
      return listKokoroVoices(voicesDir, opts.extraVoicesDir).filter(offered).map(toVoice);
    },
    async synthesize(text, voice, options): Promise<SynthesisResult> {
      const status = await probe();
      if (!status.available) throw new StudioError('TTS_UNAVAILABLE', status.reason);
      const entry = listKokoroVoices(voicesDir, opts.extraVoicesDir).find((v) => v.id === voice.name);
      const plan = entry && languagePlan(entry.language);
      if (!entry || !plan) throw new StudioError('INVALID_INPUT', `Kokoro has no usable voice "${voice.name}" (see: reelforge voices)`);
      const styles = loadStyles(entry);
      const phonemes = await phonemize(text, { binary: espeak, espeakVoice: plan.espeakVoice, dialect: plan.dialect, signal: options.signal, tag: options.tag });
      const chunks = toTokenChunks(phonemes, Math.min(opts.runSymbols ?? MAX_SYMBOLS, MAX_SYMBOLS));
      if (chunks.length === 0) throw new StudioError('TTS_FAILED', `nothing to say in "${text.slice(0, 60)}"`);
      const m = await open();
      const pieces: Float32Array[] = [];
      const spans = new Map<number, { start: number; end: number }>();
      let offset = 0;
      let exact = true;
      for (const [k, chunk] of chunks.entries()) {
        options.signal?.throwIfAborted();
        const out = await m.run(chunk.ids, styleRow(styles, chunk.ids.length), options.speed ?? 1);
        if (k > 0) {
          pieces.push(new Float32Array(Math.round(JOIN_GAP_SECONDS * SAMPLE_RATE)));
          offset += JOIN_GAP_SECONDS;
        }
        if (out.durations) {
          for (const [w, s] of wordSpans(chunk, out.durations, out.audio.length, SAMPLE_RATE)) spans.set(w, { start: s.start + offset, end: s.end + offset });
        } else exact = false;
        pieces.push(out.audio);
        offset += out.audio.length / SAMPLE_RATE;
      }
      options.signal?.throwIfAborted();
      const audio = concat(pieces);
      const audioPath = join(options.outDir, `${options.fileName ?? 'narration'}.wav`);
      writeFileSync(audioPath, encodeWav(audio, SAMPLE_RATE));
      const duration = audio.length / SAMPLE_RATE;
      const names = phonemes.words.map((w) => w.text);
      const words = exact ? placeFromSpans(names, spans) : alignWords(names, speechSegments({ sampleRate: SAMPLE_RATE, samples: audio }), duration);
      return { audioPath, duration, words, timing: exact ? 'engine-events' : 'aligned', voice };
    },
  };
}

/** A word the model gave no symbols (espeak said nothing for it) sits, zero-length, where the previous one ended. */
function placeFromSpans(names: string[], spans: Map<number, { start: number; end: number }>): WordTiming[] {
  let last = 0;
  return names.map((text, w) => {
    const s = spans.get(w) ?? { start: last, end: last };
    last = s.end;
    return { text, start: round(s.start), end: round(s.end) };
  });
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const round = (t: number) => Math.round(t * 1000) / 1000;

export { SAMPLE_RATE };
