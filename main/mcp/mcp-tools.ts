import { basename } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { serializeError } from '../../preload/contract/errors';
import { jobStateSchema } from '../../preload/contract/jobs';
import { studioMethods, type JobView, type StudioApi, type StudioMethodName } from '../../preload/contract/studio-api';
import { followJob, isFinished } from '../api/follow-job';
import { fileUri, mimeType } from './mcp-resources';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** The schema of a StudioApi method's one argument: a tool's input is what the method takes. */
const argOf = <M extends StudioMethodName>(method: M): (typeof studioMethods)[M]['args']['def']['items'][0] => studioMethods[method].args.def.items[0];
const resultOf = <M extends StudioMethodName>(method: M): (typeof studioMethods)[M]['result'] => studioMethods[method].result;

const text = (value: unknown) => ({ type: 'text' as const, text: JSON.stringify(value, null, 2) });

/** A structured result, with the same JSON as text for clients that read only text. */
const ok = (structured: Record<string, unknown>, more: CallToolResult['content'] = []): CallToolResult => ({ content: [text(structured), ...more], structuredContent: structured });

/** A failure the agent can read and act on: the code, the message (with every bad field), never a crash. */
function toolError(err: unknown): CallToolResult {
  const e = serializeError(err);
  return { isError: true, content: [{ type: 'text', text: `${e.code}: ${e.message}` }] };
}

/** Links to a finished job's files, readable as resources of this server. */
function fileLinks(job: JobView): CallToolResult['content'] {
  if (job.state !== 'completed' || !job.output) return [];
  return [job.output, ...(job.companions ?? [])].map((f) => ({ type: 'resource_link' as const, uri: fileUri(job.id, basename(f)), name: basename(f), mimeType: mimeType(f) }));
}

/**
 * A job as a result: a failed or cancelled one leads with its reason. For create_video, which was
 * asked to make a video, a job that did not complete is a tool error (with the job attached).
 */
function jobResult(job: JobView, failureIsError = false): CallToolResult {
  const result = ok(job, fileLinks(job));
  if (job.state !== 'failed' && job.state !== 'cancelled') return result;
  const why = job.error?.message ?? (job.state === 'cancelled' ? 'cancelled' : 'no reason was recorded');
  return { ...result, isError: failureIsError || undefined, content: [{ type: 'text', text: `job ${job.id} ${job.state}: ${why}` }, ...result.content] };
}

/**
 * Follows a job to its end, sending MCP progress notifications (percent of the whole job, with the
 * stage and the time left) when the client asked for them with a progress token. Progress only
 * ever rises, as the protocol requires, even when a retried stage starts again from zero.
 */
async function waitForJob(api: StudioApi, id: string, extra: Extra): Promise<JobView> {
  const token = extra._meta?.progressToken;
  let sent = -1;
  return followJob(
    api,
    id,
    (job) => {
      if (token === undefined) return;
      const percent = Math.round(job.progress * 1000) / 10;
      if (percent <= sent && !isFinished(job)) return;
      sent = Math.max(sent, percent);
      const eta = job.eta !== undefined && !isFinished(job) ? `, about ${Math.ceil(job.eta)} s left` : '';
      void extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: sent, total: 100, message: `${job.state}${job.stage ? ` · ${job.stage}` : ''}${eta}` } })
        .catch(() => undefined);
    },
    { signal: extra.signal },
  );
}

/**
 * The tools. Each is a call through the StudioApi (the in-process client over the dispatch every
 * door uses); its input and output schemas are the contract's entries for that method.
 */
