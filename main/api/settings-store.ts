import { applySettingsPatch, studioSettingsSchema, type SettingsPatch, type StudioSettings } from '../../preload/contract/settings';
import { saveLimits } from '../queue/limits';
import { getSetting, putSetting } from '../queue/job-store';
import type { Db } from '../store/open-database';

const KEY = 'studio.settings';

/** The studio's settings live in the database with the rest of the user's state. */
export function loadSettings(db: Db): StudioSettings {
  const parsed = studioSettingsSchema.safeParse(getSetting(db, KEY) ?? {});
  // settings written by a newer version, or damaged: fall back to defaults rather than refuse to start
  return parsed.success ? parsed.data : studioSettingsSchema.parse({});
}

export function saveSettings(db: Db, patch: SettingsPatch): StudioSettings {
  const next = applySettingsPatch(loadSettings(db), patch);
  putSetting(db, KEY, next);
  // The queue's resource limits are the concurrency settings, kept where every worker reads them.
  saveLimits(db, { 'encode-cpu': next.concurrency.cpu, 'encode-gpu': next.concurrency.gpu, upscale: next.concurrency.upscale });
  applyFfmpegSetting(next);
  return next;
}

/** What REELFORGE_FFMPEG was when this process started: clearing the setting goes back to it. */
const startupFfmpegEnv = process.env.REELFORGE_FFMPEG;

/**
 * Stages find FFmpeg through the locate order; the user's binary enters it as the env override.
 * An emptied setting really clears: the override goes back to what the process started with.
 */
export function applyFfmpegSetting(settings: StudioSettings): void {
  if (settings.ffmpegPath) process.env.REELFORGE_FFMPEG = settings.ffmpegPath;
  else if (startupFfmpegEnv === undefined) delete process.env.REELFORGE_FFMPEG;
  else process.env.REELFORGE_FFMPEG = startupFfmpegEnv;
}
