import { basename } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInputError, StudioError } from '../../../preload/contract/errors';
import { zodIssues } from '../../../preload/contract/issues';
import { studioMethods, type JobView, type StudioApi, type StudioMethodName } from '../../../preload/contract/studio-api';
import { followJob } from '../follow-job';
import { errors, jobIdParameter, json, ref, type SchemaName } from './openapi-parts';
import { HttpError, readJson, sendError, sendJson } from './rest-http';
import { sendFile } from './send-file';

export const REST_PREFIX = '/api/v1';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** the server's own origin, for the URLs a response names */
  origin: string;
  /** the path's `{name}` parts, as sent */
  params: Record<string, string>;
  api: StudioApi;
  /** the largest request body accepted */
  maxBodyBytes: number;
  /** the OpenAPI document of these routes, for this server */
  describe(): Record<string, unknown>;
}

/**
 * One REST route: what the transport serves and what the OpenAPI document says, from the same row.
 * A new operation is a contract entry, its handler, and one row here.
 */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** under /api/v1, with `{name}` parameters as OpenAPI writes them */
  path: string;
  /** the StudioApi method the route reaches (none: the route describes the API itself) */
  calls?: StudioMethodName;
  /** the status of a successful answer */
  status: number;
  summary: string;
  /** readable without the token: it holds nothing private */
  open?: boolean;
  /** a GET answers HEAD too, except a stream */
  noHead?: boolean;
  parameters?: unknown[];
  /** the request body's schema */
  body?: SchemaName;
  /** the successful answer's OpenAPI description (under `status`) */
  answer: Record<string, unknown>;
  /** the other answers the route can give */
  responses?: Record<string, unknown>;
  handle(ctx: RouteContext): Promise<void>;
}

const jobUrl = (ctx: RouteContext, id: string) => `${ctx.origin}${REST_PREFIX}/jobs/${encodeURIComponent(id)}`;

/** Server-sent events: the job now, then at every change, until it has finished. */
async function streamEvents({ res, api }: RouteContext, id: string) {
  const first = await api.getJob(id); // a 404 before the stream starts
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  const stop = new AbortController();
  // a comment line now and then keeps proxies and idle timers from closing a quiet stream
  const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  res.on('close', () => stop.abort());
  let n = 0;
  const send = (job: JobView) => res.write(`id: ${++n}\nevent: job\ndata: ${JSON.stringify(job)}\n\n`);
  try {
    await followJob(api, first.id, send, { signal: stop.signal });
    res.write('event: end\ndata: {}\n\n');
  } catch {
    // the client went away, or the job vanished: either way the stream is over
  } finally {
    clearInterval(beat);
    res.end();
  }
}

