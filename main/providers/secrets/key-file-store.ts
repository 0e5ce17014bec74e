import { chmodSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyFile } from './key-file';
import type { SecretStore } from './secret-store';
import { writeFileAtomic } from '../../files/partial-file';

/**
 * Keys as files in one private folder (<home>/keys/<provider>.key, mode 600 in a 700 folder): what
 * the CLI and `reelforge serve` use, where no OS keychain is reachable. A file written elsewhere
 * with looser permissions is refused when read, not silently used.
 */
export function keyFileStore(dir: string): SecretStore {
  const file = (id: string) => join(dir, `${id}.key`);
  return {
    kind: 'key-file',
    get: (id) => (existsSync(file(id)) ? readKeyFile(file(id)) : undefined),
    set(id, value) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      writeFileAtomic(file(id), `${value}\n`, { mode: 0o600 });
    },
    delete: (id) => rmSync(file(id), { force: true }),
    describe: (id) => `key file ${file(id)}`,
  };
}
