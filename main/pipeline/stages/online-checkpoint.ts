import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../../files/partial-file';
import { join } from 'node:path';
import { RESUME_DIR } from '../../queue/recovery';
import type { StageContext } from '../../queue/stage';

/**
 * What a paid online request leaves behind the moment the service accepts it: the operation id,
 * in the session's resume folder (which crash recovery keeps). A run after a crash or a retry
 * reads it and polls that operation instead of submitting — and paying — again.
 */
export interface OnlineCheckpoint {
  provider: string;
  operation: string;
  scene: number;
  submittedAt: number;
}

const dirOf = (ctx: Pick<StageContext, 'session' | 'spec'>) => join(ctx.session.work, RESUME_DIR, ctx.spec.name);

export function readCheckpoint(ctx: Pick<StageContext, 'session' | 'spec'>, key: string, provider: string): OnlineCheckpoint | undefined {
  const file = join(dirOf(ctx), `${key}.json`);
  if (!existsSync(file)) return undefined;
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as OnlineCheckpoint;
    return c.provider === provider && typeof c.operation === 'string' && c.operation ? c : undefined;
  } catch {
    return undefined; // a torn write cannot happen (rename below), but an unreadable file is no promise
  }
}

/** Written through a rename, so a kill mid-write leaves the old state or the new, never half a file. */
export function writeCheckpoint(ctx: Pick<StageContext, 'session' | 'spec'>, key: string, c: OnlineCheckpoint): void {
  const dir = dirOf(ctx);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${key}.json`);
  writeFileAtomic(file, JSON.stringify(c));
}

/** A failed operation is over: the next attempt starts a new one. */
export function dropCheckpoint(ctx: Pick<StageContext, 'session' | 'spec'>, key: string): void {
  rmSync(join(dirOf(ctx), `${key}.json`), { force: true });
}
