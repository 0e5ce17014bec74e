import { randomUUID } from 'node:crypto';
import { projectSchema, type ProjectDocument } from '../../preload/contract/project';
import { mediaRefs } from '../project/load-project';
import type { Db } from './open-database';

export interface StoredProject {
  id: string;
  title: string;
  document: ProjectDocument;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  title: string;
  document: string;
  created_at: number;
  updated_at: number;
}

/** A stored document is parsed again on the way out: a row some other version wrote must not crash the UI. */
function fromRow(r: Row): StoredProject {
  return { id: r.id, title: r.title, document: projectSchema.parse(JSON.parse(r.document)), createdAt: r.created_at, updatedAt: r.updated_at };
}

export function saveProject(db: Db, document: ProjectDocument, id = document.id ?? randomUUID()): StoredProject {
  const now = Date.now();
  const doc = { ...document, id };
  db.prepare(
    `INSERT INTO projects (id, title, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET title = excluded.title, document = excluded.document, updated_at = excluded.updated_at`,
  ).run(id, doc.title, JSON.stringify(doc), now, now);
  return getProject(db, id)!;
}

export function getProject(db: Db, id: string): StoredProject | undefined {
  const r = db.prepare('SELECT * FROM projects WHERE id = ?').get(id) as Row | undefined;
  return r && fromRow(r);
}

export function listProjects(db: Db): Array<Omit<StoredProject, 'document'>> {
  const rows = db.prepare('SELECT id, title, created_at, updated_at FROM projects ORDER BY updated_at DESC').all() as Row[];
  return rows.map((r) => ({ id: r.id, title: r.title, createdAt: r.created_at, updatedAt: r.updated_at }));
}

export function deleteProject(db: Db, id: string): boolean {
  return db.prepare('DELETE FROM projects WHERE id = ?').run(id).changes > 0;
}

/**
 * Every media file the library's projects name (pictures, clips, music, narration), wherever it
 * lies: the renderer may show these, as it may show the files of the app's own folders. A row that
 * does not parse names nothing.
 */
export function projectMediaFiles(db: Db): Set<string> {
  const files = new Set<string>();
  for (const r of db.prepare('SELECT document FROM projects').all() as Array<Pick<Row, 'document'>>) {
    let doc: ProjectDocument;
    try {
      doc = projectSchema.parse(JSON.parse(r.document));
    } catch {
      continue;
    }
    for (const ref of mediaRefs(doc)) files.add(ref.file);
  }
  return files;
}
