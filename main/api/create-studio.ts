import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appResources } from '../../native/resources';
import { probeProviders } from '../../native/onnx/providers';
import { terminateAll } from '../../native/process-registry';
import { homeDir, sessionsDir } from '../paths';
import { defaultStages } from '../queue/default-stages';
import { followEvents } from '../queue/event-feed';
import { JobQueue } from '../queue/job-queue';
import { StageRegistry } from '../queue/stage';
import { Worker } from '../queue/worker';
import { openHomeDatabase } from '../store/open-database';
import { createDispatch, type Dispatch } from './dispatch';
import { EventHub } from './event-hub';
import { toJobView } from './job-view';
import { applyFfmpegSetting, loadSettings } from './settings-store';
import type { StudioDirs } from './studio-context';
import type { SecretStore } from '../providers/secrets/secret-store';
import { keyFileStore } from '../providers/secrets/key-file-store';
import { providerContext } from '../providers/test-provider';
import { createHandlers } from './studio-handlers';
import { templatePreviewDir } from './voice-handlers';

export interface StudioOptions {
  home?: string;
  transport: 'ipc' | 'bridge';
  reveal?: (path: string) => boolean;
  /** run the queue's worker in this process (the app and `serve` do; tests of the API alone may not) */
  worker?: boolean;
  log?: (line: string) => void;
  /** the app's OS-keychain store for providers' keys; absent = key files under <home>/keys */
  secrets?: SecretStore;
}

export interface Studio {
  dispatch: Dispatch;
  events: EventHub;
  dirs: StudioDirs;
  /** the app's version (package.json) */
  version: string;
  /** folders whose files the renderer may load (media protocol, bridge /media) */
  mediaRoots(): string[];
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
export async function createStudio(opts: StudioOptions): Promise<Studio> {
  const home = homeDir(opts.home);
  process.env.REELFORGE_HOME = home; // stages and caches started from here agree on the home
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
  applyFfmpegSetting(loadSettings(db));
  const queue = new JobQueue(db, home, new StageRegistry(defaultStages()));
  // The worker's stages reach providers with the same keys the Settings screen shows.
  queue.useProviders(providerContext({ home, env: process.env, store: opts.secrets ?? keyFileStore(join(home, 'keys')), cacheDir: dirs.cache }));
  const events = new EventHub();
  // Events from every process (a CLI worker, a CLI make), not only this one's.
  const unsubscribe = followEvents(queue, (e) => {
    if (!e.jobId) return;
    try {
      const view = toJobView(queue.get(e.jobId));
      events.emit('job', view);
      // a make job's project stage saved a project in the library
      if (e.type === 'job.stage' && e.data.stage === 'project' && e.data.phase === 'finished') {
        const id = queue.get(e.jobId).stages.find((s) => s.name === 'project')?.options.projectId;
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
    version: appVersion(),
    transport: opts.transport,
    reveal: opts.reveal ?? (() => false),
    secrets: opts.secrets,
    providerEnv: process.env,
    upscalerProviders: async () => (await probeProviders()).map((p) => ({ name: p.name, available: p.available, reason: p.available ? undefined : p.reason })),
  });

  return {
    dispatch: createDispatch(handlers),
    events,
    dirs,
    version: appVersion(),
    mediaRoots: () => [dirs.library, dirs.previews, dirs.renders, dirs.sessions, dirs.voices, templatePreviewDir(dirs.cache)],
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
