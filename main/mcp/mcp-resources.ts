import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StudioError } from '../../preload/contract/errors';
import type { JobView, StudioApi } from '../../preload/contract/studio-api';
import { contentType } from '../api/http/media-access';

/** Files larger than this are not inlined into a resource read (base64 in one JSON message); the path is given instead. */
export const MAX_RESOURCE_BYTES = 64 * 1024 * 1024;

export const fileUri = (jobId: string, name: string) => `reelforge://jobs/${encodeURIComponent(jobId)}/files/${encodeURIComponent(name)}`;
export const mimeType = (file: string) => contentType(file).split(';')[0]!;
const isText = (file: string) => ['.srt', '.vtt', '.ass', '.json', '.txt'].includes(extname(file).toLowerCase());

const filesOf = (job: JobView) => (job.state === 'completed' && job.output ? [job.output, ...(job.companions ?? [])] : []);

/**
 * A finished job's video and caption files, as resources `reelforge://jobs/{id}/files/{name}`:
 * listed for every completed job, read through the StudioApi's job record (so only files the
 * queue delivered can be read, never an arbitrary path).
 */
export function registerResources(server: McpServer, api: StudioApi): void {
  const template = new ResourceTemplate('reelforge://jobs/{jobId}/files/{name}', {
    list: async () => {
      const jobs = await api.listJobs();
      return {
        resources: jobs.flatMap((job) =>
          filesOf(job).map((f) => ({ uri: fileUri(job.id, basename(f)), name: basename(f), title: `${job.title}: ${basename(f)}`, mimeType: mimeType(f) })),
        ),
      };
    },
  });
  server.registerResource('job-file', template, { title: "A finished job's file", description: 'the video or a caption file a completed job delivered' }, async (uri, vars) => {
    const jobId = decodeURIComponent(String(vars.jobId));
    const name = decodeURIComponent(String(vars.name));
    const job = await api.getJob(jobId);
    const file = filesOf(job).find((f) => basename(f) === name);
    if (!file) throw new StudioError('NOT_FOUND', job.state === 'completed' ? `job ${job.id} has no file ${name}` : `job ${job.id} is ${job.state}; its files can be read once it has completed`);
    const size = statSync(file).size;
    if (size > MAX_RESOURCE_BYTES) throw new StudioError('INVALID_INPUT', `${file} is ${size} bytes, too large to send inline; read it from that path`);
    const mime = mimeType(file);
    const body = readFileSync(file);
    return { contents: [isText(file) ? { uri: uri.href, mimeType: mime, text: body.toString('utf8') } : { uri: uri.href, mimeType: mime, blob: body.toString('base64') }] };
  });
}
