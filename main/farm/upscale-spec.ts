import { createHash } from 'node:crypto';
import { z } from 'zod';
import { chunkIdentity, ext, hash } from './chunk-spec';

/**
 * One chunk of a video upscale, as the coordinator serves it: which frames of the source (by
 * content hash), the model (by content hash, with what a tiler needs to know of it), and the
 * encoder settings every chunk shares, so that the chunks join by stream copy. No path in it.
 */
export const upscaleChunkSpecSchema = z.object({
  // the frames are the source's frames this chunk upscales
  ...chunkIdentity,
  kind: z.literal('upscale'),
  source: z.object({ hash, size: z.number().int().nonnegative(), ext, width: z.number().int().positive(), height: z.number().int().positive(), frameRate: z.string().regex(/^\d+(\/\d+)?$/) }),
  model: z.object({
    hash,
    size: z.number().int().nonnegative(),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    scale: z.number().int().positive().max(8),
    architecture: z.enum(['srvgg', 'rrdb', 'other']),
    tilePad: z.number().int().nonnegative(),
    peakChannelsPerInputPixel: z.number().positive(),
    precision: z.enum(['fp32', 'fp16']),
  }),
  outputScale: z.number().int().positive(),
  /** the ONNX Runtime provider asked for; `auto` runs on a worker's best */
  provider: z.enum(['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu']),
  tile: z.number().int().min(16).optional(),
  encoder: z.string(),
  quality: z.number(),
});
export type UpscaleChunkSpec = z.infer<typeof upscaleChunkSpecSchema>;

/** Deterministic: the same frames of the same source through the same model and settings are the same chunk. */
export function upscaleChunkId(spec: Omit<UpscaleChunkSpec, 'id' | 'farmJob' | 'index' | 'count'>): string {
  const { startFrame, frames, source, model, outputScale, provider, tile, encoder, quality } = spec;
  return createHash('sha256').update(JSON.stringify({ kind: 'upscale', startFrame, frames, source, model, outputScale, provider, tile, encoder, quality })).digest('hex').slice(0, 32);
}
