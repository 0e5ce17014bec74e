import { readFileSync, statSync } from 'node:fs';
import { InvalidInputError, StudioError } from '../../../preload/contract/errors';

/**
 * Reads an API key from a file, as the CLI takes one: the file must be readable by its owner
 * only (chmod 600), like an SSH private key — a key file others can read is refused, with the
 * command that fixes it. Windows has no such mode bits; there the file's folder ACL protects it.
 */
export function readKeyFile(path: string, platform: NodeJS.Platform = process.platform): string {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch {
    throw new StudioError('NOT_FOUND', `key file not found: ${path}`);
  }
  if (platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new InvalidInputError(`key file ${path} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); make it private with: chmod 600 ${path}`);
  }
  const value = readFileSync(path, 'utf8').trim();
  if (!value) throw new InvalidInputError(`key file ${path} is empty: put the API key on its first line`);
  if (/\s/.test(value)) throw new InvalidInputError(`key file ${path} should hold one key and nothing else (found spaces or several lines)`);
  return value;
}
