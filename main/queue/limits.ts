import { InvalidInputError } from '../../preload/contract/errors';
import { resourceClasses, type ResourceClass, type ResourceLimits } from '../../preload/contract/jobs';
import type { Db } from '../store/open-database';
import { getSetting, putSetting } from './job-store';

/**
 * How many stages of each class may run at once, across every worker sharing the database.
 * One hardware encode at a time (two sessions on one GPU fight, and consumer NVIDIA cards cap
 * them); CPU encodes up to half the cores, since x264 is itself multi-threaded.
 */
export const defaultLimits: ResourceLimits = { light: 4, 'encode-cpu': 1, 'encode-gpu': 1, upscale: 1 };

const KEY = 'queue.limits';

export function loadLimits(db: Db, overrides: Partial<ResourceLimits> = {}): ResourceLimits {
  return { ...defaultLimits, ...(getSetting<Partial<ResourceLimits>>(db, KEY) ?? {}), ...overrides };
}

export function saveLimits(db: Db, limits: Partial<ResourceLimits>): void {
  putSetting(db, KEY, { ...(getSetting<Partial<ResourceLimits>>(db, KEY) ?? {}), ...limits });
}

/** `encode-cpu=2,encode-gpu=1` (the CLI's --limit) */
export function parseLimits(text: string): Partial<ResourceLimits> {
  const out: Partial<ResourceLimits> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = part.split('=');
    const n = Number(value);
    if (!resourceClasses.includes(name as ResourceClass) || !Number.isInteger(n) || n < 1) {
      throw new InvalidInputError(`--limit ${part}: expected <class>=<count ≥ 1>, class one of ${resourceClasses.join(', ')}`);
    }
    out[name as ResourceClass] = n;
  }
  return out;
}
