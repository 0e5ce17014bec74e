import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import { appResources } from '../../resources';
import type { Dialect } from './ipa-to-kokoro';

/** A Kokoro voice: its style vectors (510 rows of 256) and how its language is phonemised. */
export interface KokoroVoice {
  id: string;
  name: string;
  language: string;
  gender?: 'male' | 'female';
  file: string;
  /** recorded checksum of the shipped file; absent for vectors a user added */
  sha256?: string;
}

export const STYLE_ROWS = 510;
export const STYLE_DIM = 256;

interface LanguagePlan {
  espeakVoice: string;
  dialect: Dialect;
}

/**
 * Kokoro's languages and the espeak-ng voice that gives their phonemes. Japanese and Mandarin are
 * left out on purpose: the model learned them from its own Japanese and Chinese phonemisers, and
 * espeak-ng reads kanji as "Chinese letter" and garbles Mandarin tones, so those voices would speak
 * nonsense; they are shipped but not offered until a matching phonemiser is added.
 */
const plans: Record<string, LanguagePlan> = {
  'en-us': { espeakVoice: 'en-us', dialect: 'en-us' },
  'en-gb': { espeakVoice: 'en-gb', dialect: 'en-gb' },
  es: { espeakVoice: 'es', dialect: 'other' },
  'fr-fr': { espeakVoice: 'fr-fr', dialect: 'other' },
  it: { espeakVoice: 'it', dialect: 'other' },
  'pt-br': { espeakVoice: 'pt-br', dialect: 'other' },
  hi: { espeakVoice: 'hi', dialect: 'other' },
};

export function languagePlan(language: string): LanguagePlan | undefined {
  return plans[language.toLowerCase()];
}

export const unsupportedLanguages = ['ja', 'zh'];

/** Kokoro names voices <language letter><f|m>_<name>; the letter says the language. */
const languageByLetter: Record<string, string> = { a: 'en-us', b: 'en-gb', e: 'es', f: 'fr-fr', h: 'hi', i: 'it', j: 'ja', p: 'pt-br', z: 'zh' };

/** The voice vectors that ship with the app (read by Node: inside app.asar in an installed app). */
export function shippedVoicesDir(): string {
  return appResources().kokoroVoicesDir;
}

/** The shipped voices (voices.json) plus any `<id>.bin` a user dropped into `extraDir`. */
export function listKokoroVoices(shippedDir: string, extraDir?: string): KokoroVoice[] {
  const voices: KokoroVoice[] = [];
  const manifest = join(shippedDir, 'voices.json');
  if (existsSync(manifest)) {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { voices: Omit<KokoroVoice, 'file'>[] };
    for (const v of parsed.voices) voices.push({ ...v, file: join(shippedDir, `${v.id}.bin`) });
  }
  if (extraDir && existsSync(extraDir)) {
    for (const f of readdirSync(extraDir).sort()) {
      const id = basename(f, '.bin');
      const m = /^([a-z])([fm])_[a-z0-9_]+$/.exec(id);
      if (!f.endsWith('.bin') || !m || voices.some((v) => v.id === id)) continue;
      const language = languageByLetter[m[1]!];
      if (!language) continue;
      voices.push({ id, name: id, language, gender: m[2] === 'f' ? 'female' : 'male', file: join(extraDir, f) });
    }
  }
  return voices;
}

/** Reads a voice's style vectors, refusing a file of the wrong size or (for shipped ones) content. */
export function loadStyles(voice: KokoroVoice): Float32Array {
  if (!existsSync(voice.file)) throw new StudioError('TTS_UNAVAILABLE', `the voice file ${voice.file} is missing`);
  const bytes = readFileSync(voice.file);
  if (bytes.length !== STYLE_ROWS * STYLE_DIM * 4) {
    throw new StudioError('INVALID_INPUT', `${voice.file}: a Kokoro voice has ${STYLE_ROWS}×${STYLE_DIM} float32 values (${STYLE_ROWS * STYLE_DIM * 4} bytes), this file has ${bytes.length} bytes`);
  }
  if (voice.sha256 && createHash('sha256').update(bytes).digest('hex') !== voice.sha256) {
    throw new StudioError('INVALID_INPUT', `${voice.file} does not match its recorded checksum: reinstall the app`);
  }
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/**
 * The style row for a run of `symbols` phoneme symbols: the voice file holds one row per input
 * length, and the reference pipeline takes the row at (length − 1).
 */
export function styleRow(styles: Float32Array, symbols: number): Float32Array {
  const row = Math.min(Math.max(symbols - 1, 0), STYLE_ROWS - 1);
  return styles.slice(row * STYLE_DIM, (row + 1) * STYLE_DIM);
}
