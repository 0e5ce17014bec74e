import { join } from 'node:path';
import { alignedResult } from './aligned-result';
import { canRun, runTool } from './run-tool';
import type { TtsEngine, Voice } from './types';

/**
 * macOS `say`. It writes a WAV file directly (16-bit, so our reader and the alignment need no
 * conversion) but reports no word timing, so words are aligned to its audio.
 */
export function sayEngine(binary = '/usr/bin/say'): TtsEngine {
  return {
    name: 'say',
    async probe() {
      if (process.platform !== 'darwin') return { available: false, reason: '`say` is the macOS voice; this is not macOS' };
      return (await canRun(binary, ['-v', '?']))
        ? { available: true, reason: `${binary} runs` }
        : { available: false, reason: `${binary} could not be started` };
    },
    async listVoices() {
      const { stdout } = await runTool(binary, ['-v', '?'], { label: 'say' });
      return parseSayVoices(stdout);
    },
    async synthesize(text, voice, options) {
      const out = join(options.outDir, `${options.fileName ?? 'narration'}.wav`);
      // `say` has no pitch control; its default rate is about 175 words per minute
      const rate = Math.round(175 * (options.speed ?? 1));
      await runTool(binary, ['-v', voice.name, '-r', String(rate), '--file-format=WAVE', '--data-format=LEI16@22050', '-o', out, '-f', '-'], {
        input: text,
        signal: options.signal,
        tag: options.tag,
        label: 'say',
      });
      return alignedResult(out, text, voice);
    },
  };
}

/** Lines of `say -v ?` look like: `Samantha            en_US    # Hello, my name is Samantha.` */
export function parseSayVoices(listing: string): Voice[] {
  const voices: Voice[] = [];
  for (const line of listing.split('\n')) {
    const m = /^(.+?)\s+([a-z]{2,3}(?:[_-][A-Za-z0-9]+)*)\s+#/.exec(line);
    if (!m) continue;
    const name = m[1]!.trim();
    voices.push({ id: `say:${name}`, engine: 'say', name, language: m[2]!.replace('_', '-') });
  }
  return voices;
}
