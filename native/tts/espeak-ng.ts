import { join } from 'node:path';
import { StudioError } from '../../preload/contract/errors';
import { appResources } from '../resources';
import { alignWords } from './align';
import { canRun, runTool } from './run-tool';
import { speechSegments, type Segment } from './speech-segments';
import type { Availability, SynthesisResult, SynthesizeOptions, TtsEngine, Voice, WordTiming } from './types';
import { readWav } from './wav';
import { splitWords, type TextWord } from './words';

export interface EspeakOptions {
  /** espeak-ng's program (the runtime configuration's REELFORGE_ESPEAK); found on PATH when absent */
  binary?: string;
  /** Python 3, for the word-events helper (REELFORGE_PYTHON) */
  python?: string;
  /** skip the library helper and align instead (to measure the alignment against the events) */
  forceAlignment?: boolean;
}

/**
 * espeak-ng, the default voice on Linux. Word timing comes from the library's own word events
 * (through espeak-events.py, when Python 3 is present); without Python the command line speaks
 * and the words are aligned to the audio.
 */
export function espeakEngine(opts: EspeakOptions = {}): TtsEngine {
  const binary = opts.binary ?? 'espeak-ng';
  const python = opts.python ?? (process.platform === 'win32' ? 'python' : 'python3');
  let eventsUsable: Promise<boolean> | undefined;
  const canUseEvents = () =>
    (eventsUsable ??= opts.forceAlignment ? Promise.resolve(false) : canRun(python, ['-c', 'import ctypes, ctypes.util, json, wave']));

  return {
    name: 'espeak-ng',
    async probe(): Promise<Availability> {
      if (await canRun(binary, ['--version'])) return { available: true, reason: `${binary} runs` };
      return { available: false, reason: `${binary} was not found: install espeak-ng (Debian/Ubuntu: apt-get install espeak-ng) or set REELFORGE_ESPEAK` };
    },
    async listVoices(): Promise<Voice[]> {
      const { stdout } = await runTool(binary, ['--voices'], { label: 'espeak-ng' });
      return parseEspeakVoices(stdout);
    },
    async synthesize(text, voice, options) {
      const out = join(options.outDir, `${options.fileName ?? 'narration'}.wav`);
      const rate = Math.round(175 * (options.speed ?? 1));
      const pitch = Math.round(99 * (options.pitch ?? 0.5));
      if (await canUseEvents()) {
        const input = JSON.stringify({ text, voice: voice.name, rate, pitch, out });
        const { stdout } = await runTool(python, [appResources().espeakHelper], { input, signal: options.signal, tag: options.tag, label: 'espeak-ng (library)' });
        const report = JSON.parse(stdout) as { words: EspeakWordEvent[] };
        return finish(out, text, voice, 'engine-events', (words, segments, duration) => wordsFromEvents(words, report.words, segments, duration));
      }
      await runTool(binary, ['-v', voice.name, '-s', String(rate), '-p', String(pitch), '-w', out, '--stdin'], {
        input: text,
        signal: options.signal,
        tag: options.tag,
        label: 'espeak-ng',
      });
      return finish(out, text, voice, 'aligned', (words, segments, duration) => alignWords(words.map((w) => w.text), segments, duration));
    },
  };
}

export interface EspeakWordEvent {
  /** 1-based code-point offset into the text */
  pos: number;
  len: number;
  /** milliseconds into the audio */
  ms: number;
}

function finish(
  audioPath: string,
  text: string,
  voice: Voice,
  timing: SynthesisResult['timing'],
  place: (words: TextWord[], segments: Segment[], duration: number) => WordTiming[],
): SynthesisResult {
  const pcm = readWav(audioPath);
  const duration = pcm.samples.length / pcm.sampleRate;
  if (duration === 0) throw new StudioError('TTS_FAILED', `espeak-ng produced no audio for "${text.slice(0, 40)}"`);
  const segments = speechSegments(pcm);
  return { audioPath, duration, words: place(splitWords(text), segments, duration), timing, voice };
}

/**
 * Matches espeak-ng's word events to the words of the text. espeak may speak one written word as
 * several ("1990" → "nineteen ninety") or skip one (a lone symbol): a word starts at its first
 * event; a word with none starts where its neighbour's timing says. It ends where its speech ends
 * (the last sound before the next word), which the events don't say.
 */
export function wordsFromEvents(words: TextWord[], events: EspeakWordEvent[], segments: Segment[], duration: number): WordTiming[] {
  const starts: (number | undefined)[] = words.map((w) => {
    const e = events.find((ev) => ev.pos - 1 >= w.start && ev.pos - 1 < w.end);
    return e ? e.ms / 1000 : undefined;
  });
  // words without an event share the time of the previous word
  for (let i = 0; i < starts.length; i++) if (starts[i] === undefined) starts[i] = i === 0 ? 0 : starts[i - 1];
  const speechEnd = segments.length ? segments[segments.length - 1]!.end : duration;
  return words.map((w, i) => {
    const start = Math.min(starts[i]!, duration);
    const next = i + 1 < words.length ? starts[i + 1]! : Math.max(speechEnd, start);
    // the end of the last speech before the next word begins
    let end = start;
    for (const s of segments) {
      if (s.start >= next) break;
      if (s.end > start) end = Math.min(s.end, next);
    }
    if (end <= start) end = next;
    return { text: w.text, start: round(start), end: round(Math.min(Math.max(end, start), duration)) };
  });
}

/** `espeak-ng --voices` prints a table: Pty Language Age/Gender VoiceName File Other Languages. */
export function parseEspeakVoices(table: string): Voice[] {
  const voices: Voice[] = [];
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5) continue;
    const [, language, ageGender] = cols;
    const gender = ageGender?.endsWith('F') ? 'female' : ageGender?.endsWith('M') ? 'male' : undefined;
    voices.push({ id: `espeak-ng:${language}`, engine: 'espeak-ng', name: language!, language: language!, gender });
  }
  return voices;
}

const round = (t: number) => Math.round(t * 1000) / 1000;