/** A completed job's file by name (the output when no name is given). */
async function sendJobFile(ctx: RouteContext, name: string | undefined) {
  const j = await ctx.api.getJob(ctx.params.id!);
  if (j.state !== 'completed' || !j.output) throw new HttpError(409, 'NOT_FOUND', `job ${j.id} is ${j.state}; its files are served once it has completed`);
  const files = [j.output, ...(j.companions ?? [])];
  const file = name === undefined ? j.output : files.find((f) => basename(f) === name);
  if (!file) throw new HttpError(404, 'NOT_FOUND', `job ${j.id} has no file ${name} (it has: ${files.map((f) => basename(f)).join(', ')})`);
  // never a page, whatever the output was named: no script runs from a served file
  sendFile(ctx.req, ctx.res, file, { 'content-disposition': `inline; filename="${basename(file).replace(/["\\\r\n]/g, '_')}"`, 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff' });
}

const makeRequest = studioMethods.createVideo.args.def.items[0];

/** The REST task API, in the order a request's path is matched. */
export const restRoutes: readonly RestRoute[] = [
  {
    method: 'POST',
    path: '/videos',
    calls: 'createVideo',
    status: 202,
    summary: 'Queue a video (script or topic → voice → captions → media → template → video)',
    body: 'MakeRequest',
    answer: { ...json('Created', 'queued; follow it at `url`'), headers: { Location: { schema: { type: 'string' } } } },
    responses: { '413': { description: 'the body is larger than the limit' }, '415': { description: 'the body is not JSON' }, '429': json('Error', 'the queue already holds 100 unfinished jobs from programs; try again later (Retry-After)'), ...errors },
    async handle(ctx) {
      try {
        const parsed = makeRequest.safeParse(await readJson(ctx.req, ctx.maxBodyBytes));
        if (!parsed.success) throw new InvalidInputError('the make request is not valid:', zodIssues(parsed.error));
        const created = await ctx.api.createVideo(parsed.data);
        const url = jobUrl(ctx, created.id);
        sendJson(ctx.res, 202, { id: created.id, url, job: created }, { location: url });
      } catch (err) {
        // a template or voice the body names and the studio lacks is a bad request, not a missing
        // route; a full queue is "too many requests", to be tried again later
        const busy = err instanceof StudioError && err.code === 'BUSY';
        sendError(ctx.res, err, { NOT_FOUND: 400, BUSY: 429 }, busy ? { 'retry-after': '30' } : {});
      }
    },
  },
  {
    method: 'GET',
    path: '/jobs',
    calls: 'listJobsPage',
    status: 200,
    summary: 'The queue, newest first, a page at a time (`next` and the Link header name the next page)',
    parameters: [
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      { name: 'offset', in: 'query', required: false, schema: { type: 'integer', minimum: 0, default: 0 } },
    ],
    answer: json('JobList', 'jobs'),
    responses: { '400': errors['400'], '401': errors['401'] },
    async handle({ url, origin, res, api }) {
      const limit = url.searchParams.get('limit');
      const offset = url.searchParams.get('offset');
      const p = await api.listJobsPage({ ...(limit !== null ? { limit: Number(limit) } : {}), ...(offset !== null ? { offset: Number(offset) } : {}) });
      const next = p.nextOffset === undefined ? undefined : `${origin}${REST_PREFIX}/jobs?limit=${p.jobs.length}&offset=${p.nextOffset}`;
      sendJson(res, 200, { jobs: p.jobs, total: p.total, ...(next ? { next } : {}) }, next ? { link: `<${next}>; rel="next"` } : {});
    },
  },
  {
    method: 'GET',
    path: '/jobs/{id}',
    calls: 'getJob',
    status: 200,
    summary: 'One job: state, stage, progress, ETA, error',
    parameters: [jobIdParameter],
    answer: json('Job', 'the job'),
    responses: errors,
    async handle({ res, api, params }) {
      sendJson(res, 200, await api.getJob(params.id!));
    },
  },
  {
    method: 'DELETE',
    path: '/jobs/{id}',
    calls: 'cancelJob',
    status: 200,
    summary: 'Cancel the job (its processes are stopped, its partial files removed)',
    parameters: [jobIdParameter],
    answer: json('Job', 'the job after the cancel'),
    responses: errors,
    async handle({ res, api, params }) {
      await api.cancelJob(params.id!);
      sendJson(res, 200, await api.getJob(params.id!));
    },
  },
  {
    method: 'GET',
    path: '/jobs/{id}/output',
    calls: 'getJob',
    status: 200,
    summary: 'The finished video (Range requests supported)',
    parameters: [jobIdParameter, { name: 'Range', in: 'header', required: false, schema: { type: 'string' } }],
    answer: { description: 'the file', content: { 'video/mp4': {} } },
    responses: { '206': { description: 'the requested range' }, '409': json('Error', 'the job has not completed'), ...errors },
    handle: (ctx) => sendJobFile(ctx, undefined),
  },
  {
    method: 'GET',
    path: '/jobs/{id}/files/{name}',
    calls: 'getJob',
    status: 200,
    summary: "A finished job's file by name: the video or a caption file listed in `companions`",
    parameters: [jobIdParameter, { name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
    answer: { description: 'the file' },
    responses: { '409': json('Error', 'the job has not completed'), ...errors },
    handle: (ctx) => sendJobFile(ctx, ctx.params.name!),
  },
  {
    method: 'GET',
    path: '/jobs/{id}/events',
    calls: 'getJob',
    status: 200,
    noHead: true,
    summary: 'Server-sent events: a `job` event with the job at every change; the stream ends when the job has finished',
    parameters: [jobIdParameter],
    answer: { description: 'text/event-stream; each `data:` is a Job', content: { 'text/event-stream': { schema: ref('Job') } } },
    responses: errors,
    handle: (ctx) => streamEvents(ctx, ctx.params.id!),
  },
  {
    method: 'GET',
    path: '/templates',
    calls: 'listTemplates',
    status: 200,
    summary: 'The templates a video can use',
    answer: json('TemplateList', 'templates'),
    responses: { '401': errors['401'] },
    async handle({ res, api }) {
      sendJson(res, 200, { templates: await api.listTemplates() });
    },
  },
  {
    method: 'GET',
    path: '/voices',
    calls: 'listVoices',
    status: 200,
    summary: 'The voices on this machine, and why an engine is not usable',
    answer: json('Voices', 'voices'),
    responses: { '401': errors['401'] },
    async handle({ res, api }) {
      sendJson(res, 200, await api.listVoices());
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    status: 200,
    open: true,
    summary: 'This document',
    answer: { description: 'OpenAPI 3.1' },
    async handle({ res, describe }) {
      sendJson(res, 200, describe());
    },
  },
];

/** The methods a route's path answers, as an Allow header lists them (a GET answers HEAD too). */
export function allowedMethods(route: RestRoute): string[] {
  return route.method === 'GET' && !route.noHead ? ['GET', 'HEAD'] : [route.method];
}

const patterns = new Map(restRoutes.map((r) => [r, new RegExp(`^${r.path.replace(/[.]/g, '\\.').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`)]));

/** The routes whose path matches, with the path's parameters. */
export function routesFor(path: string): Array<{ route: RestRoute; params: Record<string, string> }> {
  return restRoutes.flatMap((route) => {
    const m = patterns.get(route)!.exec(path);
    return m ? [{ route, params: { ...m.groups } }] : [];
  });
}
