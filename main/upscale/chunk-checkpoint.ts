import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Checkpoints for a chunked video upscale. A chunk is encoded to `chunk-NNNNN.part.mp4` and
 * renamed to `chunk-NNNNN.mp4` only once its encoder has exited cleanly, so a finished name is a
 * finished chunk. The manifest records everything the chunks depend on; if any of it changed
 * (other input, model, scale, encoder), the old chunks are discarded instead of mixed in.
 */
export interface ChunkManifest {
  version: 1;
  input: { path: string; size: number; mtimeMs: number };
  modelSha256: string;
  outputScale: number;
  encoder: string;
  quality: number;
  chunkFrames: number;
  width: number;
  height: number;
  frameRate: string;
}

export const chunkName = (i: number) => `chunk-${String(i).padStart(5, '0')}.mp4`;
export const partName = (i: number) => `chunk-${String(i).padStart(5, '0')}.part.mp4`;

export function inputIdentity(path: string): ChunkManifest['input'] {
  const st = statSync(path);
  return { path, size: st.size, mtimeMs: Math.round(st.mtimeMs) };
}

/** Prepares the work folder and returns how many leading chunks are already finished. */
export function openCheckpoint(workDir: string, manifest: ChunkManifest): { finishedChunks: number } {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, 'manifest.json');
  let same = false;
  try {
    same = JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(manifest);
  } catch {
    same = false;
  }
  if (!same) {
    for (const name of readdirSync(workDir)) if (name.startsWith('chunk-')) rmSync(join(workDir, name), { force: true });
    writeFileSync(file, JSON.stringify(manifest, null, 2));
  }
  let finished = 0;
  while (existsSync(join(workDir, chunkName(finished)))) finished++;
  // Chunks after a gap can't be trusted to line up with a fresh decode: redo them.
  for (const name of readdirSync(workDir)) {
    const m = /^chunk-(\d+)\./.exec(name);
    if (m && Number(m[1]) >= finished) rmSync(join(workDir, name), { force: true });
  }
  return { finishedChunks: finished };
}

export function commitChunk(workDir: string, index: number): void {
  renameSync(join(workDir, partName(index)), join(workDir, chunkName(index)));
}

export function writeConcatList(workDir: string, chunks: number): string {
  const list = join(workDir, 'chunks.txt');
  writeFileSync(list, Array.from({ length: chunks }, (_, i) => `file '${chunkName(i)}'\n`).join(''));
  return list;
}
