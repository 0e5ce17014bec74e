import { flattenArgs } from '../../native/ffmpeg/args';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { videoEncodeArgs } from '../render/plan';
import type { ChunkSpec } from './chunk-spec';

/**
 * FFmpeg's arguments for one chunk: its graph, the render's own video encoder arguments (so the
 * chunks join by stream copy), no sound, and exactly its frames. The encoder's device set-up is
 * this machine's (its VA-API node), as the worker's own capability check ran it.
 */
export function chunkArgs(spec: ChunkSpec, graphScript: string, output: string, vaapiDevice?: string): string[] {
  const encoder = encoderProfile(spec.encoder);
  if (!encoder) throw new Error(`this worker does not know the encoder ${spec.encoder}`);
  return flattenArgs([
    '-hide_banner', '-nostdin', '-y', '-v', 'error', '-progress', 'pipe:1', '-nostats',
    encoder.globalArgs(vaapiDevice),
    '-filter_complex_script', graphScript,
    '-map', '[vout]',
    videoEncodeArgs(encoder, { quality: spec.quality, speed: spec.speed }, spec.fps),
    '-an',
    '-frames:v', spec.frames,
    '-f', 'mp4',
    output,
  ]);
}
