import type { Db } from './open-database';

/**
 * Templates are stored as opaque JSON documents here; their schema belongs to the templates
 * issue, which validates them on the way in and out.
 */
export interface StoredTemplate {
  id: string;
  name: string;
  document: unknown;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  name: string;
  document: string;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): StoredTemplate => ({ id: r.id, name: r.name, document: JSON.parse(r.document), createdAt: r.created_at, updatedAt: r.updated_at });

export function saveTemplate(db: Db, t: { id: string; name: string; document: unknown }): StoredTemplate {
  const now = Date.now();
  db.prepare(
    `INSERT INTO templates (id, name, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, document = excluded.document, updated_at = excluded.updated_at`,
  ).run(t.id, t.name, JSON.stringify(t.document), now, now);
  return getTemplate(db, t.id)!;
}

export function getTemplate(db: Db, id: string): StoredTemplate | undefined {
  const r = db.prepare('SELECT * FROM templates WHERE id = ?').get(id) as Row | undefined;
  return r && fromRow(r);
}

export function listTemplates(db: Db): StoredTemplate[] {
  return (db.prepare('SELECT * FROM templates ORDER BY name').all() as Row[]).map(fromRow);
}

export function deleteTemplate(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM templates WHERE id = ?').run(id).changes > 0;
}
