import { z } from 'zod';
import { makeRequestSchema } from '../../preload/contract/make';
import { templateSchema } from '../../preload/contract/template';

/**
 * What a `make` job stores as its input: the request as the caller sent it, plus every decision
 * that must stay fixed for the job's life — the template itself (not just its id, so editing a
 * template file later cannot change a half-made video), the library id of the project it builds,
 * and the folders it reads media from. Stages read this, never the caller's environment.
 */
export const makeJobInputSchema = z.object({
  kind: z.literal('make'),
  request: makeRequestSchema,
  template: templateSchema,
  projectId: z.string().min(1),
  /** absolute folders scanned for media (the request's plus the library when asked) */
  mediaFolders: z.array(z.string()),
});
export type MakeJobInput = z.output<typeof makeJobInputSchema>;

export const isMakeInput = (input: unknown): boolean => (input as { kind?: unknown } | null)?.kind === 'make';
