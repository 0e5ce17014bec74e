import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sessionsDir } from '../paths';

/**
 * A job's session folder: `work/` (stage artifacts and temp files), `logs/` (its log),
 * `final/` (the finished file). A job writes nowhere else until the finished file is copied
 * to the output path the user chose.
 */
export interface SessionDirs {
  root: string;
  work: string;
  logs: string;
  final: string;
}

export function sessionDirs(root: string): SessionDirs {
  return { root, work: join(root, 'work'), logs: join(root, 'logs'), final: join(root, 'final') };
}

export function sessionRootFor(home: string, jobId: string): string {
  return join(sessionsDir(home), jobId);
}

export function createSession(root: string): SessionDirs {
  const dirs = sessionDirs(root);
  for (const d of [dirs.work, dirs.logs, dirs.final]) mkdirSync(d, { recursive: true });
  return dirs;
}
