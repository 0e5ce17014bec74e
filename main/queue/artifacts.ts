import { createHash } from 'node:crypto';
import { createReadStream, renameSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Stable JSON (sorted keys), so the same inputs always give the same key. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** A stage's input key: its name and version, its options, the job's input and the artifacts it builds on. */
export function stageInputKey(parts: { name: string; version: number; options: unknown; input: unknown; previous: string[] }): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}

export interface Artifact {
  path: string;
  hash: string;
  size: number;
}

/**
 * Moves a stage's output to a name made of its content hash, so a checkpoint names exactly
 * the bytes it vouches for and a resumed job can tell a stale or damaged file.
 */
export async function contentAddress(file: string, prefix: string): Promise<Artifact> {
  const hash = await hashFile(file);
  const path = join(dirname(file), `${prefix}-${hash.slice(0, 16)}${extname(basename(file))}`);
  if (path !== file) renameSync(file, path);
  return { path, hash, size: statSync(path).size };
}

/** Cheap check first (size), then the bytes. */
export async function artifactIntact(a: { path: string | null; hash: string | null; size: number | null }): Promise<boolean> {
  if (!a.path || !a.hash) return false;
  try {
    if (statSync(a.path).size !== a.size) return false;
  } catch {
    return false;
  }
  return (await hashFile(a.path)) === a.hash;
}
