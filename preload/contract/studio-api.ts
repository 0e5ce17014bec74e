import { z } from 'zod';
import { voiceKinds } from './voice-names';
import { BRIDGE_MAX_BASE64_CHARS } from './bridge';
import { serializedErrorSchema } from './errors';
import { jobStateSchema } from './jobs';
import { captionModes, llmEndpointSchema, makeRequestSchema } from './make';
import { scriptSchema } from './script';
import { presetSchema, projectSchema, userFontSchema } from './project';
import { templateSchema } from './template';
import { providerIdSchema, providerInfoSchema, providerKeySchema, providerTestResultSchema } from './providers';
import { settingsPatchSchema, studioSettingsSchema } from './settings';
import { voiceModelActionSchema, voiceModelStateSchema } from './voice-model';
import { farmSettingsViewSchema, farmStatusSchema, setFarmRequestSchema } from './farm';

/**
 * The StudioApi: every call the renderer can make into main, and every event main pushes back,
 * as data. The method table below is the single source: the TypeScript interface, the IPC channel
 * table, the preload bridge, the WebSocket bridge and the argument checks are all derived from it,
 * so adding a method is one entry here plus its implementation in main/api/.
 */

const id = z.string().min(1).max(200);

/** A project as the library lists it (the document itself stays in the store until opened). */
export const projectSummarySchema = z.object({
  id,
  title: z.string(),
  template: z.string().optional(),
  sceneCount: z.number().int(),
  /** seconds, with `fit` scenes estimated from their narration */
  durationSeconds: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

/** A project document that has been saved at least once: it has an id. */
export const storedProjectSchema = projectSchema.safeExtend({ id });
export type StoredProject = z.infer<typeof storedProjectSchema>;



/** A template as the gallery shows it: enough to draw a preview swatch and to describe it. */
export const templateSummarySchema = z.object({
  id,
  name: z.string(),
  description: z.string().default(''),
  font: z.string(),
  colors: z.object({ background: z.string(), text: z.string(), accent: z.string() }),
  transition: z.string(),
  captionPosition: z.string(),
  /** the format the template was designed for; a new video uses it unless the user picks another */
  preset: z.string().optional(),
  /** built-in and file templates are read-only; user templates (in the database) are edited here */
  source: z.enum(['built-in', 'file', 'user']).default('built-in'),
  /** changes whenever the template does: its thumbnail is drawn again */
  hash: z.string().default(''),
});
export type TemplateSummary = z.infer<typeof templateSummarySchema>;

/** A restyled document and, in words, what took the template's look and what was kept as the user set it. */
export const templateAppliedSchema = z.object({
  project: storedProjectSchema,
  changed: z.array(z.string()),
  kept: z.array(z.string()),
});

/** A whole template, for the editor. */
export const templateEntrySchema = z.object({
  template: templateSchema,
  source: templateSummarySchema.shape.source,
  hash: z.string(),
});

/** A template as a file the user can carry: JSON, or a zip with its fonts and music. */
export const templateFileSchema = z.object({
  /** under the previews folder, so the page can fetch it (a dragged-out card hands it to the desktop) */
  path: z.string(),
  fileName: z.string(),
});

export const fontListSchema = z.object({
  /** families that ship with the app */
  bundled: z.array(z.string()),
  /** families the built-in templates use (Noto Serif comes from the system, Inter is bundled) */
  looks: z.array(z.string()).default([]),
  /** families installed on this computer (fontconfig); empty where it cannot be asked */
  system: z.array(z.string()).default([]),
  /** fonts the user added (copied into the app's data) */
  user: z.array(userFontSchema),
});

export const mediaKinds = ['image', 'video', 'audio'] as const;
export const mediaItemSchema = z.object({
  /** absolute path in the media library, usable in a project document */
  path: z.string(),
  name: z.string(),
  kind: z.enum(mediaKinds),
  width: z.number().optional(),
  height: z.number().optional(),
  /** seconds; absent for stills */
  duration: z.number().optional(),
});
export type MediaItem = z.infer<typeof mediaItemSchema>;

/**
 * A file to import. Electron hands the renderer real paths (webUtils.getPathForFile); a plain
 * browser on the bridge cannot, so it sends the bytes (base64) and main writes them into the library.
 */
export const mediaSourceSchema = z.union([
  z.object({ name: z.string().min(1).max(255), path: z.string().min(1) }),
  z.object({ name: z.string().min(1).max(255), base64: z.string().max(BRIDGE_MAX_BASE64_CHARS) }),
]);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

/** A job as the queue panel shows it: a projection of the queue's own record. */
/** A page of the queue: `limit` jobs after skipping `offset`, newest first. */
export const jobsPageRequestSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
});
export const jobViewSchema = z.object({
  id,
  kind: z.string(),
  title: z.string(),
  state: jobStateSchema,
  stage: z.string().optional(),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  /** seconds left, when known */
  eta: z.number().optional(),
  attempt: z.number().int().default(1),
  output: z.string().optional(),
  /** files delivered next to the output (caption sidecars) */
  companions: z.array(z.string()).optional(),
  /** the library project a make job built (set once its project stage has run) */
  projectId: z.string().optional(),
  /** generated clips and avatars: which service made each, how long it took, what it costs */
  online: z.array(z.string()).optional(),
  error: serializedErrorSchema.optional(),
  /** seconds the job ran (started → finished), for a finished job */
  elapsedSeconds: z.number().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type JobView = z.infer<typeof jobViewSchema>;
export const jobsPageSchema = z.object({
  jobs: z.array(jobViewSchema),
  /** every job in the queue */
  total: z.number().int(),
  /** the offset of the next page; absent on the last one */
  nextOffset: z.number().int().optional(),
});

export const capabilitiesSchema = z.object({
  ffmpeg: z.object({ path: z.string(), source: z.string(), version: z.string() }).optional(),
  ffmpegError: z.string().optional(),
  encoders: z.array(z.object({ name: z.string(), hardware: z.boolean(), listed: z.boolean(), works: z.boolean(), reason: z.string().optional() })),
  upscalerProviders: z.array(z.object({ name: z.string(), available: z.boolean(), reason: z.string().optional() })),
  upscalerPending: z.string().optional(),
});
export type Capabilities = z.infer<typeof capabilitiesSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  platform: z.string(),
  transport: z.enum(['ipc', 'bridge']),
  home: z.string(),
});

