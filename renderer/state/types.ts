import type { StoreApi } from 'zustand/vanilla';
import type { StudioApi } from '../../preload/contract/studio-api';
import type { CreateSlice } from './create-slice';
import type { EditorSlice } from './editor-slice';
import type { JobsSlice } from './jobs-slice';
import type { LibrarySlice } from './library-slice';
import type { MediaSlice } from './media-slice';
import type { SettingsSlice } from './settings-slice';
import type { UiSlice } from './ui-slice';
import type { VoiceModelSlice } from './voice-model-slice';
import type { TemplatesSlice } from '../templates/templates-slice';

export type StudioState = EditorSlice & LibrarySlice & JobsSlice & SettingsSlice & UiSlice & CreateSlice & MediaSlice & TemplatesSlice & VoiceModelSlice;
export type StudioStore = StoreApi<StudioState>;

/** What every slice creator receives: zustand's set/get plus the backend. */
export interface SliceContext {
  set: StoreApi<StudioState>['setState'];
  get: StoreApi<StudioState>['getState'];
  api: StudioApi;
}
