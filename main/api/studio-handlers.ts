import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { capabilitiesOf, locateTools } from '../config/runtime-config';
import { modelsDir } from '../paths';
import { checkMediaFiles } from '../project/load-project';
import { addProjectJob } from '../pipeline/project-job';
import { deleteProject, getProject, listProjects, saveProject } from '../store/projects';
import { exportDocument, exportPath, outputFolder, postStages } from './export-job';
import { toJobView } from './job-view';
import { createMakeHandlers } from './make-handlers';
import { createVoiceHandlers } from './voice-handlers';
import { createAgentHandlers } from './agent-handlers';
import { createProviderHandlers } from './provider-handlers';
import { createFarmHandlers } from './farm-handlers';
import { createTemplateHandlers } from './template-handlers';
import { importMedia } from './media-import';
import { renderPreview } from './preview';
import { renderFramePreview } from './frame-preview';
import { WarmStills } from '../render/warm-still';
import { createPreviewStreams } from './preview-stream';
import { describeOutput } from './output-info';
import { summarize } from './project-summary';
import { refuseTypedFfmpegPath, verifyFfmpegBinary } from './ffmpeg-choice';
import { loadSettings, refuseSettingsFromAgents, saveSettings } from './settings-store';
import { outputDoor } from './make-handlers';
import { checkOutputPath, projectInputs } from '../files/output-policy';
import type { StudioContext } from './studio-context';

/**
 * The one StudioApi implementation. Each method is thin: it composes the store, the queue, the
 * render pipeline, the templates and FFmpeg's probes; IPC and the WebSocket bridge both call it
 * through dispatch(), which has already parsed the arguments.
 */