export const previewRequestSchema = z.object({
  project: storedProjectSchema,
  /** render only this scene; absent = the whole project */
  sceneIndex: z.number().int().min(0).optional(),
});
export const previewResultSchema = z.object({ path: z.string(), durationSeconds: z.number() });

/**
 * "Play": a preview render streamed while it is made. The whole video from `offset` seconds into
 * scene `sceneIndex` (the playhead), or that scene alone with `scope: 'scene'`.
 */
export const streamRequestSchema = z.object({
  project: storedProjectSchema,
  sceneIndex: z.number().int().min(0),
  offset: z.number().min(0).max(3600).default(0),
  scope: z.enum(['project', 'scene']).default('project'),
});
/**
 * Answered once the first fragment is written: `path` (served like previews) grows as the render
 * goes on, a fragmented MP4 of `mime`; `durationSeconds` is what it will last when whole.
 */
export const streamResultSchema = z.object({ id: z.string(), path: z.string(), mime: z.string(), durationSeconds: z.number() });
export const streamStateSchema = z.object({
  id: z.string(),
  state: z.enum(['done', 'failed', 'cancelled']),
  message: z.string().optional(),
});

/** The editor's frame under the playhead: one scene, seconds into it. */
export const frameRequestSchema = z.object({
  project: storedProjectSchema,
  sceneIndex: z.number().int().min(0),
  offset: z.number().min(0).max(3600),
});
/**
 * a PNG under the previews folder; `cached` when the same content had been drawn before;
 * `captions`: where the scene's captions sit, as fractions of the frame (absent: none in this scene)
 */
export const frameResultSchema = z.object({
  path: z.string(),
  cached: z.boolean(),
  captions: z.object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number(), align: z.enum(['left', 'center', 'right']).default('center') }).optional(),
});

