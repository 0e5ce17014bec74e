import { z } from 'zod';
import { StudioError, type ErrorCode } from '../../preload/contract/errors';
import { backoffDelay } from '../net/backoff';

/**
 * The job retry policy, in one place: which failures another attempt cannot fix, how long a job
 * waits before its next attempt, and how many attempts it gets (the contract's default, stored
 * with each job). The queue's worker asks this module; nothing else decides.
 */

/** Errors that another attempt cannot fix: the user must change something first (BullMQ's UnrecoverableError). */
const unrecoverableCodes: readonly ErrorCode[] = ['INVALID_INPUT', 'UNSUPPORTED_VERSION', 'NOT_FOUND', 'FFMPEG_MISSING', 'ENCODER_UNAVAILABLE', 'TTS_UNAVAILABLE'];

export function isUnrecoverable(err: unknown): boolean {
  // A schema failure inside a stage is invalid input: the same document fails the same way again.
  if (err instanceof z.ZodError) return true;
  return err instanceof StudioError && (unrecoverableCodes.includes(err.code) || (err.details as { unrecoverable?: boolean })?.unrecoverable === true);
}

export interface JobBackoff {
  baseMs: number;
  maxMs: number;
}

/** 2 s, 4 s, 8 s … up to 5 minutes, half of it random so jobs that failed together don't retry together. */
export const defaultJobBackoff: JobBackoff = { baseMs: 2000, maxMs: 5 * 60_000 };

/** Whether a job that has now failed `attempts` times of `maxAttempts` is tried again. */
export function shouldRetry(err: unknown, attempts: number, maxAttempts: number): boolean {
  return !isUnrecoverable(err) && attempts < maxAttempts;
}

/** How long the job waits before attempt `attempts + 1`. */
export function retryDelay(attempts: number, backoff: JobBackoff = defaultJobBackoff, random?: () => number): number {
  return backoffDelay(attempts, { ...backoff, random });
}
