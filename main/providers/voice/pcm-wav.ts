import { writeFileAtomic } from '../../files/partial-file';
import { wavHeader } from '../../../native/tts/wav';

/** Wraps raw 16-bit little-endian mono PCM in a WAV header. */
export function pcmToWav(pcm: Buffer, sampleRate: number): Buffer {
  return Buffer.concat([wavHeader(pcm.length, sampleRate), pcm]);
}

/** Writes through a temporary name so a cancelled or failed synthesis leaves no half file. */
export function writeAtomic(path: string, bytes: Buffer): void {
  writeFileAtomic(path, bytes);
}
