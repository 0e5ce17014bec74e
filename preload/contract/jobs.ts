import { z } from 'zod';
import { serializedErrorSchema } from './errors';

/**
 * Jobs as they cross from main to the renderer (and out of the CLI as JSON). State names are the
 * ones queue users already know (BullMQ's); `paused` is a job stopped by pausing the queue, which
 * resumes at its checkpoint.
 */
export const jobStates = ['waiting', 'active', 'paused', 'completed', 'failed', 'cancelled'] as const;
export type JobState = z.infer<typeof jobStateSchema>;
export const jobStateSchema = z.enum(jobStates);
export const finishedStates: readonly JobState[] = ['completed', 'failed', 'cancelled'];

/** What a stage needs exclusively: limits per class keep two hardware encodes off one GPU. */
export const resourceClasses = ['light', 'encode-cpu', 'encode-gpu', 'upscale'] as const;
export const resourceClassSchema = z.enum(resourceClasses);
export type ResourceClass = z.infer<typeof resourceClassSchema>;
export type ResourceLimits = Record<ResourceClass, number>;

export const stageSpecSchema = z.object({
  name: z.string().min(1),
  /** the stage's own options (encoder, upscale model, …), part of its input key */
  options: z.record(z.string(), z.unknown()).default({}),
});
export type StageSpec = z.infer<typeof stageSpecSchema>;

export const jobProgressSchema = z.object({
  stage: z.string(),
  stageIndex: z.number().int().min(0),
  stageCount: z.number().int().min(1),
  /** whole job, 0..100 */
  percent: z.number().min(0).max(100),
  /** seconds left in the current stage, when known */
  eta: z.number().min(0).optional(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const stageCheckpointSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  state: z.enum(['running', 'done']),
  /** how many times the stage was started; 1 on a job that was never interrupted */
  runs: z.number().int(),
  resource: resourceClassSchema,
  inputKey: z.string(),
  artifactPath: z.string().nullable(),
  artifactHash: z.string().nullable(),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type StageCheckpoint = z.infer<typeof stageCheckpointSchema>;

export const jobSchema = z.object({
  id: z.string(),
  title: z.string(),
  state: jobStateSchema,
  priority: z.number().int(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  stages: z.array(stageSpecSchema),
  /** the user's chosen output path (the finished file is copied there), or null */
  output: z.string().nullable(),
  /** the job's session folder: everything it writes lives there */
  sessionDir: z.string(),
  progress: jobProgressSchema.nullable(),
  error: serializedErrorSchema.nullable(),
  /** ms since the epoch */
  createdAt: z.number(),
  updatedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** a waiting job does not start before this (retry backoff) */
  runAt: z.number(),
});
export type Job = z.infer<typeof jobSchema>;

export const jobEventTypes = [
  'job.added',
  'job.active',
  'job.stage',
  'job.progress',
  'job.retrying',
  'job.completed',
  'job.failed',
  'job.cancelled',
  'job.paused',
  'job.recovered',
  'queue.paused',
  'queue.resumed',
  /** a stage chose a provider (a voice, an LLM, a stock library): which, and why */
  'job.provider',
] as const;
export const jobEventTypeSchema = z.enum(jobEventTypes);
export type JobEventType = z.infer<typeof jobEventTypeSchema>;

export const jobEventSchema = z.object({
  /** position in the event log; increasing */
  id: z.number().int(),
  type: jobEventTypeSchema,
  /** null for queue-wide events */
  jobId: z.string().nullable(),
  at: z.number(),
  data: z.record(z.string(), z.unknown()),
});
export type JobEvent = z.infer<typeof jobEventSchema>;

export const addJobRequestSchema = z.object({
  title: z.string().default('Untitled'),
  stages: z.array(stageSpecSchema).min(1, 'a job needs at least one stage'),
  /** the input document of the first stage (a project document for render jobs) */
  input: z.unknown().optional(),
  output: z.string().optional(),
  priority: z.number().int().min(-100).max(100).default(0),
  maxAttempts: z.number().int().min(1).max(20).default(3),
});
export type AddJobRequest = z.input<typeof addJobRequestSchema>;

export const listJobsRequestSchema = z.object({
  states: z.array(jobStateSchema).optional(),
  limit: z.number().int().min(1).max(10_000).default(200),
  /** jobs to skip, newest first (paging) */
  offset: z.number().int().min(0).default(0),
});
export type ListJobsRequest = z.input<typeof listJobsRequestSchema>;
