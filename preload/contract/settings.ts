import { z } from 'zod';
import { farmSettingsSchema } from './farm';

/**
 * The studio's user settings. Every field has a default so that a settings file from an older
 * version (or none at all) still parses to a complete value.
 */
export const upscalerProviders = ['auto', 'cuda', 'dml', 'coreml', 'webgpu', 'cpu'] as const;

export const studioSettingsSchema = z.object({
  /** an explicit FFmpeg binary; empty = find it (env var, ffmpeg-static, PATH, usual folders) */
  ffmpegPath: z.string().default(''),
  /** the encoder preference: `auto` = the best verified encoder, or a name such as `h264_nvenc` or `libx264` */
  encoder: z.string().min(1).default('auto'),
  upscalerProvider: z.enum(upscalerProviders).default('auto'),
  /** where Real-ESRGAN models live; empty = the app's models folder */
  modelFolder: z.string().default(''),
  concurrency: z
    .object({
      /** renders using CPU encoders at once */
      cpu: z.number().int().min(1).max(16).default(1),
      /** renders using a hardware encoder at once */
      gpu: z.number().int().min(1).max(8).default(1),
      /** upscales at once */
      upscale: z.number().int().min(1).max(4).default(1),
    })
    .prefault({}),
  /** height of preview renders, pixels; low so a preview comes back in seconds */
  previewHeight: z.number().int().min(144).max(1080).default(480),
  /** the LLM that writes a script from a topic (OpenAI-compatible); empty = the template's structure */
  llm: z.object({ baseUrl: z.string().default(''), model: z.string().default('') }).prefault({}),
  /** the installed app asks the update server for a new version when it starts; off: no network */
  checkForUpdates: z.boolean().default(false),
  /**
   * Folders other programs (REST, MCP, the loopback bridge) may write videos into, besides the
   * app's renders folder; empty = the user's Videos folder. Full paths.
   */
  outputFolders: z.array(z.string()).max(20).default([]),
  /** Settings → Render farm (changed with setFarm: its password is kept apart) */
  farm: farmSettingsSchema.prefault({}),
});
export type StudioSettings = z.infer<typeof studioSettingsSchema>;

/** A partial update; nested `concurrency` may be partial too. */
export const settingsPatchSchema = z.object({
  ffmpegPath: z.string().optional(),
  encoder: z.string().min(1).optional(),
  upscalerProvider: z.enum(upscalerProviders).optional(),
  modelFolder: z.string().optional(),
  concurrency: z
    .object({
      cpu: z.number().int().min(1).max(16).optional(),
      gpu: z.number().int().min(1).max(8).optional(),
      upscale: z.number().int().min(1).max(4).optional(),
    })
    .optional(),
  previewHeight: z.number().int().min(144).max(1080).optional(),
  llm: z.object({ baseUrl: z.string(), model: z.string() }).optional(),
  checkForUpdates: z.boolean().optional(),
  outputFolders: z.array(z.string().refine((f) => /^([a-zA-Z]:)?[\\/]/.test(f), 'an output folder is a full path')).max(20).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function applySettingsPatch(current: StudioSettings, patch: SettingsPatch): StudioSettings {
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  const { concurrency, ...rest } = patch;
  return studioSettingsSchema.parse({
    ...current,
    ...defined(rest),
    concurrency: { ...current.concurrency, ...defined(concurrency ?? {}) },
  });
}
