import { z } from 'zod';
import { serializedErrorSchema } from '../../../preload/contract/errors';
import { studioMethods } from '../../../preload/contract/studio-api';

/** The REST API's bodies, each the contract's own schema (or a thin wrapper around one). */
export const restSchemas = {
  MakeRequest: studioMethods.createVideo.args.def.items[0],
  Job: studioMethods.getJob.result,
  JobList: z.object({ jobs: studioMethods.listJobsPage.result.shape.jobs, total: z.number().int(), next: z.string().optional() }),
  Created: z.object({ id: z.string(), url: z.string(), job: studioMethods.createVideo.result }),
  TemplateList: z.object({ templates: studioMethods.listTemplates.result }),
  Voices: studioMethods.listVoices.result,
  Error: z.object({ error: serializedErrorSchema }),
} as const;

export type SchemaName = keyof typeof restSchemas;

/** Request bodies are described as a client writes them (defaults optional); responses as sent. */
export const requestSchemas: ReadonlySet<SchemaName> = new Set(['MakeRequest']);

export const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
export const json = (name: SchemaName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });

/** The answers most routes share. */
export const errors = {
  '400': json('Error', 'the request is not valid; `error.details.issues` lists each field and its problem'),
  '401': { description: 'missing or wrong token' },
  '403': { description: 'a request from another web origin or host' },
  '404': json('Error', 'no such job'),
};

export const jobIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'the job id (a unique prefix works too)' };
