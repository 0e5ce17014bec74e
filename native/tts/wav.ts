import { readFileSync } from 'node:fs';
import { StudioError } from '../../preload/contract/errors';

export interface Pcm {
  sampleRate: number;
  /** mono, -1..1 */
  samples: Float32Array;
}

/**
 * Reads a 16-bit PCM WAV file (what espeak-ng, SAPI and our ffmpeg decode step write). Chunks are
 * walked rather than assuming a 44-byte header, because some writers add LIST/fact chunks.
 */
export function readWav(path: string): Pcm {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new StudioError('INVALID_INPUT', `${path} is not a WAV file`);
  }
  let offset = 12;
  let channels = 1;
  let sampleRate = 0;
  let bits = 0;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    // a streaming writer leaves the size at 0 or 0xFFFFFFFF: the data runs to the end of the file
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      channels = buf.readUInt16LE(body + 2);
      sampleRate = buf.readUInt32LE(body + 4);
      bits = buf.readUInt16LE(body + 14);
    } else if (id === 'data') {
      if (size === 0 || body + size > buf.length) size = buf.length - body;
      if (bits !== 16) throw new StudioError('INVALID_INPUT', `${path}: expected 16-bit PCM, found ${bits}-bit`);
      const frames = Math.floor(size / (2 * channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += buf.readInt16LE(body + (i * channels + c) * 2);
        samples[i] = sum / channels / 32768;
      }
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new StudioError('INVALID_INPUT', `${path} has no audio data`);
}

/** The 44-byte header of a mono 16-bit PCM WAV holding `dataBytes` of samples. */
export function wavHeader(dataBytes: number, sampleRate: number): Buffer {
  const buf = Buffer.alloc(44);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(dataBytes, 40);
  return buf;
}

/** Writes mono float samples as a 16-bit PCM WAV (what every reader in the app and FFmpeg takes). */
export function encodeWav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    data.writeInt16LE(Math.round(v * 32767), i * 2);
  }
  return Buffer.concat([wavHeader(data.length, sampleRate), data]);
}
