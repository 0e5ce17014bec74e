import { z } from 'zod';

/**
 * Providers: the services (local or online) a stage can use — a script writer, a voice, a stock
 * media search, a clip generator, an avatar service, an upscaler. Each declares what it can do,
 * what it needs, and whether it works offline; the studio lists them with their status. An API
 * key never crosses this border: only whether one is set, and where it came from.
 */
export const providerKinds = ['script', 'voice', 'media', 'clip', 'avatar', 'upscaler'] as const;
export type ProviderKind = (typeof providerKinds)[number];

export const providerCapabilitiesSchema = z.object({
  /** BCP-47-ish language tags it handles; ['*'] = any */
  languages: z.array(z.string()).default([]),
  /** what it produces or consumes: mp4, jpg, wav, json … */
  formats: z.array(z.string()).default([]),
  /** the longest single output, seconds (a generated clip, an avatar video) */
  maxDurationSeconds: z.number().optional(),
  /** a voice that reports when each word is spoken (captions follow it exactly) */
  wordTimings: z.boolean().optional(),
  /** a neural voice or model (rather than a formant or rule-based one) */
  neural: z.boolean().optional(),
  /** what using it costs, in words (free tier, per character, per second of video) */
  costNotes: z.string().optional(),
});
export type ProviderCapabilities = z.infer<typeof providerCapabilitiesSchema>;

export const providerNeedsSchema = z.object({
  /** an API key; `env` is the variable the CLI reads it from */
  apiKey: z.object({ env: z.string() }).optional(),
  /** a model file the user puts in place (where, in words) */
  modelFile: z.string().optional(),
  /** a local or self-hosted server; `default` is used when no URL is configured */
  serverUrl: z.object({ default: z.string(), env: z.string() }).optional(),
});
export type ProviderNeeds = z.infer<typeof providerNeedsSchema>;

export const providerStatusSchema = z.object({
  ready: z.boolean(),
  /** why it is or is not usable, in words a user can act on */
  reason: z.string(),
  /** where its key came from (env variable, keychain, key file); never the key */
  keySource: z.string().optional(),
});
export type ProviderStatus = z.infer<typeof providerStatusSchema>;

export const providerTestResultSchema = z.object({
  id: z.string(),
  ok: z.boolean(),
  message: z.string(),
  /** how long the check took, milliseconds */
  ms: z.number(),
});
export type ProviderTestResult = z.infer<typeof providerTestResultSchema>;

export const providerInfoSchema = z.object({
  id: z.string(),
  kind: z.enum(providerKinds),
  name: z.string(),
  description: z.string(),
  offline: z.boolean(),
  capabilities: providerCapabilitiesSchema,
  needs: providerNeedsSchema,
  /** what it sends, and to where (shown next to the key field) */
  sends: z.string(),
  status: providerStatusSchema,
  /**
   * The studio's last "Test connection" for this provider (kept in main, forgotten when its key
   * changes), so a failed test still reads as failed after the screen is left and come back to.
   */
  lastTest: providerTestResultSchema.extend({ at: z.string() }).optional(),
});
export type ProviderInfo = z.infer<typeof providerInfoSchema>;


export const providerIdSchema = z.string().min(1).max(100).regex(/^[a-z0-9][a-z0-9-]*$/, 'a provider id is lower-case letters, digits and dashes');

/** A key to keep (encrypted with the OS keychain in the app), or null to forget it. */
export const providerKeySchema = z.union([z.string().trim().min(1, 'paste the key first').max(4000), z.null()]);
