import { z } from 'zod';

/**
 * The natural voices' model as the studio manages it: one download (with pause, resume and
 * cancel) or an imported file. What the page shows is this state; main pushes it as it changes.
 */
export const voiceModelActions = ['status', 'download', 'pause', 'cancel'] as const;
export const voiceModelActionSchema = z.enum(voiceModelActions);
export type VoiceModelAction = z.infer<typeof voiceModelActionSchema>;

export const voiceModelPhases = ['absent', 'downloading', 'paused', 'checking', 'installed', 'failed'] as const;

export const voiceModelStateSchema = z.object({
  phase: z.enum(voiceModelPhases),
  /** bytes on this machine so far (a paused download keeps them) */
  received: z.number().int().nonnegative(),
  /** the whole file's bytes */
  total: z.number().int().nonnegative(),
  /** measured over the last few seconds of a running download */
  bytesPerSecond: z.number().nonnegative().optional(),
  secondsLeft: z.number().nonnegative().optional(),
  /** why the last try failed, in words a creator can act on (no paths, no commands) */
  error: z.string().optional(),
  /** how the installed model came: downloaded here, a file the user brought, or carried by the app itself (release builds) */
  source: z.enum(['download', 'app', 'import']).optional(),
});
export type VoiceModelState = z.infer<typeof voiceModelStateSchema>;
