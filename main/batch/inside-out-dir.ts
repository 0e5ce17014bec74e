import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';

/**
 * A row's output inside --out-dir: the `output` column names a file there (sub-folders allowed),
 * never a path outside it — a shared CSV must not be able to write over ../ or /absolute files.
 */
export function insideOutDir(outDir: string, name: string): string {
  const root = resolve(outDir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (isAbsolute(name) || /^[a-z]:/i.test(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new InvalidInputError(`output '${name}' is outside --out-dir ${root}; give a file name inside it`);
  }
  return target;
}
