import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { KokoroTTS, TextSplitterStream } from 'kokoro-js';
import { feedEchoModel } from './kokoro-test-model';

/**
 * kokoro-js 1.2.1 (a devDependency) run as published: its KokoroTTS loads a model folder through
 * transformers.js — the tokenizer and config written from the published Kokoro vocabulary
 * (fixtures/kokoro-onnx) and, in place of the 325 MB weights no registry carries, a stand-in with
 * the export's signature that hands back what it was fed (feedEchoModel). So each run yields
 * kokoro-js's own phonemes (its internal `phonemize`: its normaliser, the `phonemizer` package's
 * espeak-ng in WebAssembly, its symbol fixes) and the exact input_ids, style row and speed it gave
 * ONNX Runtime.
 */
export interface KokoroJsRun {
  phonemes: string;
  /** input_ids as fed, the two paddings included */
  ids: number[];
  style: Float32Array;
  speed: number;
}

export interface KokoroJs {
  /** every run kokoro-js makes for the text (one per sentence its splitter finds) */
  runs(text: string, opts?: { voice?: string; speed?: number }): Promise<KokoroJsRun[]>;
  /** kokoro-js's own voice files */
  voicesDir: string;
  close(): void;
}

const STYLE = 256;

export async function openKokoroJs(): Promise<KokoroJs> {
  const dir = mkdtempSync(join(tmpdir(), 'rf-kokoro-js-'));
  const model = join(dir, 'kokoro-82m-stand-in');
  cpSync(join(import.meta.dirname, 'fixtures', 'kokoro-onnx'), model, { recursive: true });
  mkdirSync(join(model, 'onnx'));
  writeFileSync(join(model, 'onnx', 'model.onnx'), feedEchoModel());
  env.allowRemoteModels = false;
  env.localModelPath = dir + '/';
  const tts = await KokoroTTS.from_pretrained('kokoro-82m-stand-in', { dtype: 'fp32', device: 'cpu' });
  return {
    voicesDir: join(dirname(fileURLToPath(import.meta.resolve('kokoro-js'))), '..', 'voices'),
    async runs(text, opts = {}) {
      // a stream closed before reading: given a bare string, kokoro-js 1.2.1's stream() never
      // closes its splitter and waits forever for the last sentence
      const splitter = new TextSplitterStream();
      splitter.push(text);
      splitter.close();
      const out: KokoroJsRun[] = [];
      for await (const r of tts.stream(splitter, { voice: (opts.voice ?? 'af_heart') as 'af_heart', speed: opts.speed ?? 1 })) {
        const fed = r.audio.audio;
        const n = fed.length - STYLE - 1;
        out.push({ phonemes: r.phonemes, ids: Array.from(fed.subarray(0, n)), style: fed.slice(n, n + STYLE), speed: fed[n + STYLE]! });
      }
      return out;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * kokoro-js hands espeak's IPA to the model nearly raw; the model was trained on misaki's phoneme
 * set. Before comparing, the reference is written in misaki's conventions (which Reelforge keeps):
 * diphthongs and affricates as one symbol (A I O W Y ʤ ʧ), ɚ as əɹ (ɚɹ as one əɹ), ɜː as ɜɹ, no
 * length marks in American English, ɐ as ə, ɪə as iə, and ɔ for the o that older and newer
 * espeak-ng releases write differently.
 */
export function toMisaki(ipa: string): string {
  return ipa
    .replace(/ɜːɹ|ɜː/g, 'ɜɹ')
    .replace(/ɚɹ/g, 'əɹ')
    .replace(/ɚ/g, 'əɹ')
    .replace(/aɪ/g, 'I')
    .replace(/aʊ/g, 'W')
    .replace(/eɪ/g, 'A')
    .replace(/oʊ/g, 'O')
    .replace(/ɔɪ/g, 'Y')
    .replace(/dʒ/g, 'ʤ')
    .replace(/tʃ/g, 'ʧ')
    .replace(/ː/g, '')
    .replace(/ɐ/g, 'ə')
    .replace(/ɪə/g, 'iə')
    .replace(/o/g, 'ɔ');
}