/** What the export dialog asks for; every field absent = the project's own settings. */
export const renderRequestSchema = z.object({
  projectId: id,
  preset: presetSchema.optional(),
  /** CRF-like 0–51, lower is better */
  quality: z.number().int().min(0).max(51).optional(),
  /** an encoder from getCapabilities' verified list, or auto */
  encoder: z.string().trim().min(1).max(100).optional(),
  captions: z.enum(captionModes).optional(),
  upscale: z.union([z.literal(2), z.literal(4)]).optional(),
  /** absolute folder for the file; absent = the home's renders folder */
  outputDir: z.string().min(1).optional(),
  /** the file's name (".mp4" added); absent = the project's title; a taken name gets a number, never overwritten */
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .refine((n) => !/[\\/:*?"<>|\u0000-\u001f]/.test(n) && n !== '.' && n !== '..', 'a file name cannot hold / \\ : * ? " < > |')
    .optional(),
});

/** A finished video as the queue shows it. */
export const outputInfoSchema = z.object({
  path: z.string(),
  sizeBytes: z.number(),
  durationSeconds: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  /** a frame of the video (JPEG under the previews folder) */
  thumbnail: z.string().optional(),
});
export type OutputInfo = z.infer<typeof outputInfoSchema>;

/** A voice as the picker shows it. */
export const voiceInfoSchema = z.object({
  /** engine:name, what createVideo's `voice` takes */
  id: z.string(),
  engine: z.string(),
  name: z.string(),
  language: z.string(),
  gender: z.enum(['male', 'female']).optional(),
  neural: z.boolean(),
  /** the name a person reads: "Heart", "Sarah", "English (US)" for a voice named by its language */
  label: z.string().optional(),
  /** the language in words: "English (US)" */
  languageName: z.string().optional(),
  /** natural (local neural), cloud, system (the OS's own), robotic (espeak-ng): the order voices are offered in */
  kind: z.enum(voiceKinds).optional(),
  /** false: a natural voice whose model is not downloaded yet (shown, not yet speakable) */
  installed: z.boolean().optional(),
});
export type VoiceInfo = z.infer<typeof voiceInfoSchema>;

export const voiceEngineStatusSchema = z.object({ engine: z.string(), available: z.boolean(), reason: z.string() });

export const voicesResultSchema = z.object({
  voices: z.array(voiceInfoSchema),
  /** every engine with why it is or is not usable (how to get a neural model, say) */
  engines: z.array(voiceEngineStatusSchema),
});

export const speakSampleRequestSchema = z.object({
  voice: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1).max(500).optional(),
});

export const voiceSceneRequestSchema = z.object({
  project: storedProjectSchema,
  sceneIndex: z.number().int().min(0),
  /** engine:name; absent = the voice the project was made with */
  voice: z.string().trim().min(1).max(200).optional(),
});

/**
 * A script for a topic, without making a video: the LLM's when one is given, otherwise the
 * template's structure (hook, the main points, call to action). Fields as in a make request.
 */
export const generateScriptRequestSchema = z.object({
  topic: z.string().trim().min(1, 'give a topic').max(500),
  points: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
  templateId: z.string().trim().min(1).max(200).default('bold-shorts'),
  llm: llmEndpointSchema.optional(),
  audience: z.string().trim().max(200).optional(),
  tone: z.string().trim().max(200).optional(),
  lengthSeconds: z.number().min(5).max(600).optional(),
  language: z.string().trim().min(2).max(20).optional(),
});

/** Speech for a text, with when each word is heard (for captions made elsewhere). */
export const synthesizeVoiceRequestSchema = z.object({
  text: z.string().trim().min(1, 'give the text to speak').max(20_000),
  /** engine:name as listVoices gives it, or a language; absent = the system voice */
  voice: z.string().trim().min(1).max(200).optional(),
  /** 1 = the voice's normal speed */
  speed: z.number().min(0.5).max(2).default(1),
});
export const wordTimingSchema = z.object({ text: z.string(), start: z.number(), end: z.number() });
export const synthesizeVoiceResultSchema = z.object({
  /** a WAV file in the home's voice cache (shared: copy it before changing it) */
  path: z.string(),
  durationSeconds: z.number(),
  words: z.array(wordTimingSchema),
  /** engine-events: the engine said when each word was spoken; aligned: placed on the audio's speech */
  timing: z.enum(['engine-events', 'aligned']),
  voice: z.string(),
});

export const subtitleFormats = ['srt', 'vtt', 'ass'] as const;

/** Caption files for a video that already exists, from its script, timed to the speech in its audio. */
export const captionVideoRequestSchema = z.object({
  /** absolute path of the video (or audio) file */
  video: z.string().min(1, 'give the path of the video'),
  script: z.string().trim().min(1, 'give the script that is spoken in the video').max(100_000),
  formats: z.array(z.enum(subtitleFormats)).min(1).max(3).default(['srt', 'vtt', 'ass']),
  /** the caption look (ASS) and page size come from this template */
  templateId: z.string().trim().min(1).max(200).default('bold-shorts'),
  /** absolute folder for the files; absent = next to the video */
  outputDir: z.string().min(1).optional(),
});
export const captionVideoResultSchema = z.object({
  files: z.array(z.string()),
  /** how many captions (pages) the files hold */
  cues: z.number().int(),
  durationSeconds: z.number(),
});

const none = z.void();

/** The method table. `args` is a tuple of the positional arguments; `result` what comes back. */
export const studioMethods = {
  getAppInfo: { args: z.tuple([]), result: appInfoSchema },
  listProjects: { args: z.tuple([]), result: z.array(projectSummarySchema) },
  getProject: { args: z.tuple([id]), result: storedProjectSchema },
  saveProject: { args: z.tuple([storedProjectSchema]), result: projectSummarySchema },
  duplicateProject: { args: z.tuple([id]), result: projectSummarySchema },
  renameProject: { args: z.tuple([id, z.string().trim().min(1).max(200)]), result: projectSummarySchema },
  deleteProject: { args: z.tuple([id]), result: none },
  listTemplates: { args: z.tuple([]), result: z.array(templateSummarySchema) },
  /**
   * restyles a document with a template, the whole project or (given a scene index) that scene
   * only; the renderer keeps the result in its undo history
   */
  applyTemplate: { args: z.tuple([storedProjectSchema, id, z.number().int().min(0).optional()]), result: templateAppliedSchema },
  /** one template in full, for the editor */
  getTemplate: { args: z.tuple([id]), result: templateEntrySchema },
  /** creates or changes a user template (built-in ones are refused: duplicate them) */
  saveTemplate: { args: z.tuple([templateSchema]), result: templateSummarySchema },
  duplicateTemplate: { args: z.tuple([id, z.string().trim().min(1).max(200).optional()]), result: templateSummarySchema },
  renameTemplate: { args: z.tuple([id, z.string().trim().min(1, 'give the template a name').max(200)]), result: templateSummarySchema },
  /** deletes a user template and returns it, so that Undo can save it back */
  deleteTemplate: { args: z.tuple([id]), result: templateSchema },
  /** the project's look (style, frame, music) as a new user template */
  templateFromProject: { args: z.tuple([storedProjectSchema, z.string().trim().min(1, 'give the template a name').max(200)]), result: templateSummarySchema },
  /** a .reelforge-template.json or a template package (.zip with fonts and music) */
  importTemplate: { args: z.tuple([mediaSourceSchema]), result: templateSummarySchema },
  /** writes the template's file (a zip when it carries fonts or music) where the page can fetch it */
  exportTemplate: { args: z.tuple([id]), result: templateFileSchema },
  listFonts: { args: z.tuple([]), result: fontListSchema },
  /** copies a font file (.ttf, .otf) into the app's data; returns the family name the file declares */
  importFont: { args: z.tuple([mediaSourceSchema]), result: userFontSchema },
  importMedia: { args: z.tuple([z.array(mediaSourceSchema).min(1).max(100)]), result: z.array(mediaItemSchema) },
  renderPreview: { args: z.tuple([previewRequestSchema]), result: previewResultSchema },
  /** starts "Play": a preview render streamed as it is made (one at a time: a new one stops the last); how it ends comes as a `previewStream` event */
  streamPreview: { args: z.tuple([streamRequestSchema]), result: streamResultSchema },
  /** stops a streamed preview (the user stopped, edited or left): its render is cancelled and its file removed */
  stopPreviewStream: { args: z.tuple([z.object({ id: z.string() })]), result: none },
  /** the frame at a time in a scene, drawn by the render pipeline (the plan an export runs), cached by content */
  renderFrame: { args: z.tuple([frameRequestSchema]), result: frameResultSchema },
  enqueueRender: { args: z.tuple([renderRequestSchema]), result: jobViewSchema },
  /** the one make pipeline: script → voice → media → project → (render → sidecars → upscale), queued */
  createVideo: { args: z.tuple([makeRequestSchema]), result: jobViewSchema },
  /** re-voices one scene (cached by text + voice + engine) and fits its length to the narration */
  voiceScene: { args: z.tuple([voiceSceneRequestSchema]), result: storedProjectSchema },
  listVoices: { args: z.tuple([]), result: voicesResultSchema },
  /** speaks a sample sentence with a voice; the file is served like previews */
  speakSample: { args: z.tuple([speakSampleRequestSchema]), result: previewResultSchema },
  /**
   * the natural voices' model: its state, or start (and resume), pause or cancel its download;
   * the download runs on after the answer, its progress comes as `voiceModel` events
   */
  voiceModel: { args: z.tuple([voiceModelActionSchema.default('status')]), result: voiceModelStateSchema },
  /** installs the natural voices from a model file the user has (offline machines); their file is copied, never moved */
  importVoiceModel: { args: z.tuple([mediaSourceSchema]), result: voiceModelStateSchema },
  /** a real rendered frame of a template (a saved one by id, or a document being edited), at a preset's shape (default: the template's own); cached by content hash */
  templatePreview: { args: z.tuple([z.union([id, templateSchema]), presetSchema.optional()]), result: z.object({ path: z.string() }) },
  /** the media library's files */
  listMedia: { args: z.tuple([]), result: z.array(mediaItemSchema) },
  listJobs: { args: z.tuple([]), result: z.array(jobViewSchema) },
  /** the queue a page at a time, newest first (the REST API's GET /jobs) */
  listJobsPage: { args: z.tuple([jobsPageRequestSchema]), result: jobsPageSchema },
  getJob: { args: z.tuple([id]), result: jobViewSchema },
  /** a script for a topic (LLM or the template's structure), nothing queued */
  generateScript: { args: z.tuple([generateScriptRequestSchema]), result: scriptSchema },
  /** speech with word timings, from the shared voice cache when already spoken */
  synthesizeVoice: { args: z.tuple([synthesizeVoiceRequestSchema]), result: synthesizeVoiceResultSchema },
  /** SRT/VTT/ASS for an existing video from its script (never overwrites a file) */
  captionVideo: { args: z.tuple([captionVideoRequestSchema]), result: captionVideoResultSchema },
  cancelJob: { args: z.tuple([id]), result: none },
  retryJob: { args: z.tuple([id]), result: jobViewSchema },
  /** a finished job's video: size, length, shape and a thumbnail */
  describeOutput: { args: z.tuple([id]), result: outputInfoSchema },
  /** the main process's folder dialog (Electron); refused where there is none (a browser downloads instead) */
  chooseFolder: { args: z.tuple([z.object({ title: z.string().max(200).default('Choose a folder') }).prefault({})]), result: z.object({ path: z.string().optional() }) },
  /** shows the output in the file manager (Electron); on the bridge, returns the path only */
  revealOutput: { args: z.tuple([id]), result: z.object({ path: z.string(), shown: z.boolean() }) },
  getSettings: { args: z.tuple([]), result: studioSettingsSchema },
  /** `ffmpegPath` may only be cleared here ('' = find FFmpeg automatically); a binary is set with chooseFfmpeg */
  updateSettings: { args: z.tuple([settingsPatchSchema]), result: studioSettingsSchema },
  /** opens the main process's file dialog for the FFmpeg binary; the chosen file must run as `ffmpeg -version` */
  chooseFfmpeg: { args: z.tuple([]), result: studioSettingsSchema },
  getCapabilities: { args: z.tuple([z.object({ refresh: z.boolean().default(false) }).prefault({})]), result: capabilitiesSchema },
  /** every provider (local and online) with its capabilities, needs and status; no network */
  listProviders: { args: z.tuple([]), result: z.array(providerInfoSchema) },
  /** one real call to the provider (its cheapest), to check the key, URL or model */
  testProvider: { args: z.tuple([providerIdSchema]), result: providerTestResultSchema },
  /** keeps a provider's API key (OS keychain in the app), or forgets it (null); never returns it */
  setProviderKey: { args: z.tuple([providerIdSchema, providerKeySchema]), result: providerInfoSchema },
  /** Settings → Render farm: the farm's Redis URL (no password) and whether exports use it */
  getFarm: { args: z.tuple([]), result: farmSettingsViewSchema },
  /** sets the farm (a Redis without a password is refused unless it is on this machine); the password goes to the secret store */
  setFarm: { args: z.tuple([setFarmRequestSchema]), result: farmSettingsViewSchema },
  /** one look at the farm's Redis: reachable, its persistence, its workers (capabilities, heartbeat, current work) */
  farmStatus: { args: z.tuple([]), result: farmStatusSchema },
} as const;

export type StudioMethodName = keyof typeof studioMethods;
export const studioMethodNames = Object.keys(studioMethods) as StudioMethodName[];

/** Events main pushes to subscribed windows. */
export const studioEvents = {
  /** a job was added or changed (state, stage, progress) */
  job: jobViewSchema,
  /** a job was removed from the list */
  jobRemoved: z.object({ id }),
  /** the project library changed (another window, the CLI) */
  projectsChanged: z.object({ ids: z.array(z.string()) }),
  /** the natural voices' download moved on, paused, failed or finished */
  voiceModel: voiceModelStateSchema,
  /** a streamed preview's render ended: whole, failed (why) or cancelled */
  previewStream: streamStateSchema,
} as const;
export type StudioEventName = keyof typeof studioEvents;
export const studioEventNames = Object.keys(studioEvents) as StudioEventName[];
export type StudioEventPayload<E extends StudioEventName> = z.output<(typeof studioEvents)[E]>;

type Args<M extends StudioMethodName> = z.input<(typeof studioMethods)[M]['args']>;
type Result<M extends StudioMethodName> = z.output<(typeof studioMethods)[M]['result']>;
type Tupled<T> = T extends readonly unknown[] ? T : never;

/** The interface the renderer sees (both transports implement it as a typed proxy). */
export type StudioApi = { [M in StudioMethodName]: (...args: Tupled<Args<M>>) => Promise<Result<M>> } & {
  /** subscribes to an event; returns the function that unsubscribes */
  on<E extends StudioEventName>(event: E, listener: (payload: StudioEventPayload<E>) => void): () => void;
};

/** What main implements: arguments arrive parsed (defaults filled in). */
export type StudioHandlers = {
  [M in StudioMethodName]: (...args: Tupled<z.output<(typeof studioMethods)[M]['args']>>) => Promise<z.input<(typeof studioMethods)[M]['result']>>;
};

/** Electron IPC channels: one per method, plus the event channel. */
export const methodChannel = (m: StudioMethodName) => `studio:${m}`;
export const channels = Object.fromEntries(studioMethodNames.map((m) => [m, methodChannel(m)])) as Record<StudioMethodName, string>;
export const EVENT_CHANNEL = 'studio:event';
export const SUBSCRIBE_CHANNEL = 'studio:subscribe';

/**
 * How a call's outcome crosses IPC and the preload: as data, because Electron's invoke and the
 * contextBridge both strip error classes and keep only a message.
 */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: serializedErrorSchema }),
]);
export type Envelope = z.infer<typeof envelopeSchema>;

/** WebSocket bridge messages. */
export const bridgeRequestSchema = z.object({ id: z.number().int(), method: z.string(), args: z.array(z.unknown()) });
export const bridgeMessageSchema = z.union([
  // the error form first: a message with `error` must never read as a result of `undefined`
  z.object({ id: z.number().int(), error: serializedErrorSchema }),
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);
