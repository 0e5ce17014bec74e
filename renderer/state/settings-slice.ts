import type { SettingsPatch, StudioSettings } from '../../preload/contract/settings';
import type { Capabilities } from '../../preload/contract/studio-api';
import type { SliceContext } from './types';

export interface SettingsSlice {
  settings?: StudioSettings;
  capabilities?: Capabilities;
  checkingCapabilities: boolean;
  loadSettings(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<void>;
  /** the FFmpeg binary, through the main process's file dialog */
  chooseFfmpeg(): Promise<void>;
  checkCapabilities(refresh?: boolean): Promise<void>;
}

export function createSettingsSlice({ set, get, api }: SliceContext): SettingsSlice {
  return {
    checkingCapabilities: false,
    loadSettings: () => api.getSettings().then((settings) => set({ settings }), (err) => get().reportError(err, 'Loading settings')),
    updateSettings: (patch) =>
      api.updateSettings(patch).then(
        (settings) => set({ settings }),
        (err) => get().reportError(err, 'Saving settings'),
      ),
    chooseFfmpeg: () =>
      api.chooseFfmpeg().then(
        (settings) => {
          set({ settings });
          void get().checkCapabilities(true);
        },
        (err) => get().reportError(err, 'Choosing FFmpeg'),
      ),
    checkCapabilities: async (refresh = false) => {
      set({ checkingCapabilities: true });
      try {
        set({ capabilities: await api.getCapabilities({ refresh }) });
      } catch (err) {
        get().reportError(err, 'Checking FFmpeg');
      } finally {
        set({ checkingCapabilities: false });
      }
    },
  };
}
