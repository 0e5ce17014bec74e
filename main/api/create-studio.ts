import { userFontsDir } from '../fonts/font-store';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobEvent } from '../../preload/contract/jobs';
import type { JobView } from '../../preload/contract/studio-api';
import { appResources } from '../../native/resources';
import { probeProviders } from '../../native/onnx/providers';
import { terminateAll } from '../../native/process-registry';
import { buildRuntimeConfig, chooseFfmpeg, providersFor, type RuntimeConfig } from '../config/runtime-config';
import { sessionsDir } from '../paths';
import { defaultStages } from '../pipeline/default-stages';
import { followEvents } from '../queue/event-feed';
import { JobQueue } from '../queue/job-queue';
import { StageRegistry } from '../queue/stage';
import { Worker } from '../queue/worker';
import { openHomeDatabase } from '../store/open-database';
import { projectMediaFiles } from '../store/projects';
import { createDispatch, type Dispatch } from './dispatch';
import { EventHub } from './event-hub';
import { toJobView } from './job-view';
import { loadSettings } from './settings-store';
import type { StudioDirs } from './studio-context';
import type { SecretStore } from '../providers/secrets/secret-store';
import { keyFileStore } from '../providers/secrets/key-file-store';
import { createHandlers } from './studio-handlers';
import { applyFarmSettings, saveFarmSettings } from './farm-handlers';
import { templatePreviewDir } from './voice-handlers';

export interface StudioOptions {
  /**
   * The process's runtime configuration, built by its entry point (the app, `serve`); the studio
   * owns its FFmpeg choice from then on. Absent: built here from `home` and the environment.
   */
  config?: RuntimeConfig;
  /** the data folder, where no config is given (REELFORGE_HOME, else the platform's default) */
  home?: string;
  transport: 'ipc' | 'bridge';
  reveal?: (path: string) => boolean;
  /** the desktop app's file dialog; binaries (FFmpeg) are chosen only through it */
  chooseFile?: (opts: { title: string }) => Promise<string | undefined>;
  /** the desktop app's folder dialog (where exports go) */
  chooseFolder?: (opts: { title: string }) => Promise<string | undefined>;
  /** run the queue's worker in this process (the app and `serve` do; tests of the API alone may not) */
  worker?: boolean;
  log?: (line: string) => void;
  /** the app's OS-keychain store for providers' keys; absent = key files under <home>/keys */
  secrets?: SecretStore;
  /**
   * A render farm given where the studio starts (`reelforge serve --farm redis://…`): kept in
   * Settings → Render farm and turned on, as the desktop app's Settings would. Over the bridge the
   * farm can then be turned off and on, but not pointed elsewhere.
   */
  farm?: { url: string };
}

