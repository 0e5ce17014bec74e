import { deserializeError } from '../../preload/contract/errors';
import type { MakeRequestInput } from '../../preload/contract/make';
import type { PresetName } from '../../preload/contract/project';
import type { JobView, VoiceInfo } from '../../preload/contract/studio-api';
import type { SliceContext } from './types';

export interface VoiceEngineStatus {
  engine: string;
  available: boolean;
  reason: string;
}

/** A template's rendered frame: its path once drawn, `failed` when it could not be. */
export type TemplateFrame = { status: 'loading' } | { status: 'ready'; path: string } | { status: 'failed'; message: string };

export const frameKey = (templateId: string, preset?: PresetName) => `${templateId}@${preset ?? 'own'}`;

export interface CreateSlice {
  voices: VoiceInfo[];
  voiceEngines: VoiceEngineStatus[];
  voicesLoaded: boolean;
  templateFrames: Record<string, TemplateFrame>;
  /** the make job started by "Create", followed until its project is in the library */
  making?: { jobId: string; title: string };
  loadVoices(): Promise<void>;
  /** draws a template's frame at a preset's shape; kept under frameKey(id, preset) */
  loadTemplateFrame(templateId: string, preset?: PresetName): Promise<void>;
  /** speaks the sample sentence; resolves with the file to play */
  voiceSample(voice?: string): Promise<string | undefined>;
  /** "Create": the one make pipeline, stopped once the voiced project is saved */
  createVideo(request: MakeRequestInput): Promise<void>;
  /** follows the make job: opens its project when done, says why when it failed */
  makeJobChanged(job: JobView): void;
}

export function createCreateSlice({ set, get, api }: SliceContext): CreateSlice {
  return {
    voices: [],
    voiceEngines: [],
    voicesLoaded: false,
    templateFrames: {},
    loadVoices: async () => {
      try {
        const { voices, engines } = await api.listVoices();
        set({ voices, voiceEngines: engines, voicesLoaded: true });
      } catch (err) {
        set({ voicesLoaded: true });
        get().reportError(err, 'Listing the voices');
      }
    },
    loadTemplateFrame: async (templateId, preset) => {
      const key = frameKey(templateId, preset);
      const current = get().templateFrames[key];
      if (current && current.status !== 'failed') return;
      set((s) => ({ templateFrames: { ...s.templateFrames, [key]: { status: 'loading' } } }));
      let frame: TemplateFrame;
      try {
        frame = { status: 'ready', path: (await api.templatePreview(templateId, preset)).path };
      } catch (err) {
        frame = { status: 'failed', message: err instanceof Error ? err.message : String(err) };
      }
      set((s) => ({ templateFrames: { ...s.templateFrames, [key]: frame } }));
    },
    voiceSample: async (voice) => {
      try {
        return (await api.speakSample({ voice })).path;
      } catch (err) {
        get().reportError(err, 'Playing the voice');
        return undefined;
      }
    },
    createVideo: async (request) => {
      try {
        const job = await api.createVideo({ ...request, render: false });
        set({ making: { jobId: job.id, title: job.title } });
        get().jobChanged(job);
        // the job may have finished (and its events arrived) before this answer did
        get().makeJobChanged(get().jobs[job.id] ?? job);
      } catch (err) {
        set({ making: undefined });
        get().reportError(err, 'Creating the video');
      }
    },
    makeJobChanged: (job) => {
      const making = get().making;
      if (!making || making.jobId !== job.id) return;
      if (job.state === 'completed') {
        set({ making: undefined });
        if (job.projectId) void get().openProject(job.projectId);
        else get().notify('error', 'The video was made but its project was not saved in the library.', 'INTERNAL');
      } else if (job.state === 'failed') {
        set({ making: undefined });
        get().reportError(job.error ? deserializeError(job.error) : new Error('the make job failed'), 'Creating the video');
      } else if (job.state === 'cancelled') {
        set({ making: undefined });
      }
    },
  };
}