export function registerTools(server: McpServer, api: StudioApi): void {
  const guard =
    <A>(fn: (args: A, extra: Extra) => Promise<CallToolResult>) =>
    async (args: A, extra: Extra): Promise<CallToolResult> => {
      try {
        return await fn(args, extra);
      } catch (err) {
        return toolError(err);
      }
    };

  server.registerTool(
    'create_video',
    {
      title: 'Make a video',
      description:
        'Queues a video made from a script (or a topic: written by the given LLM, or laid out from the template\'s hook, points and call to action), with a voice, ' +
        'word-synced captions, media from folders, a template\'s look, a format and optional upscaling. Returns the job at once; when the call carries a progress ' +
        'token it instead follows the job, sending progress, and returns the finished job with links to its video and caption files. ' +
        'For a quick small draft pass settings {"preset":"shorts-1080","width":360,"height":640}. ' +
        'An `output`, if given, is a full path under the app\'s renders folder or the user\'s Videos folder (or a folder the user allowed in Settings), and never an existing file Reelforge did not make; without it the video goes to the renders folder.',
      inputSchema: argOf('createVideo'),
      outputSchema: resultOf('createVideo'),
    },
    guard(async (request, extra) => {
      const job = await api.createVideo(request);
      if (extra._meta?.progressToken === undefined) return ok(job);
      return jobResult(await waitForJob(api, job.id, extra), true);
    }),
  );

  server.registerTool(
    'get_job',
    {
      title: 'A job',
      description: 'A job\'s state (waiting, active, paused, completed, failed, cancelled), stage, progress 0..1, seconds left, error, output and caption files. With wait: true, returns when the job has finished (sending progress when the call carries a progress token).',
      inputSchema: { id: argOf('getJob').describe('the job id'), wait: z.boolean().default(false).describe('return only when the job has finished') },
      outputSchema: resultOf('getJob'),
    },
    guard(async ({ id, wait }, extra) => {
      const job = await api.getJob(id);
      return jobResult(wait && !isFinished(job) ? await waitForJob(api, job.id, extra) : job);
    }),
  );

  server.registerTool(
    'list_jobs',
    {
      title: 'The queue',
      description: 'The jobs in the queue, newest first; optionally only those in one state.',
      inputSchema: { state: jobStateSchema.optional().describe('only jobs in this state') },
      outputSchema: { jobs: resultOf('listJobs') },
    },
    guard(async ({ state }) => {
      const jobs = await api.listJobs();
      return ok({ jobs: state ? jobs.filter((j) => j.state === state) : jobs });
    }),
  );

  server.registerTool(
    'cancel_job',
    {
      title: 'Cancel a job',
      description: 'Cancels a waiting or running job: its processes are stopped and its partial files removed. Returns the job afterwards.',
      inputSchema: { id: argOf('cancelJob').describe('the job id') },
      outputSchema: resultOf('getJob'),
      annotations: { destructiveHint: true, idempotentHint: true },
    },
    guard(async ({ id }) => {
      await api.cancelJob(id);
      return ok(await api.getJob(id));
    }),
  );

  server.registerTool(
    'list_templates',
    { title: 'Templates', inputSchema: {}, description: 'The templates a video can use: id, name, description, font, colours, transition, caption position.', outputSchema: { templates: resultOf('listTemplates') }, annotations: { readOnlyHint: true } },
    guard(async () => ok({ templates: await api.listTemplates() })),
  );

  server.registerTool(
    'list_voices',
    { title: 'Voices', inputSchema: {}, description: 'The voices on this machine (id = engine:name, what create_video\'s voice takes) and, for every engine, whether it is usable and why not.', outputSchema: resultOf('listVoices'), annotations: { readOnlyHint: true } },
    guard(async () => ok(await api.listVoices())),
  );

  server.registerTool(
    'generate_script',
    {
      title: 'Write a script',
      description: 'A script (title, language, scenes with narration, keywords and role) for a topic: by the given OpenAI-compatible LLM, or from the template\'s structure and your main points. Nothing is queued.',
      inputSchema: argOf('generateScript'),
      outputSchema: resultOf('generateScript'),
    },
    guard(async (request) => ok(await api.generateScript(request))),
  );

  server.registerTool(
    'synthesize_voice',
    {
      title: 'Speak a text',
      description: 'Speech for a text with a voice, as a WAV file, with when each word is heard (seconds). Already spoken texts come from the cache.',
      inputSchema: argOf('synthesizeVoice'),
      outputSchema: resultOf('synthesizeVoice'),
    },
    guard(async (request) => {
      const r = await api.synthesizeVoice(request);
      return ok(r, [{ type: 'resource_link', uri: `file://${encodeURI(r.path)}`, name: basename(r.path), mimeType: 'audio/wav' }]);
    }),
  );

  server.registerTool(
    'caption_video',
    {
      title: 'Caption a video',
      description: 'Caption files (SRT, VTT, ASS) for an existing video from the script spoken in it, timed to the speech in its audio and paged with a template\'s caption style. Written next to the video (or in outputDir), which must be under the app\'s renders folder or the user\'s Videos folder (or a folder the user allowed); an existing file is never replaced.',
      inputSchema: argOf('captionVideo'),
      outputSchema: resultOf('captionVideo'),
    },
    guard(async (request) => ok(await api.captionVideo(request))),
  );
}
