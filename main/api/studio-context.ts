import type { RuntimeConfig } from '../config/runtime-config';
import type { Db } from '../store/open-database';
import type { JobQueue } from '../queue/job-queue';
import type { EventHub } from './event-hub';
import type { SecretStore } from '../providers/secrets/secret-store';

export interface StudioDirs {
  home: string;
  /** imported media: files the renderer may load */
  library: string;
  previews: string;
  renders: string;
  sessions: string;
  /** narration of voiced projects, one folder per project */
  voices: string;
  cache: string;
}

/** What the StudioApi implementation is composed of; built once per process by createStudio(). */
export interface StudioContext {
  db: Db;
  queue: JobQueue;
  events: EventHub;
  dirs: StudioDirs;
  /**
   * The process's runtime configuration, shared with the queue: the FFmpeg chosen in Settings
   * (updated in place when the setting changes), the capability cache, the voices' programs and
   * the environment REELFORGE_<ID>_API_KEY / _URL are looked up in.
   */
  config: RuntimeConfig;
  version: string;
  transport: 'ipc' | 'bridge';
  /** shows a file in the OS file manager; false where there is none (the bridge) */
  reveal(path: string): boolean;
  /** the main process's open-file dialog (Electron); absent where there is none (the bridge) */
  chooseFile?(opts: { title: string }): Promise<string | undefined>;
  /** the main process's choose-folder dialog (Electron); absent where there is none (the bridge) */
  chooseFolder?(opts: { title: string }): Promise<string | undefined>;
  upscalerProviders(): Promise<Array<{ name: string; available: boolean; reason?: string }>>;
  upscalerNote?: string;
  /** aborted when the studio closes: work it started on its own (the natural voices' download) stops */
  stopping?: AbortSignal;
  /** where providers' API keys are kept: the OS keychain in the app; key files under <home>/keys otherwise */
  secrets?: SecretStore;
}
