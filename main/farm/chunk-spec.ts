import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import type { GraphRef } from './portable-graph';

export const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
export const ext = z.string().regex(/^(\.[A-Za-z0-9]{1,8})?$/);

/** What every farm chunk says of itself, render or upscale: its job, its id and its run of frames, [startFrame, startFrame + frames). */
export const chunkIdentity = {
  version: z.literal(1),
  farmJob: z.string(),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  startFrame: z.number().int().nonnegative(),
  frames: z.number().int().positive(),
};

export const chunkFileSchema = z.discriminatedUnion('kind', [
  z.object({ ref: z.string(), kind: z.literal('file'), hash, size: z.number().int().nonnegative(), ext }),
  z.object({
    ref: z.string(),
    kind: z.literal('dir'),
    entries: z.array(z.object({ name: z.string().regex(/^[^/\\]+$/).refine((n) => n !== '.' && n !== '..'), hash, size: z.number().int().nonnegative() })),
  }),
]);
export type ChunkFile = z.infer<typeof chunkFileSchema>;

/**
 * What a worker needs to render one chunk, as the coordinator serves it: the chunk's part of the
 * real render plan with its files as placeholders, those files by content hash, and the encoder
 * settings every chunk of the render shares. No path of the coordinator's is in it.
 */
export const chunkSpecSchema = z.object({
  // the frames are the whole render's frame numbers this chunk draws
  ...chunkIdentity,
  graph: z.string(),
  files: z.array(chunkFileSchema),
  encoder: z.string(),
  quality: z.number(),
  speed: z.enum(['fast', 'balanced', 'quality']),
  fps: z.number().positive(),
});
export type ChunkSpec = z.infer<typeof chunkSpecSchema>;

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** The files a graph reads, by content hash; `blobs` learns where each hash is on this machine. */
export async function describeRefs(refs: GraphRef[], blobs: Map<string, string>): Promise<ChunkFile[]> {
  const out: ChunkFile[] = [];
  for (const r of refs) {
    if (r.kind === 'file') {
      const h = await sha256File(r.path);
      blobs.set(h, r.path);
      out.push({ ref: r.ref, kind: 'file', hash: h, size: statSync(r.path).size, ext: safeExt(r.path) });
    } else {
      const entries = [];
      for (const name of readdirSync(r.path).sort()) {
        const file = join(r.path, name);
        if (!statSync(file).isFile()) continue;
        const h = await sha256File(file);
        blobs.set(h, file);
        entries.push({ name, hash: h, size: statSync(file).size });
      }
      out.push({ ref: r.ref, kind: 'dir', entries });
    }
  }
  return out;
}

function safeExt(path: string): string {
  const e = extname(path);
  return /^\.[A-Za-z0-9]{1,8}$/.test(e) ? e : '';
}

/**
 * A chunk's id is the hash of everything that decides its pixels, so the same chunk of the same
 * render gets the same id after a coordinator restart, and a second upload of it is the same video.
 */
export function chunkId(spec: Omit<ChunkSpec, 'id' | 'farmJob' | 'index' | 'count'>): string {
  const { graph, files, encoder, quality, speed, fps, frames, startFrame } = spec;
  return createHash('sha256').update(JSON.stringify({ graph, files, encoder, quality, speed, fps, frames, startFrame })).digest('hex').slice(0, 32);
}
