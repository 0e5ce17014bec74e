import { randomUUID } from 'node:crypto';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { NamedInput } from '../files/output-guard';
import { checkOutputPath, madeByQueue, type OutputDoor } from '../files/output-policy';
import { refuseLaterFailures } from './check-request';
import { scanMedia } from '../media/media-library';
import { InvalidInputError } from '../../preload/contract/errors';
import type { Job, StageSpec } from '../../preload/contract/jobs';
import { makeRequestSchema, type MakeRequestInput } from '../../preload/contract/make';
import type { Template } from '../../preload/contract/template';
import { zodIssues } from '../../preload/contract/issues';
import type { JobQueue } from '../queue/job-queue';
import { TemplateLibrary } from '../templates/template-library';
import type { MakeJobInput } from './make-input';
import { voiceRequestIssues } from '../voices/resolve-voice';
import { speakerOf } from '../script/speakers';
import { farmRenderOptions, farmUpscaleOptions } from '../pipeline/project-job';
import { slugOf } from '../files/slug';

export interface EnqueueMakeOptions {
  /** the studio's media library, matched when the request asks for it */
  library?: string;
  /** where a video without an explicit output goes (<home>/renders) */
  rendersDir: string;
  /** a template document to use instead of looking up request.templateId (a template file) */
  template?: Template;
  /** the LLM configured in Settings, used for a topic when the request names none */
  llm?: { baseUrl: string; model: string };
  priority?: number;
  /** files the caller read that the output must not replace (the CLI's script file, a template file) */
  inputs?: NamedInput[];
  /**
   * Who asks: `local` (the CLI, the desktop app) or `agent` (REST, MCP, the loopback bridge), which
   * may write only under `allowedFolders` and never over a file the app did not make.
   */
  door?: OutputDoor;
  allowedFolders?: string[];
  /** render on the process's render farm (provider stages stay here; only the render goes out) */
  farm?: { chunkSeconds?: number };
}

const slug = (s: string) => slugOf(s, { fallback: 'video', max: 40 });

/** The stages of a make job, in order; the render half only when the request wants a video. */
export function makeStages(r: { render: boolean; captions: string; upscale?: number; encoder?: string; clips?: unknown[]; avatar?: unknown }, projectId: string, farm?: { chunkSeconds?: number }): StageSpec[] {
  const stages: StageSpec[] = [
    { name: 'script', options: {} },
    { name: 'voice', options: {} },
    { name: 'media', options: {} },
    // the id is in the options so the queue (and JobView) can tell which library project the job builds
    { name: 'project', options: { projectId } },
  ];
  if (!r.render) return stages;
  // Paid online visuals are made only for a render (a project kept for the studio makes them when it is rendered).
  if (r.clips?.length) stages.push({ name: 'clips', options: {} });
  if (r.avatar) stages.push({ name: 'avatars', options: {} });
  stages.push({ name: 'prepare-media', options: {} }, { name: 'render', options: { ...(r.encoder ? { encoder: r.encoder } : {}), ...farmRenderOptions(farm) } });
  // Caption files when asked for; the credits of stock media whenever there are any.
  stages.push({ name: 'sidecars', options: { captions: r.captions === 'sidecar' || r.captions === 'both' } });
  if (r.upscale) stages.push({ name: 'upscale', options: { scale: r.upscale, ...(farm ? farmUpscaleOptions(farm) : {}) } });
  return stages;
}

/**
 * The one door to the make pipeline: the CLI's `make` and `batch`, the studio, the bridge and the
 * agent servers all call this. It validates the request, fixes the decisions a job must keep for
 * its life (template document, project id, output path, media folders) and queues the job.
 */
export async function enqueueMake(queue: JobQueue, input: MakeRequestInput, opts: EnqueueMakeOptions): Promise<Job> {
  const parsed = makeRequestSchema.safeParse(input);
  if (!parsed.success) throw new InvalidInputError('the video request is not valid:', zodIssues(parsed.error));
  const request = parsed.data;
  // a voice is checked before a job exists: a job must never carry a voice no engine could be
  const voiceIssues = voiceRequestIssues(request);
  if (voiceIssues.length) throw new InvalidInputError('the video request is not valid:', voiceIssues);
  const template = opts.template ?? new TemplateLibrary({ db: queue.db, home: queue.home }).get(request.templateId);
  const llm = request.llm ?? (request.topic && opts.llm?.baseUrl && opts.llm.model ? opts.llm : undefined);
  const door = opts.door ?? 'local';
  if (door === 'agent') {
    const relative = request.mediaFolders.find((f) => !isAbsolute(f));
    if (relative !== undefined) throw new InvalidInputError('the video request is not valid:', [{ path: 'mediaFolders', message: `give full paths (got “${relative}”, which would depend on the server’s working folder)` }]);
  }
  const mediaFolders = [...request.mediaFolders.map((f) => resolve(f)), ...(request.matchLibrary && opts.library ? [opts.library] : [])];
  const title = request.title ?? (request.topic ? request.topic : firstLine(request.script ?? '', Object.keys(request.speakers ?? {}))) ?? 'Untitled';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  refuseLaterFailures(request);
  const wanted = request.render ? (request.output ?? join(opts.rendersDir, `${slug(title)}-${stamp}.mp4`)) : undefined;
  // Before any work: the video must not land on one of the files it is made from, on the app's
  // own files, on a special file, or (for other programs) outside the folders the user allowed.
  let output: string | undefined;
  if (wanted) {
    const media = mediaFolders.length ? scanMedia(mediaFolders).map((m) => ({ file: m.path, what: `a media file in ${dirname(m.path)}` })) : [];
    const music = template.music.file ? [{ file: template.music.file, what: "the template's music" }] : [];
    const fonts = template.style.fonts.map((f) => ({ file: f.file, what: `the template's font ${f.family}` }));
    const policy = { home: queue.home, door, allowed: opts.allowedFolders, madeByApp: (p: string) => madeByQueue(queue.db, p) };
    output = checkOutputPath(wanted, { ...policy, inputs: [...media, ...music, ...fonts, ...(opts.inputs ?? [])] });
    // caption files go beside the video under its name: the same rules for them
    if (request.captions === 'sidecar' || request.captions === 'both') for (const x of ['.srt', '.vtt', '.ass']) checkOutputPath(output.replace(/\.[^./\\]+$/, x), { ...policy, madeByApp: () => madeByQueue(queue.db, output!) });
  }
  const projectId = request.projectId ?? randomUUID();
  // An API key is a secret: it stays out of the stored job (the script stage reads it from its caller's configuration).
  const stored: MakeJobInput = {
    kind: 'make',
    request: { ...request, title, templateId: template.id, ...(llm ? { llm: { baseUrl: llm.baseUrl, model: llm.model } } : {}), ...(output ? { output } : {}) },
    template,
    projectId,
    mediaFolders,
  };
  return queue.add(
    {
      title,
      input: stored,
      output,
      priority: opts.priority,
      stages: makeStages(request, projectId, opts.farm),
    },
    { outputRules: { door, allowed: opts.allowedFolders ?? [] } },
  );
}

function firstLine(text: string, speakers: string[]): string | undefined {
  // a speaker's tag is no part of a title
  const line = text.split(/\r?\n/).map((l) => speakerOf(l.replace(/^#\s*/, ''), speakers).text.trim()).find(Boolean);
  return line ? line.slice(0, 80) : undefined;
}
