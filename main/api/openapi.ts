import { z } from 'zod';
import { serializedErrorSchema } from '../../preload/contract/errors';
import { makeRequestSchema } from '../../preload/contract/make';
import { jobViewSchema, templateSummarySchema, voicesResultSchema } from '../../preload/contract/studio-api';

/** The REST API's bodies, each the contract's own schema (or a thin wrapper around one). */
export const restSchemas = {
  MakeRequest: makeRequestSchema,
  Job: jobViewSchema,
  JobList: z.object({ jobs: z.array(jobViewSchema), total: z.number().int(), next: z.string().optional() }),
  Created: z.object({ id: z.string(), url: z.string(), job: jobViewSchema }),
  TemplateList: z.object({ templates: z.array(templateSummarySchema) }),
  Voices: voicesResultSchema,
  Error: z.object({ error: serializedErrorSchema }),
} as const;

type SchemaName = keyof typeof restSchemas;

/** JSON Schema 2020-12, which OpenAPI 3.1 uses as is; request bodies as written, responses as sent. */
function componentSchema(name: SchemaName): Record<string, unknown> {
  const { $schema: _drop, ...schema } = z.toJSONSchema(restSchemas[name], { io: name === 'MakeRequest' ? 'input' : 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '400': json('Error', 'the request is not valid; `error.details.issues` lists each field and its problem'),
  '401': { description: 'missing or wrong token' },
  '403': { description: 'a request from another web origin or host' },
  '404': json('Error', 'no such job'),
};
const jobId = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'the job id (a unique prefix works too)' };

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the contract's zod schemas so the
 * description cannot drift from what the server validates.
 */
export function openApiDocument(opts: { version: string; serverUrl?: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reelforge task API',
      version: opts.version,
      description: 'Queue videos made from a script or a topic, follow them, fetch the results. Every route needs `Authorization: Bearer <token>` (the token `reelforge serve` prints).',
    },
    servers: opts.serverUrl ? [{ url: opts.serverUrl }] : [],
    security: [{ bearer: [] }],
    paths: {
      '/api/v1/videos': {
        post: {
          summary: 'Queue a video (script or topic → voice → captions → media → template → video)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('MakeRequest') } } },
          responses: { '202': { ...json('Created', 'queued; follow it at `url`'), headers: { Location: { schema: { type: 'string' } } } }, '413': { description: 'the body is larger than the limit' }, '415': { description: 'the body is not JSON' }, '429': json('Error', 'the queue already holds 100 unfinished jobs from programs; try again later (Retry-After)'), ...errors },
        },
      },
      '/api/v1/jobs': {
        get: {
          summary: 'The queue, newest first, a page at a time (`next` and the Link header name the next page)',
          parameters: [
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
          ],
          responses: { '200': json('JobList', 'jobs'), '400': errors['400'], '401': errors['401'] },
        },
      },
      '/api/v1/jobs/{id}': {
        get: { summary: 'One job: state, stage, progress, ETA, error', parameters: [jobId], responses: { '200': json('Job', 'the job'), ...errors } },
        delete: { summary: 'Cancel the job (its processes are stopped, its partial files removed)', parameters: [jobId], responses: { '200': json('Job', 'the job after the cancel'), ...errors } },
      },
      '/api/v1/jobs/{id}/output': {
        get: {
          summary: 'The finished video (Range requests supported)',
          parameters: [jobId, { name: 'Range', in: 'header', required: false, schema: { type: 'string' } }],
          responses: { '200': { description: 'the file', content: { 'video/mp4': {} } }, '206': { description: 'the requested range' }, '409': json('Error', 'the job has not completed'), ...errors },
        },
      },
      '/api/v1/jobs/{id}/files/{name}': {
        get: {
          summary: "A finished job's file by name: the video or a caption file listed in `companions`",
          parameters: [jobId, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'the file' }, '409': json('Error', 'the job has not completed'), ...errors },
        },
      },
      '/api/v1/jobs/{id}/events': {
        get: {
          summary: 'Server-sent events: a `job` event with the job at every change; the stream ends when the job has finished',
          parameters: [jobId],
          responses: { '200': { description: 'text/event-stream; each `data:` is a Job', content: { 'text/event-stream': { schema: ref('Job') } } }, ...errors },
        },
      },
      '/api/v1/templates': { get: { summary: 'The templates a video can use', responses: { '200': json('TemplateList', 'templates'), '401': errors['401'] } } },
      '/api/v1/voices': { get: { summary: 'The voices on this machine, and why an engine is not usable', responses: { '200': json('Voices', 'voices'), '401': errors['401'] } } },
      '/api/v1/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries((Object.keys(restSchemas) as SchemaName[]).map((n) => [n, componentSchema(n)])),
    },
  };
}
