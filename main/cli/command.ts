import { z } from 'zod';
import type { RuntimeConfig } from '../config/runtime-config';
import { StudioError, isCancelled, type ErrorCode } from '../../preload/contract/errors';

/** One CLI sub-command. Each lives in its own file under commands/; its name and one-line summary are in the table in commands.ts, so `--help` lists commands without loading them. */
export interface Command {
  name: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  signal: AbortSignal;
  /** the process's runtime configuration, built once by main() from the environment; a command's --home goes through withHome() */
  config: RuntimeConfig;
}

/** Exit codes are part of the CLI's contract: scripts that drive Reelforge branch on them. */
export const exitCodes = {
  ok: 0,
  failed: 1,
  usage: 2,
  invalidInput: 3,
  environment: 4, // FFmpeg missing, encoder not available on this machine
  cancelled: 130,
} as const;

const byCode: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: exitCodes.invalidInput,
  UNSUPPORTED_VERSION: exitCodes.invalidInput,
  NOT_FOUND: exitCodes.invalidInput,
  FFMPEG_MISSING: exitCodes.environment,
  ENCODER_UNAVAILABLE: exitCodes.environment,
  TTS_UNAVAILABLE: exitCodes.environment,
  PROVIDER_UNAVAILABLE: exitCodes.environment,
  CANCELLED: exitCodes.cancelled,
};

export function exitCodeFor(err: unknown): number {
  if (isCancelled(err)) return exitCodes.cancelled;
  if (err instanceof StudioError) return byCode[err.code] ?? exitCodes.failed;
  if (err instanceof z.ZodError) return exitCodes.invalidInput;
  return exitCodes.failed;
}

export class UsageError extends Error {
  override name = 'UsageError';
}
