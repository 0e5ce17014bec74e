import { z } from 'zod';

/**
 * Settings → Render farm, as data. The Redis password never travels back to the page: it is kept
 * in the studio's secret store, and only whether one is set is shown.
 */
export const farmSettingsSchema = z.object({
  /** redis://host:port[/db] without its password; empty = no farm */
  url: z.string().default(''),
  /** exports from this studio render on the farm (chunks on its workers, the sound and the join here) */
  enabled: z.boolean().default(false),
  /** scenes are grouped into chunks of at least this many seconds, split only at cuts */
  chunkSeconds: z.number().min(1).max(3600).default(20),
});
export type FarmSettings = z.infer<typeof farmSettingsSchema>;

export const setFarmRequestSchema = z.object({
  /** redis://[:password@]host:port[/db]; a password in it is kept apart from the URL; empty = no farm */
  url: z.string().trim().max(1000),
  /** a new password; null forgets the one kept; absent keeps it */
  password: z.string().max(1000).nullable().optional(),
  enabled: z.boolean().default(false),
  chunkSeconds: z.number().min(1).max(3600).default(20),
});

export type SetFarmRequest = z.infer<typeof setFarmRequestSchema>;

export const farmSettingsViewSchema = farmSettingsSchema.extend({ passwordSet: z.boolean() });
export type FarmSettingsView = z.infer<typeof farmSettingsViewSchema>;

/** What a worker is doing: a chunk of a farm job (a batch row's whole video is chunk 1 of 1). */
export const farmWorkSchema = z.object({
  /** the coordinator's job id (the studio's queue job) */
  job: z.string(),
  /** the job's title, when the job is this studio's */
  title: z.string().optional(),
  index: z.number().int(),
  count: z.number().int(),
});
export type FarmWork = z.infer<typeof farmWorkSchema>;

export const farmWorkerViewSchema = z.object({
  name: z.string(),
  host: z.string(),
  encoders: z.array(z.string()),
  providers: z.array(z.string()),
  freeDiskBytes: z.number(),
  /** seconds since its last heartbeat */
  heartbeatSecondsAgo: z.number(),
  work: z.array(farmWorkSchema),
});
export type FarmWorkerView = z.infer<typeof farmWorkerViewSchema>;

export const farmStatusSchema = z.object({
  /** the URL as shown (password masked); empty when no farm is set */
  url: z.string(),
  reachable: z.boolean(),
  /** why it cannot be used: unreachable, refused, wrong password */
  error: z.string().optional(),
  redisVersion: z.string().optional(),
  /** whether Redis keeps accepted work across its own restart (append-only file), in words */
  persistence: z.string().optional(),
  workers: z.array(farmWorkerViewSchema),
});
export type FarmStatus = z.infer<typeof farmStatusSchema>;
