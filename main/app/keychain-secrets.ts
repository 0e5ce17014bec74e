import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../providers/secrets/secret-store';
import { writeFileAtomic } from '../files/partial-file';

/**
 * Providers' API keys encrypted with the OS keychain (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux) through Electron's safeStorage; only the ciphertext is on disk, in
 * <userData>/secrets. Where the OS offers no keychain (a bare Linux session), the key-file store
 * is used instead, and Settings says so.
 */
export function keychainSecrets(dir: string): SecretStore | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const file = (id: string) => join(dir, `${id}.bin`);
  return {
    kind: 'os-keychain',
    get: (id) => (existsSync(file(id)) ? safeStorage.decryptString(readFileSync(file(id))) : undefined),
    set(id, value) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileAtomic(file(id), safeStorage.encryptString(value), { mode: 0o600 });
    },
    delete: (id) => rmSync(file(id), { force: true }),
    describe: () => 'the OS keychain',
  };
}
