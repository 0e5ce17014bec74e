import { readFileSync } from 'node:fs';
import { StudioError } from '../../../preload/contract/errors';
import type { StageContext } from '../../queue/stage';
import { makeJobInputSchema, type MakeJobInput } from '../../make/make-input';

/** The JSON artifact an earlier stage of this job wrote. */
export function previousJson<T>(ctx: StageContext, stage: string): T {
  const p = ctx.previous.findLast((x) => x.name === stage);
  if (!p) throw new StudioError('INTERNAL', `the ${ctx.spec.name} stage needs the ${stage} stage before it`);
  return JSON.parse(readFileSync(p.path, 'utf8')) as T;
}

export const makeInput = (ctx: StageContext): MakeJobInput => makeJobInputSchema.parse(ctx.input);
