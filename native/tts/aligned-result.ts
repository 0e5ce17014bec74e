import { alignWords } from './align';
import { speechSegments } from './speech-segments';
import type { SynthesisResult, Voice } from './types';
import { readWav } from './wav';
import { splitWords } from './words';

/** For engines that report no word timing: place the text's words on the audio they wrote. */
export function alignedResult(audioPath: string, text: string, voice: Voice): SynthesisResult {
  const pcm = readWav(audioPath);
  const duration = pcm.samples.length / pcm.sampleRate;
  const words = alignWords(splitWords(text).map((w) => w.text), speechSegments(pcm), duration);
  return { audioPath, duration, words, timing: 'aligned', voice };
}
