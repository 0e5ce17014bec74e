import { z } from 'zod';
import { formatIssues, StudioError } from '../../preload/contract/errors';
import { zodIssues } from '../../preload/contract/issues';
import { printable } from '../net/printable';

/** What an operating-system error means to a user, by its errno code. */
const errnoMeaning: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the disk is read-only',
  ENOENT: 'no such file or folder',
  EEXIST: 'a file is already there',
  EISDIR: 'that is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EMFILE: 'too many open files',
  EBUSY: 'the file is in use',
  EIO: 'the disk could not be read or written',
};

const diskFull = /no space left on device|database or disk is full|SQLITE_FULL|disk I\/O error|SQLITE_IOERR|File too large/i;

/**
 * The one line (or few) the CLI prints for a failure: a StudioError's message as it is; an errno
 * error as its meaning and path ("the disk is full: /x/out.mp4"), never `ENOSPC: …, write`; a
 * ZodError as its issues by JSON path, never the raw JSON dump.
 */
export function describeError(err: unknown): string {
  // a provider's or a server's words reach the terminal: never its escape codes or control bytes
  return printable(describeRaw(err));
}

function describeRaw(err: unknown): string {
  if (err instanceof z.ZodError) return `invalid input:\n${formatIssues(zodIssues(err))}`;
  const e = err as NodeJS.ErrnoException & { dest?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const meaning = code ? errnoMeaning[code] : undefined;
  if (meaning) return `${meaning}: ${e.path ?? e.dest ?? (e.syscall ? `while ${e.syscall}` : '')}`.replace(/: $/, '');
  const message = e instanceof Error ? e.message : String(err);
  if (diskFull.test(message)) {
    const where = (err instanceof StudioError && (err.details as { path?: string } | undefined)?.path) || undefined;
    const said = message.split('\n').find((l) => diskFull.test(l))?.trim();
    return `the disk is full: ${where ?? said}`;
  }
  return message;
}
