import { createStore } from 'zustand/vanilla';
import type { StudioApi } from '../../preload/contract/studio-api';
import { createCreateSlice } from './create-slice';
import { createEditorSlice } from './editor-slice';
import { createJobsSlice } from './jobs-slice';
import { createLibrarySlice } from './library-slice';
import { createMediaSlice } from './media-slice';
import { createSettingsSlice } from './settings-slice';
import type { StudioState, StudioStore } from './types';
import { createUiSlice } from './ui-slice';
import { createVoiceModelSlice } from './voice-model-slice';
import { createTemplatesSlice } from '../templates/templates-slice';

/**
 * One store from typed slices. It is created per app (and per test) with the backend it talks
 * to, rather than as a module global, so every test starts from a fresh state.
 */
export function createStudioStore(api: StudioApi): StudioStore {
  return createStore<StudioState>()((set, get) => {
    const ctx = { set, get, api };
    return {
      ...createUiSlice(ctx),
      ...createLibrarySlice(ctx),
      ...createJobsSlice(ctx),
      ...createSettingsSlice(ctx),
      ...createEditorSlice(ctx),
      ...createCreateSlice(ctx),
      ...createMediaSlice(ctx),
      ...createTemplatesSlice(ctx),
      ...createVoiceModelSlice(ctx),
    };
  });
}

/** Keeps the store in step with what main pushes (job progress, library changes). */
export function connectEvents(store: StudioStore, api: StudioApi): () => void {
  const offs = [
    api.on('job', (job) => store.getState().jobChanged(job)),
    api.on('jobRemoved', ({ id }) => store.getState().jobRemoved(id)),
    api.on('voiceModel', (state) => store.getState().voiceModelChanged(state)),
    api.on('previewStream', (e) => store.getState().previewStreamEnded(e)),
    api.on('projectsChanged', () => void api.listProjects().then((projects) => store.setState({ projects }), () => {})),
  ];
  return () => offs.forEach((off) => off());
}