export interface Studio {
  dispatch: Dispatch;
  events: EventHub;
  dirs: StudioDirs;
  /** the runtime configuration the studio and its queue share */
  config: RuntimeConfig;
  /** the app's version (package.json) */
  version: string;
  /** folders whose files the renderer may load (media protocol, bridge /media) */
  mediaRoots(): string[];
  /** the media files the library's projects name, wherever they lie: the renderer may load these too (timeline thumbnails) */
  mediaFiles(): Set<string>;
  close(): Promise<void>;
}

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(appResources().packageJson, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

/**
 * The composition root shared by the Electron app and `reelforge serve`: opens the home's database,
 * the queue and (optionally) a worker, and turns queue events into StudioApi `job` events.
 */
/** A job's view as of a stage or progress event: that stage, that percent, still running. */
function replayed(view: JobView, e: JobEvent): JobView {
  const stage = typeof e.data.stage === 'string' ? e.data.stage : undefined;
  if (!stage || (e.type !== 'job.stage' && e.type !== 'job.progress')) return view;
  const percent = typeof e.data.percent === 'number' ? e.data.percent : undefined;
  return { ...view, state: 'active', stage, ...(percent !== undefined ? { progress: Math.min(1, Math.max(0, percent / 100)) } : {}) };
}

export async function createStudio(opts: StudioOptions): Promise<Studio> {
  // A studio is an entry point of its own where its caller built no configuration (tests, embedders).
  const config = opts.config ?? buildRuntimeConfig({ env: process.env, home: opts.home });
  const home = config.home;
  const dirs: StudioDirs = {
    home,
    library: join(home, 'library'),
    previews: join(home, 'previews'),
    renders: join(home, 'renders'),
    sessions: sessionsDir(home),
    voices: join(home, 'voices'),
    cache: join(home, 'cache'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const db = openHomeDatabase(home);
  // The FFmpeg chosen in Settings; previews and the queue's renders read it from this one object.
  chooseFfmpeg(config, loadSettings(db).ffmpegPath);
  const secrets = opts.secrets ?? keyFileStore(join(home, 'keys'));
  // Settings → Render farm: this studio coordinates the farm its settings name
  if (opts.farm) await saveFarmSettings(db, config, secrets, { url: opts.farm.url, enabled: true, chunkSeconds: loadSettings(db).farm.chunkSeconds }, 'cli');
  applyFarmSettings(db, config, secrets);
  const queue = new JobQueue(db, home, new StageRegistry(defaultStages()), config);
  // The worker's stages reach providers with the same keys the Settings screen shows.
  queue.useProviders(providersFor(config, { store: secrets, cacheDir: dirs.cache }));
  const events = new EventHub();
  // Events from every process (a CLI worker, a CLI make), not only this one's.
  const unsubscribe = followEvents(queue, (e) => {
    if (!e.jobId) return;
    try {
      // The feed replays the log in order; a stage that began and ended between two ticks is
      // still shown, as the event saw it, before the job's present state arrives with a later event.
      const view = replayed(toJobView(queue.get(e.jobId), queue), e);
      events.emit('job', view);
      // a make job's project stage saved a project in the library
      if (e.type === 'job.stage' && e.data.stage === 'project' && e.data.phase === 'finished') {
        const id = queue.get(e.jobId).stages.find((s) => s.name === 'project')?.options.projectId;
        if (typeof id === 'string') events.emit('projectsChanged', { ids: [id] });
      }
      // a clips or avatars stage told the library's project where its made files are
      if (e.type === 'job.stage' && (e.data.stage === 'clips' || e.data.stage === 'avatars') && e.data.phase === 'finished') {
        const id = queue.get(e.jobId).stages.find((s) => s.name === 'project')?.options.projectId ?? (queue.input(e.jobId) as { id?: unknown } | null)?.id;
        if (typeof id === 'string') events.emit('projectsChanged', { ids: [id] });
      }
    } catch {
      events.emit('jobRemoved', { id: e.jobId });
    }
  });

  let worker: Worker | undefined;
  const stopWorker = new AbortController();
  let running: Promise<void> | undefined;
  if (opts.worker !== false) {
    worker = new Worker(queue, { log: opts.log });
    worker.start();
    running = worker.run({ signal: stopWorker.signal }).catch((err) => opts.log?.(`worker stopped: ${(err as Error).message}`));
  }

  const handlers = createHandlers({
    db,
    queue,
    events,
    dirs,
    config,
    version: appVersion(),
    transport: opts.transport,
    reveal: opts.reveal ?? (() => false),
    chooseFile: opts.chooseFile,
    chooseFolder: opts.chooseFolder,
    secrets: opts.secrets,
    stopping: stopWorker.signal,
    upscalerProviders: async () => (await probeProviders()).map((p) => ({ name: p.name, available: p.available, reason: p.available ? undefined : p.reason })),
  });

  return {
    dispatch: createDispatch(handlers),
    events,
    dirs,
    config,
    version: appVersion(),
    // the user's fonts too: the template editor draws each font's name in that font
    mediaRoots: () => [dirs.library, dirs.previews, dirs.renders, dirs.sessions, dirs.voices, templatePreviewDir(dirs.cache), userFontsDir(dirs.home)],
    mediaFiles: () => projectMediaFiles(db),
    async close() {
      unsubscribe();
      stopWorker.abort();
      await worker?.stop();
      await running;
      await terminateAll();
      db.close();
    },
  };
}
