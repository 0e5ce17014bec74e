import { z } from 'zod';

/** What the model manager records about an installed upscaling model (model.json next to model.onnx). */
export const modelMetaSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  scale: z.number().int().positive().max(8, 'an upscaler scales by at most 8'),
  architecture: z.enum(['srvgg', 'rrdb', 'other']),
  /** multiply-accumulates per input pixel; null when imported as ONNX and not known */
  macsPerPixel: z.number().nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  /** input pixels of overlap each tile needs so tiles match a whole-image run */
  tilePad: z.number().int().nonnegative(),
  /** widest activation (channels × area relative to the input), for choosing a tile size */
  peakChannelsPerInputPixel: z.number().positive(),
  precision: z.enum(['fp32', 'fp16']),
  source: z.object({ kind: z.enum(['ncnn', 'onnx', 'download']), from: z.string() }),
  importedAt: z.string(),
});
export type ModelMeta = z.infer<typeof modelMetaSchema>;

export const upscaleProgressSchema = z.object({
  framesDone: z.number().int().nonnegative(),
  framesTotal: z.number().int().nonnegative(),
  /** 0..1 */
  ratio: z.number(),
  /** seconds left, once it can be estimated */
  eta: z.number().optional(),
  fps: z.number().optional(),
  chunk: z.number().int().optional(),
  chunks: z.number().int().optional(),
});
export type UpscaleProgress = z.infer<typeof upscaleProgressSchema>;
