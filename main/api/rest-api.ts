import { basename } from 'node:path';
import type { z } from 'zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidInputError, serializeError, StudioError, type ErrorCode } from '../../preload/contract/errors';
import { zodIssues } from '../../preload/contract/issues';
import { makeRequestSchema } from '../../preload/contract/make';
import type { JobView, jobsPageSchema } from '../../preload/contract/studio-api';
import type { HttpRoute } from './bridge-server';
import type { Dispatch } from './dispatch';
import type { EventHub } from './event-hub';
import { followJob } from './follow-job';
import { refuseRequest } from './http-guard';
import { openApiDocument } from './openapi';
import { sendFile } from './send-file';

export interface RestOptions {
  dispatch: Dispatch;
  events: EventHub;
  version: string;
  /** request bodies larger than this are refused (413); a make request is text, 1 MiB is ample */
  maxBodyBytes?: number;
}

const PREFIX = '/api/v1';

type JobsPage = z.output<typeof jobsPageSchema>;

const statusFor: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNSUPPORTED_VERSION: 400,
  NOT_FOUND: 404,
  BUSY: 409,
  CANCELLED: 409,
  FFMPEG_MISSING: 503,
  ENCODER_UNAVAILABLE: 503,
  TTS_UNAVAILABLE: 503,
  PROVIDER_UNAVAILABLE: 503,
  LLM_FAILED: 502,
  PROVIDER_FAILED: 502,
};

