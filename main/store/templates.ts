import type { Db } from './open-database';

/**
 * User templates, as JSON documents with the template format version they were written in. The
 * store keeps them opaque; the template library validates them with the contract's schema on the
 * way in and out, and refuses a version newer than it reads.
 */
export interface StoredTemplate {
  id: string;
  name: string;
  /** the template format version of `document` */
  version: number;
  document: unknown;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  name: string;
  version: number;
  document: string;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): StoredTemplate => ({ id: r.id, name: r.name, version: r.version, document: JSON.parse(r.document), createdAt: r.created_at, updatedAt: r.updated_at });

export function saveTemplate(db: Db, t: { id: string; name: string; version?: number; document: unknown }): StoredTemplate {
  const now = Date.now();
  db.prepare(
    `INSERT INTO templates (id, name, version, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, version = excluded.version, document = excluded.document, updated_at = excluded.updated_at`,
  ).run(t.id, t.name, t.version ?? 1, JSON.stringify(t.document), now, now);
  return getTemplate(db, t.id)!;
}

export function getTemplate(db: Db, id: string): StoredTemplate | undefined {
  const r = db.prepare('SELECT * FROM templates WHERE id = ?').get(id) as Row | undefined;
  return r && fromRow(r);
}

export function listTemplates(db: Db): StoredTemplate[] {
  return (db.prepare('SELECT * FROM templates ORDER BY name COLLATE NOCASE').all() as Row[]).map(fromRow);
}

export function deleteTemplate(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM templates WHERE id = ?').run(id).changes > 0;
}