export function createHandlers(ctx: StudioContext): StudioHandlers {
  const { db, queue, dirs, events } = ctx;
  // the FFmpeg chosen in Settings, through the configuration the queue's renders use too
  const tools = () => locateTools(ctx.config);
  const stored = (id: string) => {
    const p = getProject(db, id);
    if (!p) throw new StudioError('NOT_FOUND', `no project ${id} (it may have been deleted)`);
    return p;
  };
  const changed = (...ids: string[]) => events.emit('projectsChanged', { ids });
  let preview: AbortController | undefined;
  let still: AbortController | undefined;
  // the editor's next frame finds FFmpeg already started (the studio's close stops it with every process)
  const warmStills = new WarmStills(join(dirs.previews, 'frames'));
  const streams = createPreviewStreams({ dir: dirs.previews, events, config: ctx.config });

  return {
    ...createMakeHandlers(ctx),
    ...createVoiceHandlers(ctx),
    ...createAgentHandlers(ctx),
    ...createProviderHandlers(ctx),
    ...createFarmHandlers(ctx),
    ...createTemplateHandlers(ctx),
    getAppInfo: async () => ({ version: ctx.version, platform: process.platform, transport: ctx.transport, home: dirs.home }),
    listProjects: async () => listProjects(db).map((p) => summarize({ ...p, document: stored(p.id).document })),
    getProject: async (id) => ({ ...stored(id).document, id }),
    saveProject: async (project) => {
      const saved = saveProject(db, project, project.id);
      changed(saved.id);
      return summarize(saved);
    },
    duplicateProject: async (id) => {
      const src = stored(id).document;
      const copy = saveProject(db, { ...src, id: randomUUID(), title: `${src.title} (copy)` });
      changed(copy.id);
      return summarize(copy);
    },
    renameProject: async (id, title) => {
      const saved = saveProject(db, { ...stored(id).document, title }, id);
      changed(id);
      return summarize(saved);
    },
    deleteProject: async (id) => {
      if (!deleteProject(db, id)) throw new StudioError('NOT_FOUND', `no project ${id}`);
      changed(id);
    },
    importMedia: async (sources) => {
      const t = tools();
      const items = [];
      for (const s of sources) items.push(await importMedia(s, dirs.library, { ffprobe: t.ffprobe.path, ffmpeg: t.ffmpeg.path }));
      return items;
    },
    renderPreview: async ({ project, sceneIndex }) => {
      if (sceneIndex !== undefined && sceneIndex >= project.scenes.length) throw new InvalidInputError(`there is no scene ${sceneIndex + 1}`);
      // A new preview replaces the one still rendering: only the latest edit is worth seeing.
      preview?.abort();
      const controller = (preview = new AbortController());
      const settings = loadSettings(db);
      try {
        return await renderPreview({ project, sceneIndex, height: settings.previewHeight, dir: dirs.previews, config: ctx.config, encoder: settings.encoder, signal: controller.signal });
      } finally {
        if (preview === controller) preview = undefined;
      }
    },
    streamPreview: async ({ project, sceneIndex, offset, scope }) => {
      if (sceneIndex >= project.scenes.length) throw new InvalidInputError(`there is no scene ${sceneIndex + 1}`);
      const settings = loadSettings(db);
      return streams.start({ project, sceneIndex, offset, scope, height: settings.previewHeight, encoder: settings.encoder });
    },
    stopPreviewStream: async ({ id }) => streams.stop(id),
    renderFrame: async ({ project, sceneIndex, offset }) => {
      if (sceneIndex >= project.scenes.length) throw new InvalidInputError(`there is no scene ${sceneIndex + 1}`);
      // scrubbing asks faster than frames are drawn: only the newest position is worth finishing
      still?.abort();
      const controller = (still = new AbortController());
      try {
        return await renderFramePreview({ project, sceneIndex, offset, height: loadSettings(db).previewHeight, dir: dirs.previews, config: ctx.config, signal: controller.signal, warm: warmStills });
      } finally {
        if (still === controller) still = undefined;
      }
    },
    enqueueRender: async (req) => {
      const doc = exportDocument(stored(req.projectId).document, req);
      const missing = checkMediaFiles(doc);
      if (missing.length) throw new InvalidInputError('the project refers to media that cannot be used:', missing);
      const settings = loadSettings(db);
      const encoder = req.encoder ?? settings.encoder;
      const { door, allowedFolders } = outputDoor(ctx, settings);
      const output = checkOutputPath(exportPath(outputFolder(req, dirs.renders), doc.title, new Date(), req.fileName), { home: dirs.home, door, allowed: allowedFolders, inputs: projectInputs(doc), ownFolders: [settings.modelFolder] });
      // Settings → Render farm: the render's chunks go to the farm's workers (this studio mixes the sound and joins them)
      const farm = settings.farm.enabled && ctx.config.farm ? { chunkSeconds: settings.farm.chunkSeconds } : undefined;
      const job = await addProjectJob(queue, { ...doc, id: req.projectId }, { output, encoder: encoder === 'auto' ? undefined : encoder, post: postStages(req, settings), outputRules: { door, allowed: allowedFolders }, farm });
      return toJobView(job);
    },
    listJobs: async () => queue.list({ limit: 200 }).map((j) => toJobView(j, queue)),
    listJobsPage: async ({ limit, offset }) => {
      const jobs = queue.list({ limit, offset }).map((j) => toJobView(j, queue));
      const total = queue.count();
      return { jobs, total, ...(offset + jobs.length < total ? { nextOffset: offset + jobs.length } : {}) };
    },
    cancelJob: async (id) => void (await queue.cancel(id)),
    retryJob: async (id) => toJobView(queue.retry(id)),
    describeOutput: async (id) => {
      const job = queue.get(id);
      if (job.state !== 'completed' || !job.output || !existsSync(job.output)) throw new StudioError('NOT_FOUND', 'this job has no finished video (it may have been moved or deleted)');
      const t = tools();
      return describeOutput(job.output, { ffmpeg: t.ffmpeg.path, ffprobe: t.ffprobe.path, thumbsDir: join(dirs.previews, 'thumbs') });
    },
    chooseFolder: async ({ title }) => {
      if (!ctx.chooseFolder) throw new StudioError('NOT_FOUND', 'there is no folder dialog in a browser: the video downloads to this computer when it is ready');
      return { path: await ctx.chooseFolder({ title }) };
    },
    revealOutput: async (id) => {
      const job = queue.get(id);
      if (job.state !== 'completed' || !job.output) throw new StudioError('NOT_FOUND', 'this job has no finished output yet');
      return { path: job.output, shown: ctx.reveal(job.output) };
    },
    getSettings: async () => loadSettings(db),
    updateSettings: async (patch) => {
      const current = loadSettings(db);
      refuseTypedFfmpegPath(patch.ffmpegPath, current.ffmpegPath);
      refuseSettingsFromAgents(ctx.transport, patch, current);
      return saveSettings(db, patch, ctx.config);
    },
    chooseFfmpeg: async () => {
      if (!ctx.chooseFile) throw new StudioError('NOT_FOUND', 'there is no file dialog here: choose FFmpeg in the desktop app, or start `reelforge serve` with REELFORGE_FFMPEG set');
      const path = await ctx.chooseFile({ title: 'Choose the FFmpeg program' });
      if (!path) return loadSettings(db);
      await verifyFfmpegBinary(path);
      return saveSettings(db, { ffmpegPath: path }, ctx.config);
    },
    getCapabilities: async ({ refresh }) => {
      let located;
      try {
        located = tools();
      } catch (err) {
        return { ffmpegError: (err as Error).message, encoders: [], upscalerProviders: [], upscalerPending: ctx.upscalerNote };
      }
      const caps = await capabilitiesOf(ctx.config, located, { refresh });
      return {
        ffmpeg: { path: located.ffmpeg.path, source: located.ffmpeg.source, version: caps.version },
        encoders: caps.videoEncoders.map((e) => ({ name: e.name, hardware: e.hardware, listed: e.listed, works: e.works, reason: e.reason })),
        upscalerProviders: await ctx.upscalerProviders(),
        upscalerPending: ctx.upscalerNote,
      };
    },
  };
}