class HttpError extends StudioError {
  constructor(
    readonly status: number,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown, overrides: Partial<Record<ErrorCode, number>> = {}, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.destroy();
  const status = err instanceof HttpError ? err.status : err instanceof StudioError ? (overrides[err.code] ?? statusFor[err.code] ?? 500) : 500;
  sendJson(res, status, { error: serializeError(err) }, headers);
}

/** Reads a JSON body up to `limit` bytes; a larger one is refused before it is all read. */
function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return reject(new HttpError(415, 'INVALID_INPUT', 'send the body as JSON (Content-Type: application/json)'));
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(new HttpError(413, 'INVALID_INPUT', `the body is ${declared} bytes; the limit is ${limit}`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpError(413, 'INVALID_INPUT', `the body is larger than ${limit} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (size > limit) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(new InvalidInputError(`the body is not valid JSON: ${(err as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

/**
 * The REST task API under /api/v1: a transport over the StudioApi like the bridge, with the
 * bridge's token and Origin rules. Bodies are checked with the contract's schemas; the work is
 * done by the same handlers and the same queue as every other door.
 */
export function restApiRoute(opts: RestOptions): HttpRoute {
  const limit = opts.maxBodyBytes ?? 1024 * 1024;
  const call = <T>(method: string, ...args: unknown[]) => opts.dispatch(method, args) as Promise<T>;

  return (req, res, { url, path, origin, token }) => {
    if (path !== PREFIX && !path.startsWith(`${PREFIX}/`)) return false;
    const route = path.slice(PREFIX.length).replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';
    const fail = (err: unknown) => sendError(res, err);

    if (route === '/openapi.json' && (method === 'GET' || method === 'HEAD')) {
      // a description of the routes holds nothing private: tools may read it without the token
      sendJson(res, 200, openApiDocument({ version: opts.version, serverUrl: origin }));
      return true;
    }
    const refused = refuseRequest(req, url, { token, origin });
    if (refused) {
      sendJson(res, refused.status, { error: { name: 'AccessDenied', code: 'INVALID_INPUT', message: refused.message } }, refused.status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      req.resume();
      return true;
    }

    const jobUrl = (id: string) => `${origin}${PREFIX}/jobs/${encodeURIComponent(id)}`;
    const only = (...allowed: string[]) => {
      if (allowed.includes(method)) return true;
      res.writeHead(405, { allow: allowed.join(', ') }).end();
      req.resume();
      return false;
    };
    const job = /^\/jobs\/([^/]+)(?:\/(output|events|files\/([^/]+)))?$/.exec(route);

    if (route === '/videos') {
      if (!only('POST')) return true;
      readJson(req, limit)
        .then(async (body) => {
          const parsed = makeRequestSchema.safeParse(body);
          if (!parsed.success) throw new InvalidInputError('the make request is not valid:', zodIssues(parsed.error));
          const created = await call<JobView>('createVideo', parsed.data);
          sendJson(res, 202, { id: created.id, url: jobUrl(created.id), job: created }, { location: jobUrl(created.id) });
        })
        // a template or voice the body names and the studio lacks is a bad request, not a missing
        // route; a full queue is "too many requests", to be tried again later
        .catch((err) => sendError(res, err, { NOT_FOUND: 400, BUSY: 429 }, err instanceof StudioError && err.code === 'BUSY' ? { 'retry-after': '30' } : {}));
    } else if (route === '/jobs') {
      if (!only('GET', 'HEAD')) return true;
      const limit = url.searchParams.get('limit');
      const offset = url.searchParams.get('offset');
      const page = { ...(limit !== null ? { limit: Number(limit) } : {}), ...(offset !== null ? { offset: Number(offset) } : {}) };
      call<JobsPage>('listJobsPage', page)
        .then((p) => {
          const next = p.nextOffset === undefined ? undefined : `${origin}${PREFIX}/jobs?limit=${p.jobs.length}&offset=${p.nextOffset}`;
          sendJson(res, 200, { jobs: p.jobs, total: p.total, ...(next ? { next } : {}) }, next ? { link: `<${next}>; rel="next"` } : {});
        }, fail);
    } else if (route === '/templates') {
      if (!only('GET', 'HEAD')) return true;
      call<unknown[]>('listTemplates').then((templates) => sendJson(res, 200, { templates }), fail);
    } else if (route === '/voices') {
      if (!only('GET', 'HEAD')) return true;
      call('listVoices').then((voices) => sendJson(res, 200, voices), fail);
    } else if (job && !job[2]) {
      const id = job[1]!;
      if (!only('GET', 'HEAD', 'DELETE')) return true;
      if (method === 'DELETE') {
        call('cancelJob', id)
          .then(() => call<JobView>('getJob', id))
          .then((j) => sendJson(res, 200, j), fail);
      } else call<JobView>('getJob', id).then((j) => sendJson(res, 200, j), fail);
    } else if (job && (job[2] === 'output' || job[3])) {
      if (!only('GET', 'HEAD')) return true;
      const name = job[3];
      call<JobView>('getJob', job[1]!)
        .then((j) => {
          if (j.state !== 'completed' || !j.output) throw new HttpError(409, 'NOT_FOUND', `job ${j.id} is ${j.state}; its files are served once it has completed`);
          const files = [j.output, ...(j.companions ?? [])];
          const file = name === undefined ? j.output : files.find((f) => basename(f) === name);
          if (!file) throw new HttpError(404, 'NOT_FOUND', `job ${j.id} has no file ${name} (it has: ${files.map((f) => basename(f)).join(', ')})`);
          // never a page, whatever the output was named: no script runs from a served file
          sendFile(req, res, file, { 'content-disposition': `inline; filename="${basename(file).replace(/["\\\r\n]/g, '_')}"`, 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff' });
        })
        .catch(fail);
    } else if (job && job[2] === 'events') {
      if (!only('GET')) return true;
      streamEvents(res, opts, job[1]!).catch(fail);
    } else {
      sendJson(res, 404, { error: { name: 'StudioError', code: 'NOT_FOUND', message: `no route ${method} ${path}` } });
      req.resume();
    }
    return true;
  };
}

/** Server-sent events: the job now, then at every change, until it has finished. */
async function streamEvents(res: ServerResponse, opts: RestOptions, id: string) {
  const first = (await opts.dispatch('getJob', [id])) as JobView; // a 404 before the stream starts
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.flushHeaders();
  const stop = new AbortController();
  // a comment line now and then keeps proxies and idle timers from closing a quiet stream
  const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  res.on('close', () => stop.abort());
  let n = 0;
  const send = (job: JobView) => res.write(`id: ${++n}\nevent: job\ndata: ${JSON.stringify(job)}\n\n`);
  try {
    await followJob(opts.dispatch, opts.events, first.id, send, { signal: stop.signal });
    res.write('event: end\ndata: {}\n\n');
  } catch {
    // the client went away, or the job vanished: either way the stream is over
  } finally {
    clearInterval(beat);
    res.end();
  }
}
