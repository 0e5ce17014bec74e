import { applySettingsPatch, studioSettingsSchema, type SettingsPatch, type StudioSettings } from '../../preload/contract/settings';
import { saveLimits } from '../queue/limits';
import { getSetting, putSetting } from '../queue/job-store';
import { chooseFfmpeg, type RuntimeConfig } from '../config/runtime-config';
import type { Db } from '../store/open-database';
import { InvalidInputError } from '../../preload/contract/errors';
import { baseUrlProblem } from '../make/check-request';

export const SETTINGS_KEY = 'studio.settings';
const KEY = SETTINGS_KEY;

/** The studio's settings live in the database with the rest of the user's state. */
export function loadSettings(db: Db): StudioSettings {
  const parsed = studioSettingsSchema.safeParse(getSetting(db, KEY) ?? {});
  // settings written by a newer version, or damaged: fall back to defaults rather than refuse to start
  return parsed.success ? parsed.data : studioSettingsSchema.parse({});
}

/** Saves a change; the FFmpeg setting enters `config` at once, so previews and queued renders started after it use it. */
export function saveSettings(db: Db, patch: SettingsPatch, config: RuntimeConfig): StudioSettings {
  const next = applySettingsPatch(loadSettings(db), patch);
  putSetting(db, KEY, next);
  // The queue's resource limits are the concurrency settings, kept where every worker reads them.
  saveLimits(db, { 'encode-cpu': next.concurrency.cpu, 'encode-gpu': next.concurrency.gpu, upscale: next.concurrency.upscale });
  chooseFfmpeg(config, next.ffmpegPath);
  return next;
}

/**
 * What a program on the bridge may not change: the folders the agent doors may write into (it
 * would widen its own limits); and an LLM address is http or https, whoever sets it.
 */
export function refuseSettingsFromAgents(transport: 'ipc' | 'bridge', patch: SettingsPatch, current: StudioSettings): void {
  if (transport !== 'ipc' && patch.outputFolders !== undefined && JSON.stringify(patch.outputFolders) !== JSON.stringify(current.outputFolders)) {
    throw new InvalidInputError('the output folders other programs may write into are changed in the desktop app (Settings → Output folders), not over the bridge');
  }
  const url = patch.llm?.baseUrl;
  const problem = url ? baseUrlProblem(url) : undefined;
  if (problem) throw new InvalidInputError('the settings are not valid:', [{ path: 'llm.baseUrl', message: problem }]);
}
