import type { MediaSource } from '../../preload/contract/studio-api';
import type { VoiceModelAction, VoiceModelState } from '../../preload/contract/voice-model';
import type { SliceContext } from './types';

export interface VoiceModelSlice {
  /** the natural voices' model: absent, downloading (with its progress), paused, installed… */
  voiceModel?: VoiceModelState;
  /** asks main for the state, or starts, pauses, resumes or cancels the download */
  voiceModelAction(action: VoiceModelAction): Promise<void>;
  /** installs the natural voices from a model file the user chose */
  importVoiceModel(source: MediaSource): Promise<void>;
  /** main pushed a change; a model just installed brings its voices into every picker */
  voiceModelChanged(state: VoiceModelState): void;
}

export function createVoiceModelSlice({ set, get, api }: SliceContext): VoiceModelSlice {
  return {
    voiceModelAction: async (action) => {
      try {
        get().voiceModelChanged(await api.voiceModel(action));
      } catch (err) {
        get().reportError(err, 'Getting the natural voices');
      }
    },
    importVoiceModel: async (source) => {
      try {
        get().voiceModelChanged(await api.importVoiceModel(source));
      } catch (err) {
        get().reportError(err, 'Importing the model file');
      }
    },
    voiceModelChanged: (state) => {
      const was = get().voiceModel?.phase;
      set({ voiceModel: state });
      if (state.phase === 'installed' && was !== 'installed') void get().loadVoices();
    },
  };
}
