import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';

/**
 * A token that outlives one run, for clients configured once (an MCP client's config, a script):
 * read from the file, or made (32 random bytes) and written readable by its owner only. A token
 * on the command line would show in every process list; a file does not.
 */
export function tokenFromFile(path: string): string {
  if (existsSync(path)) {
    const token = readFileSync(path, 'utf8').trim();
    if (token.length < 16) throw new InvalidInputError(`${path}: a token is at least 16 characters (delete the file to get a new random one)`);
    if (/\s/.test(token)) throw new InvalidInputError(`${path}: a token has no spaces or line breaks`);
    return token;
  }
  mkdirSync(dirname(path), { recursive: true });
  const token = randomBytes(32).toString('base64url');
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
