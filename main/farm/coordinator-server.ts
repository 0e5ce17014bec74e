import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sameToken } from '../api/http/http-guard';
import { sendFile } from '../api/http/send-file';

/** What every farm chunk has, whatever it makes (a render's frames, an upscale's): served as JSON by its id. */
export interface FarmChunk {
  id: string;
  index: number;
  count: number;
  frames: number;
}

/** One farm render (or whole job) the coordinator serves: its token, its files by hash, its chunks. */
export interface ServedJob {
  token: string;
  /** content hash → the file on the coordinator (never sent: workers ask by hash) */
  blobs: Map<string, string>;
  specs: Map<string, FarmChunk>;
  /** where verified chunk results land, as <chunk id>.mp4 */
  resultsDir: string;
  /** checks an uploaded result before it is accepted (its frames, its streams); throws to refuse */
  verify(spec: FarmChunk, file: string): Promise<void>;
  /** told when a chunk's result has been stored (the first verified upload of it) */
  onResult?(spec: FarmChunk, worker: string): void;
}

export const resultPath = (job: Pick<ServedJob, 'resultsDir'>, chunk: string) => join(job.resultsDir, `${chunk}.mp4`);

/**
 * The coordinator's HTTP door for workers: a chunk's description, the files it reads (by content
 * hash, with Range for resuming), and the upload of its result, verified by hash. Every call
 * carries the farm job's own token; a job that is cancelled or finished is gone (410), which is
 * how a worker still fetching for it learns to stop.
 */
export class CoordinatorServer {
  private readonly jobs = new Map<string, ServedJob>();
  private server: Server | undefined;
  url = '';

  async start(host: string, port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String((err as Error).message ?? err));
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Serves a job; the token is made here (32 random bytes) unless one is given (a resumed job). */
  serve(farmJob: string, job: Omit<ServedJob, 'token'> & { token?: string }): ServedJob {
    const served = { ...job, token: job.token ?? randomBytes(32).toString('base64url') };
    mkdirSync(served.resultsDir, { recursive: true });
    this.jobs.set(farmJob, served);
    return served;
  }

  forget(farmJob: string): void {
    this.jobs.delete(farmJob);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://farm');
    const m = /^\/farm\/v1\/jobs\/([\w.-]+)\/(chunks|blobs)\/([0-9a-f]+)$/.exec(url.pathname);
    if (!m) return void res.writeHead(404).end('not found');
    const [, farmJob, kind, id] = m as unknown as [string, string, string, string];
    const job = this.jobs.get(farmJob);
    // a finished or cancelled job is gone: the worker stops working for it
    if (!job) return void res.writeHead(410).end('this farm job is finished or cancelled');
    const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!sameToken(auth, job.token)) return void res.writeHead(401).end('missing or wrong token');

    if (kind === 'blobs') {
      const file = job.blobs.get(id);
      if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) return void res.writeHead(404).end('no such file in this job');
      return sendFile(req, res, file, { 'content-type': 'application/octet-stream' });
    }
    const spec = job.specs.get(id);
    if (!spec) return void res.writeHead(404).end('no such chunk in this job');
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(spec));
    }
    if (req.method === 'PUT') return this.receive(req, res, job, spec);
    res.writeHead(405).end();
  }

  /** A chunk's result: stored only if its bytes hash as the worker says and it passes the job's check; the first one wins. */
  private async receive(req: IncomingMessage, res: ServerResponse, job: ServedJob, spec: FarmChunk): Promise<void> {
    const claimed = String(req.headers['x-content-sha256'] ?? '');
    const worker = String(req.headers['x-farm-worker'] ?? 'a worker').slice(0, 200);
    const final = resultPath(job, spec.id);
    if (existsSync(final)) {
      req.resume();
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: false, reason: 'already have it' }));
    }
    const temp = join(job.resultsDir, `.${spec.id}.${randomBytes(6).toString('hex')}.upload.mp4`);
    const hash = createHash('sha256');
    try {
      req.on('data', (c: Buffer) => hash.update(c));
      await pipeline(req, createWriteStream(temp));
      const actual = hash.digest('hex');
      if (actual !== claimed) return void res.writeHead(422).end(`the upload hashes to ${actual}, not ${claimed}: sent again?`);
      try {
        await job.verify(spec, temp);
      } catch (err) {
        return void res.writeHead(422).end(`the chunk was refused: ${(err as Error).message}`);
      }
      if (existsSync(final)) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: false, reason: 'already have it' }));
      renameSync(temp, final);
      job.onResult?.(spec, worker);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stored: true }));
    } finally {
      rmSync(temp, { force: true });
    }
  }
}
