import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { Configuration } from 'electron-builder';

/** electron-builder.yml as electron-builder reads it, for the packaging checks and tests. */
export function readBuilderConfig(root: string): Configuration {
  const file = join(root, 'electron-builder.yml');
  const config = load(readFileSync(file, 'utf8'));
  if (config === null || typeof config !== 'object') throw new Error(`${file}: not a YAML mapping`);
  return config as Configuration;
}
