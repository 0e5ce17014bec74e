import type { MediaInfo } from '../../native/ffmpeg/probe';
import type { Db } from './open-database';

export interface MediaAsset {
  path: string;
  /** sha256 of the file's bytes */
  hash: string;
  size: number;
  mtimeMs: number;
  probe: MediaInfo | null;
}

interface Row {
  path: string;
  hash: string;
  size: number;
  mtime_ms: number;
  probe: string | null;
}

export function putMediaAsset(db: Db, a: MediaAsset): void {
  db.prepare(
    `INSERT INTO media_assets (path, hash, size, mtime_ms, probe, checked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET hash = excluded.hash, size = excluded.size, mtime_ms = excluded.mtime_ms,
       probe = excluded.probe, checked_at = excluded.checked_at`,
  ).run(a.path, a.hash, a.size, Math.round(a.mtimeMs), a.probe ? JSON.stringify(a.probe) : null, Date.now());
}

/** The stored asset, only while the file still has the size and mtime it had when it was hashed. */
export function getFreshMediaAsset(db: Db, path: string, size: number, mtimeMs: number): MediaAsset | undefined {
  const r = db.prepare('SELECT * FROM media_assets WHERE path = ?').get(path) as Row | undefined;
  if (!r || r.size !== size || r.mtime_ms !== Math.round(mtimeMs)) return undefined;
  return { path: r.path, hash: r.hash, size: r.size, mtimeMs: r.mtime_ms, probe: r.probe ? (JSON.parse(r.probe) as MediaInfo) : null };
}
